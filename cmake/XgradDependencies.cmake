# Every dependency comes from Debian's packages and is found through its own CMake config
# (scripts/test.sh installs them). OpenBLAS is asked for by name: without it matrix products fall
# to the reference BLAS, about 100x slower.
include(GNUInstallDirs)
find_package(xtensor REQUIRED)
find_package(xsimd REQUIRED)  # only recommended by xtensor-dev, so asked for by name
find_package(xtensor-blas REQUIRED)
find_package(fmt REQUIRED)
find_package(ZLIB REQUIRED)  # checkpoint checksums (crc32) and gzip-compressed datasets
set(BLA_VENDOR OpenBLAS)
find_package(BLAS REQUIRED)
find_path(XGRAD_CBLAS_INCLUDE_DIR cblas.h PATH_SUFFIXES x86_64-linux-gnu aarch64-linux-gnu openblas REQUIRED)

# Compile options for xgrad's own targets (not forced on users).
function(xgrad_target_options target)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  if(XGRAD_NATIVE)
    target_compile_options(${target} PRIVATE -march=native)
  endif()
endfunction()
