# -*- coding: utf-8 -*-
# Copyright: infkit developers
# SPDX-License-Identifier: MIT (as infkit)
"""infkit.windows.apply: `infkit apply MANIFEST --json` on the host (see plugins/modules/apply.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.infkit.windows.plugins.plugin_utils.infkit import APPLY_SPEC, apply_args, apply_result
from ansible_collections.infkit.windows.plugins.plugin_utils.runner import InfkitAction


class ActionModule(InfkitAction):
    ARGUMENT_SPEC = APPLY_SPEC

    def run_task(self, args, task_vars):
        check_mode = bool(self._task.check_mode)
        argv = apply_args(args['manifest'], state=args['state'], check_mode=check_mode, force=args['force'],
                          backend=args['backend'], state_dir=args['state_dir'])
        rc, stdout, stderr, msg = self.run_infkit(args['infkit'], argv, task_vars)
        result = apply_result(rc, stdout, stderr, check_mode=check_mode, module_msg=msg)
        if not self._task.diff:
            result.pop('diff', None)
        return result
