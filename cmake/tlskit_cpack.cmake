# CPack: one Debian package, tlskit_<version>_<arch>.deb, with the tlskit tool, the library, its
# headers, the CMake package and tlskit.pc (`make deb`; installed with `apt install ./tlskit_*.deb`).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME tlskit)
set(CPACK_PACKAGE_VENDOR "tlskit")
set(CPACK_PACKAGE_CONTACT "tlskit maintainers <tlskit@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "TLS 1.3/1.2 library (C++20) and the tlskit tool that shows and explains handshakes")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # tlskit_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION net)
# Runtime dependencies of the tool (libcrypto, libstdc++, yaml-cpp, http-parser) from dpkg-shlibdeps;
# libssl-dev for the headers a static libtlskit's users link against (-lcrypto); zlib1g-dev,
# libbrotli-dev, libzstd-dev for its certificate compression (-lz -lbrotlienc -lbrotlidec -lzstd).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libssl-dev (>= 3.0), zlib1g-dev, libbrotli-dev, libzstd-dev, pkg-config")
# libhiredis-dev: for programs that link the static libtlskit_redis.a (tlskit::redis).
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "ca-certificates, libhiredis-dev")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
include(CPack)
