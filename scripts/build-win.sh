#!/usr/bin/env bash
# Cross-compiles the native addon for Windows on Linux with Debian's mingw-w64:
#   prebuilds/win32-x64/infkit.node   (x86_64-w64-mingw32-g++-posix)
#   prebuilds/win32-ia32/infkit.node  (i686-w64-mingw32-g++-posix, when that compiler exists)
# node-gyp-build finds these at run time. The import library for node.exe's N-API exports is
# made from node-api-headers' .def files with dlltool. Everything else links statically, so the
# .node needs nothing but system DLLs. Usage: scripts/build-win.sh [x64|ia32 ...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

HEADERS="node_modules/node-api-headers"
ADDON_API="node_modules/node-addon-api"
[[ -d "$HEADERS/def" && -f "$ADDON_API/napi.h" ]] || {
  echo "[build-win] node-api-headers / node-addon-api are missing: run npm install" >&2
  exit 2
}
SOURCES=(native/*.cc)
ARCHS=("$@")
((${#ARCHS[@]})) || ARCHS=(x64 ia32)

build() {
  local arch="$1" triple
  case "$arch" in
    x64) triple=x86_64-w64-mingw32 ;;
    ia32) triple=i686-w64-mingw32 ;;
    *) echo "[build-win] unknown arch $arch" >&2; return 2 ;;
  esac
  local cxx="$triple-g++-posix"
  if ! command -v "$cxx" >/dev/null 2>&1; then
    [[ "$arch" == x64 ]] || { echo "[build-win] $cxx not found: skipping $arch" >&2; return 0; }
    echo "[build-win] $cxx not found: install mingw-w64 (or run scripts/wine/setup.sh)" >&2
    return 2
  fi
  local obj="build/mingw-$arch" out="prebuilds/win32-$arch"
  mkdir -p "$obj" "$out"
  # node.exe exports the N-API; on ia32 the symbols are undecorated (cdecl).
  local libs=()
  for def in "$HEADERS"/def/*.def; do
    local lib="$obj/lib$(basename "$def" .def).a"
    "$triple-dlltool" -d "$def" -l "$lib" -D node.exe
    libs+=("$lib")
  done
  local flags=(-std=c++17 -O2 -Wall -Wextra -Wno-unused-parameter -Wno-cast-function-type
    -DNAPI_VERSION=8 -DNODE_ADDON_API_CPP_EXCEPTIONS -DUNICODE -D_UNICODE -D_WIN32_WINNT=0x0A00
    -DWINVER=0x0A00 -I"$HEADERS/include" -I"$ADDON_API")
  local objs=() pids=()
  for src in "${SOURCES[@]}"; do
    local o="$obj/$(basename "$src" .cc).o"
    objs+=("$o")
    "$cxx" "${flags[@]}" -c "$src" -o "$o" &
    pids+=($!)
  done
  local failed=0
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  ((failed == 0)) || { echo "[build-win] compile failed ($arch)" >&2; return 1; }
  "$cxx" -shared -o "$out/infkit.node" "${objs[@]}" "${libs[@]}" \
    -static -static-libgcc -static-libstdc++ -s -Wl,--no-insert-timestamp \
    -lsetupapi -lcfgmgr32 -lole32 -ladvapi32
  echo "[build-win] $out/infkit.node ($(stat -c %s "$out/infkit.node") bytes)"
}

for arch in "${ARCHS[@]}"; do build "$arch"; done
