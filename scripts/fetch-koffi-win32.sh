#!/usr/bin/env bash
# fetch-koffi-win32.sh [ARCH...]   (default: x64)
# koffi ships its native module per platform as an optional dependency
# (@koromix/koffi-win32-x64, ...). npm on Linux skips the Windows ones, so Windows Node under
# Wine would find no koffi.node. This fetches the package matching the installed koffi with
# `npm pack` (no install script runs) and unpacks it where koffi looks:
# node_modules/@koromix/koffi-win32-<arch>. Idempotent; a second run does nothing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="$(node -p "require('$root/node_modules/koffi/package.json').version")"
archs=("$@")
((${#archs[@]})) || archs=(x64)
for arch in "${archs[@]}"; do
  dest="$root/node_modules/@koromix/koffi-win32-$arch"
  if [[ -f "$dest/package.json" ]] && [[ "$(node -p "require('$dest/package.json').version")" == "$version" ]]; then
    continue
  fi
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  echo "[koffi-win32] fetching @koromix/koffi-win32-$arch@$version" >&2
  tgz="$(cd "$tmp" && npm pack --silent "@koromix/koffi-win32-$arch@$version" | tail -n 1)"
  tar -xzf "$tmp/$tgz" -C "$tmp"
  rm -rf "$dest"
  mkdir -p "$(dirname "$dest")"
  mv "$tmp/package" "$dest"
  rm -rf "$tmp"
  trap - EXIT
done
