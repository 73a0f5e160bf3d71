# `cmake --install build --prefix P` installs the faultline executable, every layer's library
# and headers (P/include/faultline/...), and the CMake package: find_package(faultline CONFIG)
# gives faultline::sdk (everything a checker needs), faultline::testing (the model contracts
# as GoogleTest checks), one faultline::NAME per layer, and faultline_add_checker().
include(CMakePackageConfigHelpers)
include(GNUInstallDirs)

set(FAULTLINE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/faultline)
get_property(layers GLOBAL PROPERTY FAULTLINE_LAYERS)
install(TARGETS ${layers} faultline_sdk EXPORT faultlineTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS faultline RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY src/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/faultline
  FILES_MATCHING PATTERN "*.hpp")
install(DIRECTORY models/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/faultline/models
  FILES_MATCHING PATTERN "*.hpp")
install(EXPORT faultlineTargets NAMESPACE faultline:: DESTINATION ${FAULTLINE_CMAKE_DIR})

configure_package_config_file(cmake/faultlineConfig.cmake.in
  ${PROJECT_BINARY_DIR}/faultlineConfig.cmake INSTALL_DESTINATION ${FAULTLINE_CMAKE_DIR})
# 0.x: a minor version may change the SDK, so only the same minor version is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/faultlineConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/faultlineConfig.cmake
  ${PROJECT_BINARY_DIR}/faultlineConfigVersion.cmake cmake/faultlineCheckers.cmake
  DESTINATION ${FAULTLINE_CMAKE_DIR})
