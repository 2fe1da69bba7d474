# tlskit_tools_core: the tlskit tool's logic (tools/inspector/, tools/cli/, tools/exporter/,
# tools/starttls/, tools/scan/,
# tools/probe/, tools/server/) as a static library, linked by the tlskit binary (tools/*.cpp: main and the cmd_*
# entry points) and by test_tools / test_exporter / test_probe, so all use one compiled copy.
find_package(CLI11 REQUIRED)
# The exporter's config (YAML) and its HTTP/1 request parser: Debian's yaml-cpp and http-parser.
find_package(yaml-cpp REQUIRED)
find_path(HTTP_PARSER_INCLUDE_DIR http_parser.h REQUIRED)
find_library(HTTP_PARSER_LIBRARY http_parser REQUIRED)
# `tlskit server --http` speaks HTTP/2 through Debian's libnghttp2 (the library curl and
# nginx's h2 tests use), HTTP/1.1 through http-parser.
find_package(PkgConfig REQUIRED)
pkg_check_modules(NGHTTP2 REQUIRED IMPORTED_TARGET libnghttp2)
file(GLOB tlskit_tools_core_sources CONFIGURE_DEPENDS
     ${PROJECT_SOURCE_DIR}/tools/inspector/*.cpp ${PROJECT_SOURCE_DIR}/tools/cli/*.cpp
     ${PROJECT_SOURCE_DIR}/tools/exporter/*.cpp ${PROJECT_SOURCE_DIR}/tools/probe/*.cpp
     ${PROJECT_SOURCE_DIR}/tools/starttls/*.cpp ${PROJECT_SOURCE_DIR}/tools/scan/*.cpp
     ${PROJECT_SOURCE_DIR}/tools/server/*.cpp)
add_library(tlskit_tools_core STATIC ${tlskit_tools_core_sources})
target_include_directories(tlskit_tools_core PUBLIC ${PROJECT_SOURCE_DIR}/tools)
target_include_directories(tlskit_tools_core SYSTEM PRIVATE ${HTTP_PARSER_INCLUDE_DIR})
find_package(Threads REQUIRED)
# tlskit_redis: `tlskit server --redis` (tools/cli/redis_flag.cpp; cmake/tlskit_redis.cmake).
# tlskit_asio: `tlskit server` runs on tlskit::asio::server (cmake/tlskit_asio.cmake).
if(NOT TARGET tlskit_asio)
  message(FATAL_ERROR "the tlskit tool needs the asio layer: install libasio-dev "
                      "(scripts/install-deps.sh does) and configure with TLSKIT_ASIO ON or AUTO")
endif()
target_link_libraries(tlskit_tools_core PUBLIC tlskit tlskit_redis tlskit_asio nlohmann_json::nlohmann_json
                      CLI11::CLI11 yaml-cpp ${HTTP_PARSER_LIBRARY} PkgConfig::NGHTTP2 Threads::Threads)
