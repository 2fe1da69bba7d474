# Build speed for the project's own build: ccache as the compiler launcher when it is installed
# (a second build of the same sources is then mostly cache hits). A launcher the user set
# (-DCMAKE_CXX_COMPILER_LAUNCHER=...) wins; TLSKIT_CCACHE=OFF turns this off.
option(TLSKIT_CCACHE "Use ccache as the compiler launcher when it is installed" ON)
if(TLSKIT_CCACHE AND PROJECT_IS_TOP_LEVEL AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  find_program(TLSKIT_CCACHE_PROGRAM ccache)
  if(TLSKIT_CCACHE_PROGRAM)
    set(CMAKE_CXX_COMPILER_LAUNCHER ${TLSKIT_CCACHE_PROGRAM})
    message(STATUS "tlskit: compiling through ${TLSKIT_CCACHE_PROGRAM}")
  endif()
endif()
