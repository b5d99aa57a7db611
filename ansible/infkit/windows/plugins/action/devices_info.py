# -*- coding: utf-8 -*-
# Copyright: infkit developers
# SPDX-License-Identifier: MIT (as infkit)
"""infkit.windows.devices_info: `infkit classes|interfaces|drivers|devices --json` on the host
(see plugins/modules/devices_info.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.infkit.windows.plugins.plugin_utils.infkit import (
    DEVICES_INFO_SPEC,
    DEVICES_UNAVAILABLE,
    command_failure,
    describe_error,
    devices_unavailable,
    is_error_doc,
    listing_args,
    listing_value,
    parse_json,
)
from ansible_collections.infkit.windows.plugins.plugin_utils.runner import InfkitAction

# (command, key of its JSON, key of the result)
LISTINGS = (
    ('classes', 'classes', 'classes'),
    ('interfaces', 'interfaceClasses', 'interface_classes'),
    ('drivers', 'drivers', 'drivers'),
)


class ActionModule(InfkitAction):
    ARGUMENT_SPEC = DEVICES_INFO_SPEC

    def listing(self, args, command, task_vars):
        argv = listing_args(command, backend=args['backend'], state_dir=args['state_dir'], present=args['present'])
        rc, stdout, stderr, msg = self.run_infkit(args['infkit'], argv, task_vars)
        return rc, parse_json(stdout), stdout, stderr, msg

    def run_task(self, args, task_vars):
        result = dict(changed=False)
        for command, key, name in LISTINGS:
            rc, doc, stdout, stderr, msg = self.listing(args, command, task_vars)
            if doc is None:
                return command_failure(rc, stdout, stderr, msg)
            if is_error_doc(doc) or rc != 0:
                return dict(failed=True, changed=False, rc=rc,
                            msg='infkit %s failed: %s' % (command, describe_error(doc)), error=doc)
            result[name] = listing_value(doc, key) or []

        # `infkit devices` is newer than the other listings: ask, and say so when it is missing.
        rc, doc, stdout, stderr, msg = self.listing(args, 'devices', task_vars)
        if devices_unavailable(rc, stdout, stderr):
            result.update(devices=None, devices_available=False, warnings=[DEVICES_UNAVAILABLE])
        elif doc is None:
            return command_failure(rc, stdout, stderr, msg)
        elif is_error_doc(doc) or rc != 0:
            return dict(failed=True, changed=False, rc=rc,
                        msg='infkit devices failed: %s' % describe_error(doc), error=doc)
        else:
            result.update(devices=listing_value(doc, 'devices') or [], devices_available=True)
        result['rc'] = 0
        return result
