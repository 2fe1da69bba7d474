# tlskit_asio (alias tlskit::asio): tlskit::asio::stream<NextLayer>, TLS streams in the shape of
# asio::ssl::stream for programs on standalone asio (src/asio/, public headers include/tlskit/asio.h
# and include/tlskit/asio/). asio is header-only (Debian: libasio-dev, `#include <asio.hpp>`); the
# library compiles the error category and the stream's non-template core. It is a library of its
# own so that tlskit itself never needs asio.
#
# TLSKIT_ASIO: ON (asio required; the default in this repository's own build, where
# scripts/install-deps.sh installs it), AUTO (built when asio.hpp is found; the default when
# tlskit is a subproject) or OFF. TLSKIT_ASIO_ENABLED tells the rest of the build which one it got.
include(tlskit_layer_option)
tlskit_layer_option(TLSKIT_ASIO "The asio layer (tlskit::asio)")

set(TLSKIT_ASIO_ENABLED OFF)
if(NOT TLSKIT_ASIO STREQUAL "OFF")
  find_path(TLSKIT_ASIO_INCLUDE_DIR asio.hpp)
  if(TLSKIT_ASIO_INCLUDE_DIR)
    set(TLSKIT_ASIO_ENABLED ON)
  elseif(TLSKIT_ASIO STREQUAL "ON")
    message(FATAL_ERROR "TLSKIT_ASIO=ON but standalone asio (asio.hpp) was not found: "
                        "apt-get install libasio-dev (scripts/install-deps.sh does), "
                        "or configure with -DTLSKIT_ASIO=OFF")
  else()
    message(STATUS "tlskit: standalone asio not found; tlskit_asio is not built")
  endif()
endif()

if(TLSKIT_ASIO_ENABLED)
  file(GLOB tlskit_asio_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/asio/*.cpp)
  add_library(tlskit_asio STATIC ${tlskit_asio_sources})
  add_library(tlskit::asio ALIAS tlskit_asio)
  set_target_properties(tlskit_asio PROPERTIES EXPORT_NAME asio)
  # Only the public API of tlskit is used, so it links either libtlskit (static or shared).
  target_link_libraries(tlskit_asio PUBLIC ${TLSKIT_PUBLIC_TARGET})
  target_include_directories(tlskit_asio SYSTEM PUBLIC $<BUILD_INTERFACE:${TLSKIT_ASIO_INCLUDE_DIR}>)
  target_compile_features(tlskit_asio PUBLIC cxx_std_20)
endif()
