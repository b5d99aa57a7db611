#!/bin/sh
# The lab example end to end on the mock machine (any OS): validate the INFs, plan an
# install, apply the manifest (twice: the second run changes nothing), list the classes
# and interfaces it created, then undo it. The state lives in a temporary directory.
#
#   examples/lab/run.sh            (from anywhere; builds nothing, uses `npx infkit`)
set -eu
cd "$(dirname "$0")"
STATE=$(mktemp -d "${TMPDIR:-/tmp}/infkit-lab.XXXXXX")
trap 'rm -rf "$STATE"' EXIT
MOCK="--backend mock --state $STATE"
PORT='{C7F2A5E0-8B1D-4F3A-9E27-5D1B3C4A6F02}'

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

# The class and tools INFs of a test rig are not signed: InfVerif's 1233 (no CatalogFile) is
# left out; every other error still fails the script.
step infkit validate infs --ignore INF1233
npx infkit validate infs --ignore INF1233

step infkit plan infs/labrig.inf --package
npx infkit plan infs/labrig.inf --package

step infkit apply lab.yaml --dry-run
npx infkit apply lab.yaml --dry-run $MOCK

step infkit apply lab.yaml
npx infkit apply lab.yaml $MOCK

step infkit apply lab.yaml "(again: nothing to do)"
npx infkit apply lab.yaml $MOCK

step infkit classes
npx infkit classes $MOCK

step infkit interfaces --class "$PORT"
npx infkit interfaces --class "$PORT" $MOCK

step infkit drivers
npx infkit drivers $MOCK

step infkit apply lab.yaml --undo
npx infkit apply lab.yaml --undo $MOCK
