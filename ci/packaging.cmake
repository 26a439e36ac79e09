# Installation and the Debian package (CPack): `cmake --build build --target tarsier &&
# (cd build && cpack -G DEB)` writes build/tarsier_VERSION_ARCH.deb with the binary in
# /usr/bin and the documentation in /usr/share/doc/tarsier. The runtime dependencies are the
# Debian 12 library packages the build links against.
include(GNUInstallDirs)
install(TARGETS tarsier RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${PROJECT_SOURCE_DIR}/rules/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR}
        RENAME rules.md)

set(CPACK_PACKAGE_NAME tarsier)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Offline supply-chain behaviour analyzer for npm and Python lockfiles")
set(CPACK_PACKAGE_CONTACT "tarsier maintainers <tarsier@example.invalid>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libarchive13, libcurl4, libsqlite3-0, libpq5, libssl3, libre2-9, libyaml-cpp0.7, libtomlplusplus3, libtree-sitter0, libdeflate0, zlib1g, libstdc++6")
include(CPack)
