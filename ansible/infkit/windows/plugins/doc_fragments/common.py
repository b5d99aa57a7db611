# -*- coding: utf-8 -*-
# Copyright: infkit developers
# SPDX-License-Identifier: MIT (as infkit)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # Options every infkit.windows module takes: which infkit to run, and on which machine.
    DOCUMENTATION = r'''
options:
  infkit:
    description:
      - The command that starts infkit on the host, as a string or as a list (program, then its first arguments).
      - On a POSIX host a string is split as a POSIX shell would, for example C(node /opt/infkit/dist/cli/main.js).
      - On a Windows host a string is one program path, spaces included, because backslashes are not escapes there;
        give a list for a program with arguments, for example C([node.exe, 'C:\infkit\dist\cli\main.js']).
      - On a Windows host the bare default C(infkit) runs C(infkit.cmd), the shim C(npm install -g infkit) writes
        (M(ansible.windows.win_command) would otherwise look for C(infkit.exe)).
    type: raw
    default: infkit
  backend:
    description:
      - Which infkit backend acts on the machine (C(--backend)).
      - C(auto) takes the native addon, then koffi, and on a host that is not Windows the mock machine.
      - C(mock) is infkit's simulated Windows machine, kept in I(state_dir); CI runs against it on POSIX hosts.
    type: str
    choices: [auto, native, koffi, mock]
    default: auto
  state_dir:
    description:
      - Path on the host of the state directory (C(--state)) of the mock machine, and where C(infkit apply) keeps its journals.
      - Default, as infkit decides it, C(INFKIT_STATE), else C(~/.infkit/mock).
    type: path
'''
