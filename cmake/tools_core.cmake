# tlskit_tools_core: the tlskit tool's logic (tools/inspector/, tools/cli/, tools/exporter/,
# tools/starttls/, tools/scan/,
# tools/probe/) as a static library, linked by the tlskit binary (tools/*.cpp: main and the cmd_*
# entry points) and by test_tools / test_exporter / test_probe, so all use one compiled copy.
find_package(CLI11 REQUIRED)
# The exporter's config (YAML) and its HTTP/1 request parser: Debian's yaml-cpp and http-parser.
find_package(yaml-cpp REQUIRED)
find_path(HTTP_PARSER_INCLUDE_DIR http_parser.h REQUIRED)
find_library(HTTP_PARSER_LIBRARY http_parser REQUIRED)
file(GLOB tlskit_tools_core_sources CONFIGURE_DEPENDS
     ${PROJECT_SOURCE_DIR}/tools/inspector/*.cpp ${PROJECT_SOURCE_DIR}/tools/cli/*.cpp
     ${PROJECT_SOURCE_DIR}/tools/exporter/*.cpp ${PROJECT_SOURCE_DIR}/tools/probe/*.cpp
     ${PROJECT_SOURCE_DIR}/tools/starttls/*.cpp ${PROJECT_SOURCE_DIR}/tools/scan/*.cpp)
add_library(tlskit_tools_core STATIC ${tlskit_tools_core_sources})
target_include_directories(tlskit_tools_core PUBLIC ${PROJECT_SOURCE_DIR}/tools)
target_include_directories(tlskit_tools_core SYSTEM PRIVATE ${HTTP_PARSER_INCLUDE_DIR})
find_package(Threads REQUIRED)
# tlskit_redis: `tlskit server --redis` (tools/cli/redis_flag.cpp; cmake/tlskit_redis.cmake).
target_link_libraries(tlskit_tools_core PUBLIC tlskit tlskit_redis nlohmann_json::nlohmann_json
                      CLI11::CLI11 yaml-cpp ${HTTP_PARSER_LIBRARY} Threads::Threads)
