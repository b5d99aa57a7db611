#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: infkit developers
# SPDX-License-Identifier: MIT (as infkit)

# The work is done by the action plugin of the same name (plugins/action/validate.py).
# This file holds the documentation.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: validate
short_description: Check INF files on the host as Microsoft's InfVerif does
version_added: 0.1.0
description:
  - Runs C(infkit validate PATHS --format json --mode MODE) on the host and returns its findings.
  - The task fails when any finding is error-level (in the chosen mode), or when a path cannot be read. Warnings do not fail it.
  - It never changes anything, and runs in check mode too.
author:
  - infkit developers (@infkit)
options:
  paths:
    description:
      - INF files, directories (searched recursively for C(*.inf) and C(*.inx)) or globs, on the host.
    type: list
    elements: path
    required: true
  mode:
    description:
      - InfVerif's mode. C(default) is InfVerif without a flag, C(universal) C(/u), C(declarative) C(/k),
        C(windows-driver) C(/w), C(hlk) C(/h). Each code has its own level in each mode (C(infkit rules)).
    type: str
    choices: [default, universal, declarative, windows-driver, hlk]
    default: default
  arch:
    description:
      - Check this architecture only. Without it, each architecture the INF's decorations name is checked.
    type: str
    choices: [x86, amd64, ia64, arm, arm64]
  ignore:
    description:
      - Codes to drop (C(INF1324), or just C(1324)).
    type: list
    elements: str
    default: []
  min_severity:
    description:
      - Report only findings at least this severe.
    type: str
    choices: [info, warning, error]
  backend:
    description:
      - Accepted so that one C(module_defaults) group (C(group/infkit.windows.infkit)) serves every module of the
        collection; validate reads files only and ignores it.
  state_dir:
    description:
      - Accepted for the same reason as I(backend), and ignored.
extends_documentation_fragment:
  - infkit.windows.common
  - action_common_attributes
  - action_common_attributes.flow
attributes:
  check_mode:
    support: full
    details: validation reads files only; it runs in check mode as outside it
  diff_mode:
    support: none
  platform:
    platforms: [windows, posix]
  action:
    support: full
  async:
    support: none
  bypass_host_loop:
    support: none
seealso:
  - module: infkit.windows.apply
'''

EXAMPLES = r'''
- name: Validate the rig's driver packages before installing them
  infkit.windows.validate:
    paths:
      - C:\lab\drivers
    mode: windows-driver

- name: Validate, reporting findings without failing
  infkit.windows.validate:
    paths: [/srv/lab/drivers]
    infkit: node /opt/infkit/dist/cli/main.js
  register: checked
  ignore_errors: true
'''

RETURN = r'''
rc:
  description: infkit's exit code (0 no error-level finding, 1 some, 2 a path could not be read or bad arguments).
  returned: always
  type: int
  sample: 1
findings:
  description: Every finding, each with the C(file) it is in.
  returned: always
  type: list
  elements: dict
  sample:
    - file: drivers/broken.inf
      code: INF1203
      severity: error
      line: 12
      column: 13
      message: "..."
files:
  description: C(validate --json)'s C(files), one entry a file with its C(diagnostics) (and C(error) when it could not be read).
  returned: when infkit ran
  type: list
  elements: dict
summary:
  description: C(files), C(errors), C(warnings), C(infos), C(byCode) and C(ioErrors).
  returned: when infkit ran
  type: dict
  sample: {files: 1, errors: 1, warnings: 0, infos: 0, byCode: {INF1203: 1}, ioErrors: 0}
'''
