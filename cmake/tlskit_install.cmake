# `cmake --install`: the public headers, libtlskit, the CMake package (tlskit::tlskit), tlskit.pc,
# the tlskit tool; and CPack's Debian package of all of it (`make deb`).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(TLSKIT_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/tlskit)
# Optional layers the package knows (a layer installs tlskit_<name>Targets.cmake, e.g. the asio
# layer of issue 11 as tlskit::asio).
set(TLSKIT_COMPONENTS asio redis)

install(TARGETS ${TLSKIT_PUBLIC_TARGET} EXPORT tlskitTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT library
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT library
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# `cmake --install --strip` and the Debian package (CPACK_STRIP_FILES) also drop the debug
# information of the static library, which install(TARGETS) leaves alone.
if(NOT BUILD_SHARED_LIBS AND CMAKE_STRIP)
  install(CODE "if(CMAKE_INSTALL_DO_STRIP)
    execute_process(COMMAND \"${CMAKE_STRIP}\" --strip-debug
      \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/libtlskit.a\")
  endif()" COMPONENT library)
endif()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/tlskit DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        COMPONENT library FILES_MATCHING PATTERN "*.h")
install(EXPORT tlskitTargets NAMESPACE tlskit:: DESTINATION ${TLSKIT_CMAKE_DIR}
        COMPONENT library)
# The Redis layer (cmake/tlskit_redis.cmake) as tlskit::redis (COMPONENTS redis): a static
# library that needs the static libtlskit's internals, so not with BUILD_SHARED_LIBS; its users
# link -lhiredis (Debian: libhiredis-dev).
if(TARGET tlskit_redis AND TLSKIT_REDIS_ENABLED AND NOT BUILD_SHARED_LIBS)
  install(TARGETS tlskit_redis EXPORT tlskit_redisTargets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT library)
  install(EXPORT tlskit_redisTargets NAMESPACE tlskit:: DESTINATION ${TLSKIT_CMAKE_DIR}
          COMPONENT library)
endif()

# The asio layer (cmake/tlskit_asio.cmake) as tlskit::asio (COMPONENTS asio): a static library
# on tlskit's public API (so with a static or a shared libtlskit); its headers are installed with
# the others (tlskit/asio.h, tlskit/asio/), and its users need asio.hpp (Debian: libasio-dev).
if(TARGET tlskit_asio)
  install(TARGETS tlskit_asio EXPORT tlskit_asioTargets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT library)
  install(EXPORT tlskit_asioTargets NAMESPACE tlskit:: DESTINATION ${TLSKIT_CMAKE_DIR}
          COMPONENT library)
endif()

# A static libtlskit's users link the compression libraries too (tlskitConfig.cmake finds them).
if(BUILD_SHARED_LIBS)
  set(TLSKIT_STATIC_LIBRARY OFF)
else()
  set(TLSKIT_STATIC_LIBRARY ON)
endif()
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/tlskitConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/tlskitConfig.cmake
                              INSTALL_DESTINATION ${TLSKIT_CMAKE_DIR})
# 0.x: a new minor version may break the API (docs/api-stability.md); from 1.0 the major counts.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(tlskit_compatibility SameMinorVersion)
else()
  set(tlskit_compatibility SameMajorVersion)
endif()
write_basic_package_version_file(${PROJECT_BINARY_DIR}/tlskitConfigVersion.cmake
                                 COMPATIBILITY ${tlskit_compatibility})
install(FILES ${PROJECT_BINARY_DIR}/tlskitConfig.cmake ${PROJECT_BINARY_DIR}/tlskitConfigVersion.cmake
        DESTINATION ${TLSKIT_CMAKE_DIR} COMPONENT library)

# tlskit.pc, relocatable: its prefix is found from where the file lies.
file(RELATIVE_PATH TLSKIT_PC_PREFIX_FROM_PCDIR /${CMAKE_INSTALL_LIBDIR}/pkgconfig /)
string(REGEX REPLACE "/$" "" TLSKIT_PC_PREFIX_FROM_PCDIR "${TLSKIT_PC_PREFIX_FROM_PCDIR}")
if(BUILD_SHARED_LIBS)
  set(TLSKIT_PC_REQUIRES Requires.private)
else()
  # a static libtlskit needs -lcrypto (and -lz -lbrotlienc -lbrotlidec -lzstd) on the program's link
  set(TLSKIT_PC_REQUIRES Requires)
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/tlskit.pc.in ${PROJECT_BINARY_DIR}/tlskit.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/tlskit.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
        COMPONENT library)

if(TARGET tlskit_cli)
  install(TARGETS tlskit_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT tool)
endif()

include(tlskit_cpack)  # the Debian package: cmake/tlskit_cpack.cmake
