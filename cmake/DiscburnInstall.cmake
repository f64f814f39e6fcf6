# What `cmake --install` puts under the prefix (docs/install.md): the
# shared and static libraries, the public headers, pkg-config files, the
# CMake package, both tools, the tcmu-runner handler and the media profiles.
# Nothing installed refers to the source or build tree.
include(CMakePackageConfigHelpers)

install(TARGETS discburn_shared discburn_emu_shared EXPORT discburnTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS mmcemu_shared EXPORT mmcemuTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS discburn discburn_emu mmcemu
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS discburn_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

install(DIRECTORY engine/include/discburn engine/emu/include/discburn
                  emulator/include/mmcemu mmc/include/mmc
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.h")
install(FILES ${DISCBURN_GENERATED_INCLUDE}/discburn/version.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/discburn)

install(DIRECTORY media-profiles/ DESTINATION ${CMAKE_INSTALL_DATADIR}/discburn/media-profiles
  FILES_MATCHING PATTERN "*.ini")

# Relocatable: the prefix is where the .pc file is found, so a tree
# installed with `cmake --install --prefix ANY` (or moved) still works.
file(RELATIVE_PATH pc_up /p/${CMAKE_INSTALL_LIBDIR}/pkgconfig /p)
set(PC_PREFIX "\${pcfiledir}/${pc_up}")
foreach(pc discburn discburn-emu mmcemu)
  configure_file(cmake/${pc}.pc.in ${CMAKE_BINARY_DIR}/pkgconfig/${pc}.pc @ONLY)
  install(FILES ${CMAKE_BINARY_DIR}/pkgconfig/${pc}.pc
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()

set(cmakedir ${CMAKE_INSTALL_LIBDIR}/cmake/discburn)
install(EXPORT mmcemuTargets NAMESPACE mmcemu:: DESTINATION ${cmakedir})
install(EXPORT discburnTargets NAMESPACE discburn:: DESTINATION ${cmakedir})
configure_package_config_file(cmake/discburnConfig.cmake.in
  ${CMAKE_BINARY_DIR}/cmake/discburnConfig.cmake INSTALL_DESTINATION ${cmakedir})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/cmake/discburnConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_BINARY_DIR}/cmake/discburnConfig.cmake
              ${CMAKE_BINARY_DIR}/cmake/discburnConfigVersion.cmake
  DESTINATION ${cmakedir})
