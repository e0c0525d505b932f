# `cmake --install` puts the headers, libraries and a package config in the prefix, so that a user
# project can `find_package(xgrad)` and link `xgrad::xgrad` (or `xgrad::torch_compat` for libtorch sources).
include(CMakePackageConfigHelpers)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/xgrad ${PROJECT_SOURCE_DIR}/autograd/include/xgrad
                  ${PROJECT_SOURCE_DIR}/nn/include/xgrad ${PROJECT_SOURCE_DIR}/optim/include/xgrad
                  ${PROJECT_SOURCE_DIR}/data/include/xgrad
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/compat/torch DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/xgrad-compat)
install(TARGETS xgrad xgrad_autograd xgrad_nn xgrad_optim xgrad_data xgrad_torch_compat EXPORT xgradTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(EXPORT xgradTargets NAMESPACE xgrad:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/xgrad)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/xgradConfig.cmake.in
  ${PROJECT_BINARY_DIR}/xgradConfig.cmake INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/xgrad)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/xgradConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/xgradConfig.cmake ${PROJECT_BINARY_DIR}/xgradConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/xgrad)
