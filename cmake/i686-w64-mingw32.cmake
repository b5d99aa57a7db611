# Cross-compiles for 32-bit Windows (prebuilds/win32-ia32) with mingw-w64: scripts/build-win.sh ia32.
set(CMAKE_SYSTEM_PROCESSOR X86)
set(MINGW_TRIPLE i686-w64-mingw32)
include(${CMAKE_CURRENT_LIST_DIR}/mingw-w64.cmake)
