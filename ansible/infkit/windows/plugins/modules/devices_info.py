#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: infkit developers
# SPDX-License-Identifier: MIT (as infkit)

# The work is done by the action plugin of the same name (plugins/action/devices_info.py).
# This file holds the documentation.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: devices_info
short_description: "What a rig has, as infkit lists it: setup classes, interfaces, driver packages, devices"
version_added: 0.1.0
description:
  - Runs C(infkit classes --json), C(infkit interfaces --json) and C(infkit drivers --json) on the host, and
    C(infkit devices --json) when the host's infkit has that command.
  - An infkit without a C(devices) command (infkit 0.1) gives I(devices=null), I(devices_available=false) and a warning;
    the other lists are returned all the same.
  - Like every C(_info) module it returns its data (use C(register)), not C(ansible_facts).
author:
  - infkit developers (@infkit)
options:
  present:
    description:
      - Only interfaces that are enabled on present devices (C(infkit interfaces --present)).
    type: bool
    default: false
extends_documentation_fragment:
  - infkit.windows.common
  - action_common_attributes
  - action_common_attributes.flow
attributes:
  check_mode:
    support: full
    details: listings read the machine only
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
- name: What the rig has
  infkit.windows.devices_info:
  register: rig

- name: The LabRig class is installed
  ansible.builtin.assert:
    that: "'LabRig' in rig.classes | map(attribute='name')"
'''

RETURN = r'''
classes:
  description: The setup classes (C(infkit classes --json)), sorted by name, then GUID.
  returned: success
  type: list
  elements: dict
  sample:
    - guid: "{4D36E97D-E325-11CE-BFC1-08002BE10318}"
      name: System
      description: System devices
      noInstallClass: false
      noDisplayClass: false
      silentInstall: false
      upperFilters: []
      lowerFilters: []
interface_classes:
  description: Every device-interface class with its interfaces (C(infkit interfaces --json)'s C(interfaceClasses)), sorted by GUID.
  returned: success
  type: list
  elements: dict
  sample:
    - guid: "{C7F2A5E0-8B1D-4F3A-9E27-5D1B3C4A6F02}"
      interfaces:
        - symbolicLink: \\?\ROOT#LABRIG#0000#{c7f2a5e0-8b1d-4f3a-9e27-5d1b3c4a6f02}\port0
          deviceInstanceId: ROOT\LABRIG\0000
          referenceString: port0
          enabled: true
          removed: false
drivers:
  description: Third-party driver packages in the driver store (C(infkit drivers --json)), sorted by C(oemNN) number.
  returned: success
  type: list
  elements: dict
  sample:
    - publishedName: oem0.inf
      originalName: labrig.inf
      provider: infkit lab
      className: LabRig
devices:
  description: The devices (C(infkit devices --json)), or null when the host's infkit has no C(devices) command.
  returned: success
  type: list
  elements: dict
devices_available:
  description: Whether the host's infkit has a C(devices) command.
  returned: success
  type: bool
  sample: false
'''
