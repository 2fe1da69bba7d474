# The library targets, from TLSKIT_SOURCES (every .cpp under src/, or the TLSKIT_ONLY subset).
#
#   tlskit          static library. The tool, the tests, the fuzzers and the bench link it; in
#                   this build tree it also puts src/ on their include path (the internal
#                   headers), which the installed package never does.
#   tlskit_shared   with BUILD_SHARED_LIBS only: libtlskit.so from the same objects, built with
#                   -fvisibility=hidden so that only declarations marked TLSKIT_API
#                   (include/tlskit/export.h) are exported. Installed and exported as tlskit.
#   tlskit::tlskit  the public target (an alias of whichever of the two is installed), for a
#                   consumer's add_subdirectory / FetchContent build; find_package(tlskit)
#                   gives the same name.

# Certificate compression (RFC 8879, src/compress/): zlib, brotli and zstd from Debian
# (zlib1g-dev, libbrotli-dev, libzstd-dev), found with pkg-config; private dependencies of the
# library (a static libtlskit hands them to the program's link: tlskitConfig.cmake and
# tlskit.pc name them).
find_package(PkgConfig REQUIRED)
pkg_check_modules(TLSKIT_ZLIB REQUIRED IMPORTED_TARGET zlib)
pkg_check_modules(TLSKIT_BROTLI REQUIRED IMPORTED_TARGET libbrotlienc libbrotlidec)
pkg_check_modules(TLSKIT_ZSTD REQUIRED IMPORTED_TARGET libzstd)
set(TLSKIT_COMPRESSION_LIBS PkgConfig::TLSKIT_ZLIB PkgConfig::TLSKIT_BROTLI PkgConfig::TLSKIT_ZSTD)
# The same modules, for tlskit.pc (Requires / Requires.private, like libcrypto).
set(TLSKIT_PC_COMPRESSION_MODULES "zlib, libbrotlienc, libbrotlidec, libzstd")

# src/ is on the interface of the build-tree target only when something internal (the tool,
# tests, fuzzers, bench) links it; a consumer's add_subdirectory build sees include/ alone.
if(TLSKIT_TOOLS OR TLSKIT_TESTING OR TLSKIT_FUZZ OR TLSKIT_BENCH)
  set(tlskit_src_scope PUBLIC)
else()
  set(tlskit_src_scope PRIVATE)
endif()

# Include folders and dependencies every tlskit library target shares.
function(tlskit_library_usage target src_scope)
  target_include_directories(${target}
    PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include> $<INSTALL_INTERFACE:include>)
  target_include_directories(${target} ${src_scope} $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/src>)
  target_compile_features(${target} PUBLIC cxx_std_20)
endfunction()

if(BUILD_SHARED_LIBS)
  add_library(tlskit_objects OBJECT ${TLSKIT_SOURCES})
  set_target_properties(tlskit_objects PROPERTIES POSITION_INDEPENDENT_CODE ON
                        CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  tlskit_library_usage(tlskit_objects PRIVATE)
  target_link_libraries(tlskit_objects PRIVATE OpenSSL::Crypto ${TLSKIT_COMPRESSION_LIBS})

  add_library(tlskit STATIC $<TARGET_OBJECTS:tlskit_objects>)
  tlskit_library_usage(tlskit ${tlskit_src_scope})
  target_link_libraries(tlskit PUBLIC OpenSSL::Crypto PRIVATE ${TLSKIT_COMPRESSION_LIBS})

  add_library(tlskit_shared SHARED $<TARGET_OBJECTS:tlskit_objects>)
  tlskit_library_usage(tlskit_shared PRIVATE)
  target_link_libraries(tlskit_shared PRIVATE OpenSSL::Crypto ${TLSKIT_COMPRESSION_LIBS})
  set_target_properties(tlskit_shared PROPERTIES
    OUTPUT_NAME tlskit EXPORT_NAME tlskit
    VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
  set(TLSKIT_PUBLIC_TARGET tlskit_shared)
else()
  add_library(tlskit STATIC ${TLSKIT_SOURCES})
  tlskit_library_usage(tlskit ${tlskit_src_scope})
  # A static library hands its dependency to the consumer's link (find_dependency in the package).
  target_link_libraries(tlskit PUBLIC OpenSSL::Crypto PRIVATE ${TLSKIT_COMPRESSION_LIBS})
  set(TLSKIT_PUBLIC_TARGET tlskit)
endif()
add_library(tlskit::tlskit ALIAS ${TLSKIT_PUBLIC_TARGET})
