# -*- coding: utf-8 -*-
# Copyright: infkit developers
# SPDX-License-Identifier: MIT (as infkit)
"""infkit.windows.validate: `infkit validate PATHS --format json` on the host (see plugins/modules/validate.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.infkit.windows.plugins.plugin_utils.infkit import VALIDATE_SPEC, validate_args, validate_result
from ansible_collections.infkit.windows.plugins.plugin_utils.runner import InfkitAction


class ActionModule(InfkitAction):
    ARGUMENT_SPEC = VALIDATE_SPEC

    def run_task(self, args, task_vars):
        argv = validate_args(args['paths'], mode=args['mode'], arch=args['arch'], ignore=args['ignore'],
                             min_severity=args['min_severity'])
        rc, stdout, stderr, msg = self.run_infkit(args['infkit'], argv, task_vars)
        return validate_result(rc, stdout, stderr, module_msg=msg)
