#!/usr/bin/env bash
# The Windows path of the Ansible collection infkit.windows (issue 15), run by the job
# `ansible-winrm` of .github/workflows/windows.yml. It cannot run on Linux CI: it needs a
# Windows host with a WinRM listener.
#
# Runs inside WSL (Debian, with ansible-core, ansible and python3-winrm) on a Windows
# runner: ansible-core cannot run on Windows itself, and WSL 1 shares the runner's network,
# so the controller reaches the runner's own WinRM listener at 127.0.0.1:5985 (NTLM, with
# message encryption over HTTP). The host is therefore the runner itself, and infkit there
# runs through ansible.windows.win_command: the same playbooks as on Linux
# (ansible/tests/playbooks/{validate,apply}.yml) with infkit_windows=true, against infkit's
# mock machine in a Windows directory (so exit code 3010 arrives whole, as Windows gives it).
#
# Environment (from the workflow, through WSLENV):
#   INFKIT_WIN_ROOT   the checkout as Windows sees it, with forward slashes (D:/a/infkit/infkit)
#   INFKIT_WIN_NODE   node.exe the job set up (Windows path)
#   INFKIT_WIN_STATE  a Windows directory for the mock machine's state
#   ANSIBLE_WIN_USER, ANSIBLE_WIN_PASSWORD   the local administrator the job created
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
: "${INFKIT_WIN_ROOT:?}" "${INFKIT_WIN_NODE:?}" "${INFKIT_WIN_STATE:?}" "${ANSIBLE_WIN_USER:?}" "${ANSIBLE_WIN_PASSWORD:?}"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export ANSIBLE_COLLECTIONS_PATH="$WORK/collections" ANSIBLE_NOCOLOR=1 ANSIBLE_HOST_KEY_CHECKING=0
ansible --version | sed -n 1p
ansible-galaxy collection build ansible/infkit/windows --output-path "$WORK" --force
ansible-galaxy collection install --no-deps -p "$ANSIBLE_COLLECTIONS_PATH" "$WORK"/infkit-windows-*.tar.gz
export ANSIBLE_COLLECTIONS_PATH="$ANSIBLE_COLLECTIONS_PATH:/usr/share/ansible/collections:/usr/lib/python3/dist-packages"
ansible-doc -t module ansible.windows.win_command >/dev/null

cat >"$WORK/inventory.yml" <<YAML
all:
  hosts:
    windows-runner:
      ansible_host: 127.0.0.1
      ansible_connection: winrm
      ansible_port: 5985
      ansible_winrm_scheme: http
      ansible_winrm_transport: ntlm
      ansible_winrm_message_encryption: always
      ansible_user: "{{ lookup('ansible.builtin.env', 'ANSIBLE_WIN_USER') }}"
      ansible_password: "{{ lookup('ansible.builtin.env', 'ANSIBLE_WIN_PASSWORD') }}"
  vars:
    infkit_backend: mock
    infkit_windows: true
YAML
python3 - "$WORK/vars.json" <<'PY'
import json, os, sys
json.dump(dict(infkit_command=[os.environ['INFKIT_WIN_NODE'], os.environ['INFKIT_WIN_ROOT'] + '/dist/cli/main.js'],
               infkit_repo=os.environ['INFKIT_WIN_ROOT'], infkit_state=os.environ['INFKIT_WIN_STATE']), open(sys.argv[1], 'w'))
PY

ansible -i "$WORK/inventory.yml" all -m ansible.windows.win_ping
for playbook in validate apply; do
  echo "-- ansible-playbook ansible/tests/playbooks/$playbook.yml against the Windows runner (WinRM)"
  ansible-playbook -i "$WORK/inventory.yml" -e "@$WORK/vars.json" "ansible/tests/playbooks/$playbook.yml" --diff
done
