# What `cmake --install` puts under the prefix: the library, its headers, the CMake package
# (find_package(dagboard) -> dagboard::dagboard) and a pkg-config file. Both are relocatable:
# `cmake --install build --prefix P` works for any P.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(DAGBOARD_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/dagboard)
install(TARGETS dagboard EXPORT dagboardTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/dagboard DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT dagboardTargets NAMESPACE dagboard:: DESTINATION ${DAGBOARD_CMAKE_DIR})

if(NOT BUILD_SHARED_LIBS)
  set(BUILD_SHARED_LIBS OFF)  # the config file tests it
endif()
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/dagboardConfig.cmake.in
  ${PROJECT_BINARY_DIR}/dagboardConfig.cmake INSTALL_DESTINATION ${DAGBOARD_CMAKE_DIR})
# 0.x: a minor release may break the API, so only the same minor version is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/dagboardConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/dagboardConfig.cmake ${PROJECT_BINARY_DIR}/dagboardConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/FindSOCI.cmake DESTINATION ${DAGBOARD_CMAKE_DIR})

# pkg-config: the prefix is found from the file's own place.
file(RELATIVE_PATH DAGBOARD_PC_TO_PREFIX /p/${CMAKE_INSTALL_LIBDIR}/pkgconfig /p)
string(REGEX REPLACE "/$" "" DAGBOARD_PC_TO_PREFIX "${DAGBOARD_PC_TO_PREFIX}")
set(DAGBOARD_PC_PREFIX "\${pcfiledir}/${DAGBOARD_PC_TO_PREFIX}")
set(DAGBOARD_PC_DEPENDENCIES "libcurl libcrypto sqlite3 libpq")
set(DAGBOARD_PC_SOCI "-lsoci_postgresql -lsoci_sqlite3 -lsoci_core -ldl -pthread")
if(BUILD_SHARED_LIBS)
  set(DAGBOARD_PC_REQUIRES "")
  set(DAGBOARD_PC_REQUIRES_PRIVATE "${DAGBOARD_PC_DEPENDENCIES}")
  set(DAGBOARD_PC_LIBS "")
  set(DAGBOARD_PC_LIBS_PRIVATE "${DAGBOARD_PC_SOCI}")
else()
  # Only a static library: its dependencies are needed by every link, not only --static ones.
  set(DAGBOARD_PC_REQUIRES " ${DAGBOARD_PC_DEPENDENCIES}")
  set(DAGBOARD_PC_REQUIRES_PRIVATE "")
  set(DAGBOARD_PC_LIBS "${DAGBOARD_PC_SOCI}")
  set(DAGBOARD_PC_LIBS_PRIVATE "")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/dagboard.pc.in ${PROJECT_BINARY_DIR}/dagboard.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/dagboard.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
