#!/usr/bin/env bash
# The Ansible collection infkit.windows (ansible/infkit/windows) and the GitHub Action
# (.github/actions/validate), proven on this machine (issue 15):
#   1. Debian's ansible-core (its Recommends bring `ansible`, whose ansible.windows the
#      collection's Windows path and the example need), installed when missing;
#   2. the collection built with `ansible-galaxy collection build` and installed into a
#      temporary collections path; its Python unit tests; `ansible-doc` of each module;
#   3. real playbooks against localhost (connection local, the mock backend):
#      ansible/tests/playbooks/{validate,apply}.yml, then the collection's example
#      (examples/site.yml) against two mock rigs: in check mode (changes reported, none
#      made), then for real, then again (the second run must change nothing);
#   4. the action's script (run.sh) on fixtures, and the action and workflow YAML checked by
#      action-validator (@action-validator/cli, a devDependency).
# Exits non-zero on any failure. Uses dist/ (builds it when missing).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
started=$SECONDS
step() { echo "-- [ansible $((SECONDS - started))s] $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

# Debian's own tools, whatever python3 comes first on PATH (pyenv, a venv).
export PATH="/usr/bin:$PATH"
# Debian's packages of the tools ansible-test's PyPI-only sanity tests run (step 2b).
SANITY_PACKAGES=(python3-voluptuous yamllint python3-pycodestyle pylint)
if ! command -v ansible-playbook >/dev/null || ! ansible-doc -t module ansible.windows.win_command >/dev/null 2>&1 \
  || ! dpkg -s "${SANITY_PACKAGES[@]}" >/dev/null 2>&1; then
  step "installing Debian's ansible-core (and ${SANITY_PACKAGES[*]})"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq ansible-core "${SANITY_PACKAGES[@]}" >/dev/null
fi
ansible --version | sed -n 1p
ansible-doc -t module ansible.windows.win_command >/dev/null 2>&1 \
  || fail "ansible.windows is not installed (Debian's package 'ansible' provides it)"

[[ -f dist/cli/main.js ]] || { step "building infkit (dist/ is missing)"; npm run build >/dev/null; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/infkit-ansible.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
export ANSIBLE_COLLECTIONS_PATH="$WORK/collections"
export ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_LOCALHOST_WARNING=0 ANSIBLE_PYTHON_INTERPRETER=auto_silent
export ANSIBLE_DEPRECATION_WARNINGS=0 ANSIBLE_PIPELINING=1 ANSIBLE_LOCAL_TEMP="$WORK/ansible-tmp"
export ANSIBLE_HOME="$WORK/ansible-home"

step "ansible-galaxy collection build"
ansible-galaxy collection build ansible/infkit/windows --output-path "$WORK" --force
tarball="$(ls "$WORK"/infkit-windows-*.tar.gz)"
# --no-deps: ansible.windows comes from Debian's package (on the default collections path).
ansible-galaxy collection install --no-deps -p "$ANSIBLE_COLLECTIONS_PATH" "$tarball" 2>&1 | grep -v 'is not part of the configured'
installed="$ANSIBLE_COLLECTIONS_PATH/ansible_collections/infkit/windows"
[[ -f "$installed/plugins/action/apply.py" ]] || fail "the collection did not install"
export ANSIBLE_COLLECTIONS_PATH="$ANSIBLE_COLLECTIONS_PATH:/usr/share/ansible/collections:/usr/lib/python3/dist-packages"

step "unit tests of the plugins' logic (unittest, under Ansible's collection loader)"
/usr/bin/python3 - "$WORK/collections" <<'PY'
import sys, unittest
from ansible.utils.collection_loader._collection_finder import _AnsibleCollectionFinder
_AnsibleCollectionFinder(paths=[sys.argv[1]])._install()
unittest.main(module='ansible_collections.infkit.windows.tests.unit.plugins.plugin_utils.test_infkit', argv=['unittest'])
PY

step "ansible-test sanity (every test that runs without PyPI)"
# ansible-test runs ansible-doc, changelog, import, pep8, pylint, runtime-metadata,
# validate-modules and yamllint in virtualenvs it fills with pinned packages from PyPI, after
# bootstrapping pip from ci-files.testing.ansible.com: this machine reaches neither. They are
# skipped here; the next step runs pep8, pylint, validate-modules and yamllint with Debian's
# packages of the same tools and ansible-test's own configurations.
PYPI_ONLY=(ansible-doc changelog import pep8 pylint runtime-metadata validate-modules yamllint)
pyver="$(/usr/bin/python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
(cd "$installed" && ansible-test sanity --color no --python "$pyver" "${PYPI_ONLY[@]/#/--skip-test=}" 2>&1 \
  | grep -v 'Using locale\|Reviewing previous') || fail "ansible-test sanity"

step "sanity tests ansible-test needs PyPI for, with Debian's tools and ansible-test's configs"
SANITY=/usr/lib/python3/dist-packages/ansible_test/_util/controller/sanity
(
  cd "$installed"
  py=($(find plugins tests -name '*.py' | sort))
  /usr/bin/python3 -m pycodestyle --max-line-length 160 --config /dev/null \
    --ignore "$(paste -sd, "$SANITY/pep8/current-ignore.txt")" "${py[@]}" || fail "pep8"
  echo "pep8 (pycodestyle $(/usr/bin/python3 -m pycodestyle --version)): ok"
  (find . -name '*.yml' -o -name '*.yaml'; find plugins -name '*.py') \
    | PYTHONPATH="$SANITY/yamllint" /usr/bin/python3 "$SANITY/yamllint/yamllinter.py" >"$WORK/yamllint.json" \
    || fail "yamllint: $(cat "$WORK/yamllint.json")"
  /usr/bin/python3 -c 'import json, sys; m = json.load(open(sys.argv[1]))["messages"]; print(m) if m else None; sys.exit(1 if m else 0)' \
    "$WORK/yamllint.json" || fail "yamllint"
  echo "yamllint: ok"
  (cd "$WORK/collections" && ANSIBLE_TEST_MODULES_PATH=/usr/lib/python3/dist-packages/ansible/modules \
    ANSIBLE_TEST_MODULE_UTILS_PATH=/usr/lib/python3/dist-packages/ansible/module_utils \
    PYTHONPATH="$SANITY/pylint/plugins:$WORK/collections" /usr/bin/python3 -m pylint --rcfile "$SANITY/pylint/config/collection.cfg" \
      --load-plugins deprecated,string_format,unwanted --score n "${py[@]/#/ansible_collections/infkit/windows/}") \
    || fail "pylint"
  echo "pylint: ok"
  # validate-modules, less what tests/sanity/ignore-<version>.txt ignores (as ansible-test would).
  ver="$(ansible --version | sed -n '1s/.*core \([0-9]*\.[0-9]*\).*/\1/p')"
  /usr/bin/python3 "$SANITY/validate-modules/validate.py" --format json --arg-spec \
    --collection ansible_collections/infkit/windows --collection-version "$(sed -n 's/.*"version": "\([^"]*\)".*/\1/p' MANIFEST.json | head -1)" \
    plugins/modules/*.py >"$WORK/validate-modules.json" || true
  /usr/bin/python3 - "$WORK/validate-modules.json" "tests/sanity/ignore-$ver.txt" <<'PY' || fail "validate-modules"
import json, os, sys
report = json.load(open(sys.argv[1]))
ignored = set()
if os.path.exists(sys.argv[2]):
    for line in open(sys.argv[2]):
        line = line.split('#')[0].split()
        if len(line) == 2 and line[1].startswith('validate-modules:'):
            ignored.add((line[0], line[1].split(':', 1)[1]))
problems = [(path, e['code'], e['msg']) for path, r in report.items() for e in r['errors'] + r['warnings']
            if (path, e['code']) not in ignored]
for p in problems:
    print('%s: %s: %s' % p)
print('validate-modules: %d module(s), %s' % (len(report), 'ok' if not problems else '%d problem(s)' % len(problems)))
sys.exit(1 if problems else 0)
PY
)

step "ansible-doc of each module"
for m in apply validate devices_info; do
  out="$(ansible-doc "infkit.windows.$m")" || fail "ansible-doc infkit.windows.$m"
  grep -q "OPTIONS" <<<"$out" && grep -q "RETURN VALUES" <<<"$out" && grep -q "EXAMPLES" <<<"$out" \
    || fail "ansible-doc infkit.windows.$m lacks options, examples or return values"
  echo "ansible-doc infkit.windows.$m: $(wc -l <<<"$out") lines"
done
ansible-doc -l infkit.windows

cat >"$WORK/vars.json" <<JSON
{ "infkit_command": ["node", "$ROOT/dist/cli/main.js"], "infkit_repo": "$ROOT", "infkit_state": "$WORK/state" }
JSON

play() { # play NAME INVENTORY PLAYBOOK [args]: runs it, keeps its log, fails on a failure
  local name="$1" inventory="$2" playbook="$3"; shift 3
  step "ansible-playbook $playbook ($name)"
  if ! ansible-playbook -i "$inventory" -e "@$WORK/vars.json" "$playbook" "$@" >"$WORK/$name.log" 2>&1; then
    cat "$WORK/$name.log"
    fail "playbook $playbook ($name)"
  fi
  sed -n '/PLAY RECAP/,$p' "$WORK/$name.log"
}

play validate ansible/tests/inventory.yml ansible/tests/playbooks/validate.yml
play apply ansible/tests/inventory.yml ansible/tests/playbooks/apply.yml --diff
play example-check ansible/tests/inventory-rigs.yml ansible/infkit/windows/examples/site.yml --check --diff
grep -E '^rig-0[12] ' "$WORK/example-check.log" | grep -q 'changed=0' && fail "the example in check mode found nothing to change"
play example ansible/tests/inventory-rigs.yml ansible/infkit/windows/examples/site.yml
grep -q 'rig-02 needs a reboot' "$WORK/example.log" || fail "the example did not see rig-02's reboot"
play example-again ansible/tests/inventory-rigs.yml ansible/infkit/windows/examples/site.yml
grep -E '^rig-0[12] ' "$WORK/example-again.log" | grep -qv 'changed=0' && fail "a second run of the example changed a rig"

step "the GitHub Action's script on fixtures"
out="$WORK/github-output"
: >"$out"
INFKIT_PATHS=$'examples/lab/infs\nansible/tests/fixtures/broken' INFKIT_COMMAND="node dist/cli/main.js" \
  INFKIT_SARIF="$WORK/sarif/broken.sarif" GITHUB_OUTPUT="$out" bash .github/actions/validate/run.sh >/dev/null
grep -qx 'exit-code=1' "$out" || fail "the action's exit-code output is not 1 for INFs with errors: $(cat "$out")"
grep -qx 'category=infkit-validate/default' "$out" || fail "the action's category output"
node -e 'const s = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
  const ids = s.runs[0].results.map((r) => r.ruleId);
  if (s.version !== "2.1.0" || !ids.includes("INF1203") || !ids.includes("INF1001")) { console.error(ids); process.exit(1); }' \
  "$WORK/sarif/broken.sarif" || fail "the action's SARIF lacks the broken fixtures' errors"
: >"$out"
INFKIT_PATHS='examples/lab/infs' INFKIT_IGNORE=INF1233 INFKIT_COMMAND="node dist/cli/main.js" INFKIT_SARIF="$WORK/sarif/lab.sarif" \
  GITHUB_OUTPUT="$out" bash .github/actions/validate/run.sh >/dev/null
grep -qx 'exit-code=0' "$out" || fail "the action's exit-code output is not 0 for the lab's INFs"
if INFKIT_PATHS='no/such/dir' INFKIT_COMMAND="node dist/cli/main.js" INFKIT_SARIF="$WORK/sarif/none.sarif" \
  bash .github/actions/validate/run.sh >/dev/null 2>&1; then fail "the action's script succeeded on a missing path"; fi
echo "run.sh: exit-code 1 with errors (SARIF has INF1203, INF1001), 0 on the lab's INFs, fails on a missing path"

step "action-validator: the action and the workflows"
for f in .github/actions/validate/action.yml .github/workflows/*.yml; do
  npx --no-install action-validator "$f" || fail "action-validator $f"
  echo "action-validator $f: ok"
done

step "done in $((SECONDS - started))s"
