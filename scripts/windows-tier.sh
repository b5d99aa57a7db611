#!/usr/bin/env bash
# The Windows tier on a real Windows machine (.github/workflows/windows.yml, elevated, Git Bash):
# the same contract suite, effects scenario with its reg.exe checks, and backend checks as the
# Wine tier (scripts/tier.sh), run by Windows Node itself. The addon is whatever node-gyp-build
# finds: build/Release/infkit.node after `npx cmake-js rebuild`, else prebuilds/win32-<arch>/.
set -uo pipefail
INFKIT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$INFKIT_ROOT"

# Relative: Windows Node reads a Git Bash path such as /d/a/... as D:\d\a\...
RESULTS="${INFKIT_RESULTS:-windows-results}"
BACKENDS="${INFKIT_BACKENDS:-native koffi}"
RUN=node
TIER=windows
started=$SECONDS
source scripts/tier.sh
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
tier_run
