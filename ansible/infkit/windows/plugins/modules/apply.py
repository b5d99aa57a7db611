#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: infkit developers
# SPDX-License-Identifier: MIT (as infkit)

# The work is done by the action plugin of the same name (plugins/action/apply.py), on the
# controller: it runs `infkit apply` on the host through ansible.windows.win_command (Windows)
# or ansible.builtin.command (POSIX). This file holds the documentation.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: apply
short_description: Provision a driver test rig from an infkit lab manifest
version_added: 0.1.0
description:
  - Runs C(infkit apply MANIFEST --json) on the host. infkit reads the machine, works out the difference against the
    manifest (setup classes, device-interface classes, driver packages, root-enumerated test devices and their
    interfaces, INF sections), and makes only the changes that are missing; a second run changes nothing.
  - I(state=absent) runs C(infkit apply --undo), which removes, newest first, only what applies of this manifest added
    (recorded in a journal on the host).
  - In check mode it runs C(--dry-run) and reports what would change; with C(--diff) each changed item shows its before and
    after.
  - Exit code 3010 (C(ERROR_SUCCESS_REBOOT_REQUIRED); 194 on a POSIX host, which keeps 8 bits of an exit code) is success
    with I(reboot_required=true).
  - The manifest format is docs/manifest.md of infkit.
author:
  - infkit developers (@infkit)
options:
  manifest:
    description:
      - Path on the host of the lab manifest (YAML). Relative paths inside it resolve against its folder.
    type: path
    required: true
  state:
    description:
      - C(present) applies the manifest; C(absent) undoes what it added (C(--undo)).
    type: str
    choices: [present, absent]
    default: present
  force:
    description:
      - Apply although an INF of the manifest has error-level findings (C(--force)); undo also removes driver packages that
        devices still use.
    type: bool
    default: false
extends_documentation_fragment:
  - infkit.windows.common
  - action_common_attributes
  - action_common_attributes.flow
attributes:
  check_mode:
    support: full
    details: runs C(infkit apply --dry-run), which reads the machine and changes nothing
  diff_mode:
    support: full
    details: one before/after per item that changes (or would change, in check mode)
  platform:
    platforms: [windows, posix]
    details: on POSIX hosts infkit acts on its mock machine (I(backend=mock), or C(auto) there)
  action:
    support: full
  async:
    support: none
  bypass_host_loop:
    support: none
notes:
  - The host needs infkit (Node 20 or later). Windows hosts need the collection C(ansible.windows) on the controller;
    installs need an elevated token (WinRM and PSRP as an administrator give one).
  - A failed item fails the task; C(msg) names each failed item with the WinError's symbolic name, message and hint.
  - When a reboot is required, reboot with M(ansible.windows.win_reboot) (see the examples); infkit itself never reboots.
seealso:
  - module: infkit.windows.validate
  - module: infkit.windows.devices_info
  - module: ansible.windows.win_reboot
'''

EXAMPLES = r'''
- name: Provision the rig from its manifest
  infkit.windows.apply:
    manifest: C:\lab\rig-01.yaml
  register: rig

- name: Reboot when an item asked for it
  ansible.windows.win_reboot:
  when: rig.reboot_required

- name: What would change (check mode), with before/after
  infkit.windows.apply:
    manifest: C:\lab\rig-01.yaml
  check_mode: true
  diff: true

- name: Take back what the manifest added
  infkit.windows.apply:
    manifest: C:\lab\rig-01.yaml
    state: absent

- name: On a Linux CI runner, against infkit's mock machine
  infkit.windows.apply:
    manifest: /srv/lab/rig-01.yaml
    backend: mock
    state_dir: /tmp/rig-01
    infkit: node /opt/infkit/dist/cli/main.js
'''

RETURN = r'''
rc:
  description: infkit's exit code (0 done, 1 an item failed, 2 the manifest is invalid, 3010 or 194 a reboot is required).
  returned: always
  type: int
  sample: 0
reboot_required:
  description: A reboot is needed to finish (an item reported it, or the exit code was 3010).
  returned: always
  type: bool
  sample: false
items:
  description:
    - The report's items, in apply order (undo, reverse order), as C(infkit apply --json) prints them.
    - C(status) is C(changed), C(unchanged) or C(failed); in check mode C(would-change), C(unchanged) or C(would-fail).
    - A failed item has C(error), the WinError (C(name), C(code), C(message), C(api), C(hint)) or infkit error.
  returned: always
  type: list
  elements: dict
  sample:
    - id: device:ROOT\LABRIG
      kind: device
      at: /devices/0
      title: device ROOT\LABRIG
      status: changed
      detail: created ROOT\LABRIG\0000
      rebootRequired: false
journal:
  description: Path on the host of the manifest's journal (what undo removes).
  returned: when the manifest was read
  type: str
  sample: C:\Users\lab\.infkit\mock\journals\3f1c0a9e5b7d2c44.json
summary:
  description: Counts of the report (C(total), C(changed), C(unchanged), C(failed)).
  returned: when the manifest was read
  type: dict
  sample: {total: 9, changed: 8, unchanged: 1, failed: 0}
operation:
  description: C(apply) or C(undo).
  returned: when the manifest was read
  type: str
  sample: apply
dry_run:
  description: Whether this was a C(--dry-run) (check mode).
  returned: when the manifest was read
  type: bool
  sample: false
name:
  description: The manifest's name.
  returned: when the manifest was read
  type: str
  sample: labrig-example
manifest:
  description: Absolute path of the manifest on the host.
  returned: when the manifest was read
  type: str
  sample: /srv/lab/lab.yaml
backend:
  description: The backend that acted (C(native), C(koffi) or C(mock)).
  returned: when the manifest was read
  type: str
  sample: native
error:
  description: infkit's error document when the whole command failed (C(E_MANIFEST), C(E_INF_INVALID), C(E_LOCKED), ...).
  returned: on such a failure
  type: dict
  sample: {error: E_MANIFEST, message: "lab.yaml:21:5: /devices/0: unknown field 'hardwareID'"}
findings:
  description: With C(E_INF_INVALID), the findings of the INFs that stopped the apply, each with its C(file) (as M(infkit.windows.validate) returns them).
  returned: when an INF was refused
  type: list
  elements: dict
'''
