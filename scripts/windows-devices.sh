#!/usr/bin/env bash
# A test rig's device walk-through on a real Windows machine (.github/workflows/windows.yml,
# elevated, Git Bash), through the infkit CLI with one backend, each step checked twice: by
# infkit's own JSON and by `pnputil /enum-devices /instanceid` as a second witness.
#   scripts/windows-devices.sh native|koffi
# Steps: install a root device with a driver-less INF of ours (test/fixtures/devices/rig.inf,
# test-signed by the workflow), list it (started, our driver), install it again (nothing to do),
# disable it (problem 22), enable it, restart it, rescan, remove it (gone).
set -euo pipefail
BACKEND="${1:?usage: windows-devices.sh native|koffi}"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
HWID='Root\InfkitRig'
INF='test/fixtures/devices/rig.inf'

infkit() { node dist/cli/main.js "$@" --backend "$BACKEND" --json; }
fail() { echo "FAIL ($BACKEND): $*" >&2; exit 1; }
ok() { echo "ok   ($BACKEND) $*"; }
field() { node -e "const j = JSON.parse(require('fs').readFileSync(0, 'utf8')); const v = ($1); process.stdout.write(typeof v === 'string' ? v : JSON.stringify(v));"; }
# pnputil's Status line for the instance ID ('' when pnputil does not know the device).
witness() { pnputil /enum-devices /instanceid "$1" | tr -d '\r' | sed -n 's/^Status:[[:space:]]*//p' | head -n 1; }

# A device left behind by an earlier, interrupted run.
for id in $(infkit devices --all --hardware-id "$HWID" | field "j.devices.map((d) => d.deviceInstanceId).join(' ')"); do
  infkit device remove "$id" >/dev/null
done

out="$(infkit install device "$HWID" --inf "$INF")" || fail "install device: $out"
id="$(printf '%s' "$out" | field 'j.deviceInstanceId')"
[[ "$(printf '%s' "$out" | field 'j.changed')" == true ]] || fail "install device did not report a change: $out"
ok "install device made $id"

again="$(infkit install device "$HWID" --inf "$INF")"
[[ "$(printf '%s' "$again" | field 'j.changed')" == false && "$(printf '%s' "$again" | field 'j.deviceInstanceId')" == "$id" ]] \
  || fail "a second install device made another device: $again"
ok "install device again: nothing to do"

infkit devices --wait "$id" --started --timeout 60s >/dev/null || fail "$id did not start"
dev="$(infkit devices --id "$id")"
[[ "$(printf '%s' "$dev" | field 'j.devices[0].problem')" == null ]] || fail "problem after install: $dev"
[[ "$(printf '%s' "$dev" | field "j.devices[0].status.includes('DN_STARTED')")" == true ]] || fail "not started: $dev"
[[ "$(printf '%s' "$dev" | field 'j.devices[0].driver.originalInf.toLowerCase()')" == rig.inf ]] || fail "driver is not rig.inf: $dev"
[[ "$(witness "$id")" == Started ]] || fail "pnputil does not say Started: $(pnputil /enum-devices /instanceid "$id")"
ok "devices: $id runs rig.inf (pnputil: Started)"

out="$(infkit device disable "$id")" || fail "disable: $out"
[[ "$(infkit devices --id "$id" | field 'j.devices[0].problem.code')" == 22 ]] || fail "not problem 22 after disable"
[[ "$(witness "$id")" == Disabled ]] || fail "pnputil does not say Disabled: $(pnputil /enum-devices /instanceid "$id")"
[[ "$(infkit device disable "$id" | field 'j.results[0].changed')" == false ]] || fail "disabling twice changed something"
ok "device disable: problem 22 (pnputil: Disabled); again: nothing to do"

infkit device enable "$id" >/dev/null || fail "enable"
infkit devices --wait "$id" --started --timeout 60s >/dev/null || fail "$id did not start after enable"
[[ "$(witness "$id")" == Started ]] || fail "pnputil does not say Started after enable"
ok "device enable: started (pnputil: Started)"

infkit device restart "$id" >/dev/null || fail "restart"
infkit devices --wait "$id" --started --timeout 60s >/dev/null || fail "$id did not start after restart"
[[ "$(witness "$id")" == Started ]] || fail "pnputil does not say Started after restart"
ok "device restart: started (pnputil: Started)"

infkit rescan --timeout 60s >/dev/null || fail "rescan"
ok "rescan"

infkit device remove "$id" >/dev/null || fail "remove"
[[ "$(infkit devices --all --id "$id" | field 'j.devices.length')" == 0 ]] || fail "$id is still listed after remove"
[[ -z "$(witness "$id")" ]] || fail "pnputil still knows $id: $(pnputil /enum-devices /instanceid "$id")"
ok "device remove: gone (pnputil knows it no more)"

[[ "$(infkit device remove "$id" | field 'j.changed')" == false ]] || fail "removing a device that is gone changed something"
ok "removing it again: nothing to do"
