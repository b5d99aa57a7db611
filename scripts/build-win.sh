#!/usr/bin/env bash
# Cross-compiles the native addon for Windows on Linux with Debian's mingw-w64: the CMake build
# (CMakeLists.txt) through cmake-js, with a toolchain file from cmake/:
#   prebuilds/win32-x64/infkit.node   (cmake/x86_64-w64-mingw32.cmake)
#   prebuilds/win32-ia32/infkit.node  (cmake/i686-w64-mingw32.cmake, when that compiler exists)
# node-gyp-build finds these at run time. Usage: scripts/build-win.sh [x64|ia32 ...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

[[ -x node_modules/.bin/cmake-js && -d node_modules/node-api-headers/def ]] || {
  echo "[build-win] cmake-js / node-api-headers are missing: run npm install" >&2
  exit 2
}
command -v cmake >/dev/null 2>&1 || { echo "[build-win] cmake not found: install cmake" >&2; exit 2; }
ARCHS=("$@")
((${#ARCHS[@]})) || ARCHS=(x64 ia32)

build() {
  local arch="$1" triple
  case "$arch" in
    x64) triple=x86_64-w64-mingw32 ;;
    ia32) triple=i686-w64-mingw32 ;;
    *) echo "[build-win] unknown arch $arch" >&2; return 2 ;;
  esac
  if ! command -v "$triple-g++-posix" >/dev/null 2>&1; then
    [[ "$arch" == x64 ]] || { echo "[build-win] $triple-g++-posix not found: skipping $arch" >&2; return 0; }
    echo "[build-win] $triple-g++-posix not found: install mingw-w64 (or run scripts/wine/setup.sh)" >&2
    return 2
  fi
  local work="build/mingw-$arch" out="prebuilds/win32-$arch"
  # cmake-js passes CMAKE_JS_NODELIB_DEF and _TARGET (node.exe's import library) only on a
  # Windows host: here the script does.
  node_modules/.bin/cmake-js rebuild --log-level warn --out "$work" --arch "$arch" --parallel "$(nproc)" \
    --CDCMAKE_TOOLCHAIN_FILE="$ROOT/cmake/$triple.cmake" \
    --CDCMAKE_JS_NODELIB_DEF="$ROOT/node_modules/node-api-headers/def/node_api.def" \
    --CDCMAKE_JS_NODELIB_TARGET="$ROOT/$work/libnode.a"
  mkdir -p "$out"
  cp "$work/infkit.node" "$out/infkit.node"
  echo "[build-win] $out/infkit.node ($(stat -c %s "$out/infkit.node") bytes)"
}

for arch in "${ARCHS[@]}"; do build "$arch"; done
