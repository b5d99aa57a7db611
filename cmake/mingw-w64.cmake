# The part of the mingw-w64 toolchain files (x86_64-w64-mingw32.cmake, i686-w64-mingw32.cmake)
# that both share: Debian's mingw-w64 compilers with the posix thread model, named by the
# MINGW_TRIPLE the including file sets.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_CXX_COMPILER ${MINGW_TRIPLE}-g++-posix)
# CMakeLists.txt makes node.exe's import library with it.
set(CMAKE_DLLTOOL ${MINGW_TRIPLE}-dlltool)

set(CMAKE_FIND_ROOT_PATH /usr/${MINGW_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
