# Every dependency comes from Debian's packages and is found through its own CMake config
# (scripts/test.sh installs them). OpenBLAS is asked for by name: without it matrix products fall
# to the reference BLAS, about 100x slower.
include(GNUInstallDirs)
find_package(xtensor REQUIRED)
find_package(xsimd REQUIRED)  # only recommended by xtensor-dev, so asked for by name
find_package(xtensor-blas REQUIRED)
find_package(fmt REQUIRED)
find_package(OpenMP REQUIRED)  # the kernels' threads (GCC's libgomp)
find_package(ZLIB REQUIRED)  # checkpoint checksums (crc32) and gzip-compressed datasets
set(BLA_VENDOR OpenBLAS)
find_package(BLAS REQUIRED)
find_path(XGRAD_CBLAS_INCLUDE_DIR cblas.h PATH_SUFFIXES x86_64-linux-gnu aarch64-linux-gnu openblas REQUIRED)

# Compile options for xgrad's own targets (not forced on users).
function(xgrad_target_options target)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  if(XGRAD_NATIVE)
    target_compile_options(${target} PRIVATE -march=native)
    # GCC 12 miscompiles 512-bit vector constants when it tunes for a CPU it does not know that has
    # AVX-512 (an AMD EPYC VM: std::vector<double>{1, 1, 1, 1, 0, 0, 0, 0} came out all ones, and
    # test_functional failed): no AVX-512 code from GCC before 13. (The direct convolution kernels get
    # it through a target pragma of their own, checked at run time: src/kernels/direct_conv_avx512.cpp.)
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
      target_compile_options(${target} PRIVATE -mno-avx512f)
    endif()
  endif()
endfunction()
