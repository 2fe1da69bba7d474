# tlskit_redis (alias tlskit::redis): TLS 1.3 ticket keys and 0-RTT anti-replay shared by a
# fleet of servers through Redis (src/session/redis/, public header include/tlskit/redis.h), over
# hiredis, the C client maintained with Redis itself (Debian: libhiredis-dev), found with
# pkg-config. It is a library of its own so that tlskit itself never needs hiredis.
#
# TLSKIT_REDIS: ON (hiredis required; the default in this repository's own build, where
# scripts/install-deps.sh installs it), AUTO (used when found; the default when tlskit is a
# subproject) or OFF. Without hiredis, tlskit_redis still exists with the same API, whose
# factories fail with config_invalid saying Redis support was not built, so the tool links
# either way. TLSKIT_REDIS_ENABLED tells the rest of the build which one it got.
include(tlskit_layer_option)
tlskit_layer_option(TLSKIT_REDIS "Redis support through hiredis")

set(TLSKIT_REDIS_ENABLED OFF)
if(NOT TLSKIT_REDIS STREQUAL "OFF")
  find_package(PkgConfig QUIET)
  if(PkgConfig_FOUND)
    pkg_check_modules(hiredis QUIET IMPORTED_TARGET hiredis)
  endif()
  if(hiredis_FOUND)
    set(TLSKIT_REDIS_ENABLED ON)
  elseif(TLSKIT_REDIS STREQUAL "ON")
    message(FATAL_ERROR "TLSKIT_REDIS=ON but hiredis was not found with pkg-config: "
                        "apt-get install libhiredis-dev (scripts/install-deps.sh does), "
                        "or configure with -DTLSKIT_REDIS=OFF")
  else()
    message(STATUS "tlskit: hiredis not found; tlskit_redis is built without Redis support")
  endif()
endif()

file(GLOB tlskit_redis_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/session/redis/*.cpp)
if(TLSKIT_REDIS_ENABLED)
  list(FILTER tlskit_redis_sources EXCLUDE REGEX "/redis_disabled\\.cpp$")
else()
  # Only the URL parser (pure) and the factories that say Redis support is missing.
  list(FILTER tlskit_redis_sources INCLUDE REGEX "/redis_(url|disabled)\\.cpp$")
endif()

add_library(tlskit_redis STATIC ${tlskit_redis_sources})
add_library(tlskit::redis ALIAS tlskit_redis)
set_target_properties(tlskit_redis PROPERTIES EXPORT_NAME redis)
target_include_directories(tlskit_redis PRIVATE $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/src>)
target_link_libraries(tlskit_redis PUBLIC tlskit)
if(TLSKIT_REDIS_ENABLED)
  # In the build tree the pkg-config target; an installed libtlskit_redis.a asks for -lhiredis.
  target_link_libraries(tlskit_redis PRIVATE $<BUILD_INTERFACE:PkgConfig::hiredis>
                        INTERFACE $<INSTALL_INTERFACE:hiredis>)
endif()
