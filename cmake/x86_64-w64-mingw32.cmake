# Cross-compiles for 64-bit Windows (prebuilds/win32-x64) with mingw-w64: scripts/build-win.sh x64.
set(CMAKE_SYSTEM_PROCESSOR AMD64)
set(MINGW_TRIPLE x86_64-w64-mingw32)
include(${CMAKE_CURRENT_LIST_DIR}/mingw-w64.cmake)
