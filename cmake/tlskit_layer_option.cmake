# tlskit_layer_option(VAR DOC): the ON / AUTO / OFF cache option of an optional layer (the Redis
# and asio libraries). ON by default in this repository's own build (scripts/install-deps.sh
# installs what the layers need), AUTO when tlskit is a subproject.
function(tlskit_layer_option var doc)
  if(PROJECT_IS_TOP_LEVEL)
    set(default ON)
  else()
    set(default AUTO)
  endif()
  set(${var} ${default} CACHE STRING "${doc}: ON, AUTO or OFF")
  set_property(CACHE ${var} PROPERTY STRINGS ON AUTO OFF)
endfunction()
