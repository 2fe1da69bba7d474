# tlskit_tools_core: the tlskit tool's logic (tools/inspector/, tools/cli/) as a static library,
# linked by the tlskit binary (tools/*.cpp: main and the cmd_* entry points) and by test_tools,
# so both use one compiled copy.
find_package(CLI11 REQUIRED)
file(GLOB tlskit_tools_core_sources CONFIGURE_DEPENDS
     ${PROJECT_SOURCE_DIR}/tools/inspector/*.cpp ${PROJECT_SOURCE_DIR}/tools/cli/*.cpp)
add_library(tlskit_tools_core STATIC ${tlskit_tools_core_sources})
target_include_directories(tlskit_tools_core PUBLIC ${PROJECT_SOURCE_DIR}/tools)
target_link_libraries(tlskit_tools_core PUBLIC tlskit nlohmann_json::nlohmann_json CLI11::CLI11)
