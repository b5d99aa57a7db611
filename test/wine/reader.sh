#!/usr/bin/env bash
# The many-file reader under Windows Node (issue 6): `infkit validate --format json` of a folder
# must print the same bytes and exit the same way whether files are read on the parsing thread
# (--read-threads 0), on read-ahead threads (2), or as 'auto' decides (under Wine, where file
# opens are slow, it starts one). Uses the corpus when ../shared is there, else our fixtures.
# usage: reader.sh RESULTS_DIR
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/wine/env.sh"
cd "$INFKIT_ROOT"
results="${1:?usage: reader.sh RESULTS_DIR}"
dir=test/fixtures/rules
[[ -d ../shared/corpus ]] && dir=../shared/corpus
status=0
for mode in 0 2 auto; do
  bash scripts/wine/run.sh dist/cli/main.js validate "$dir" --format json --read-threads "$mode" \
    >"$results/reader-$mode.json" 2>"$results/reader-$mode.err"
  echo $? >"$results/reader-$mode.rc"
done
files=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$results/reader-0.json','utf8')).files.length)" 2>/dev/null)
if [[ -z "$files" || "$files" -lt 60 ]]; then
  echo "FAIL: validate --read-threads 0 of $dir under Wine printed no usable JSON (rc $(cat "$results/reader-0.rc"))"
  status=1
fi
for mode in 2 auto; do
  if ! cmp -s "$results/reader-0.json" "$results/reader-$mode.json" || ! cmp -s "$results/reader-0.rc" "$results/reader-$mode.rc"; then
    echo "FAIL: --read-threads $mode differs from --read-threads 0 (see $results/reader-*.json)"
    status=1
  fi
done
((status == 0)) && echo "ok: validate of $dir ($files files) under Wine: the same JSON and exit code $(cat "$results/reader-0.rc") with --read-threads 0, 2 and auto"
exit $status
