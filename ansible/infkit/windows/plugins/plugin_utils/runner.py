# -*- coding: utf-8 -*-
# Copyright: infkit developers
# SPDX-License-Identifier: MIT (as infkit)
"""The base of the infkit.windows action plugins: runs the infkit CLI on the host.

The plugins run on the controller. Each one builds an infkit command line and runs it on
the host through the command module of the host's shell family:

- Windows hosts (WinRM, PSRP, or SSH with PowerShell or cmd as the shell: the connection's
  shell family is ``powershell`` or ``cmd``): ``ansible.windows.win_command`` with ``argv`` (each argument
  quoted by win_command with the C runtime's rules) and ``output_encoding_override: utf-8``
  (Node writes UTF-8 to a pipe whatever the console code page).
- Every other host (SSH, local, docker, ...): ``ansible.builtin.command`` with ``argv``
  (no shell). On POSIX hosts infkit has no Windows to act on; ``backend: auto`` falls back
  to its mock machine, which is what CI tests against.

Then they read infkit's JSON (docs/cli.md) from stdout and build the result on the
controller (plugin_utils/infkit.py). The command module's own verdict ("non-zero return
code") is discarded: infkit's exit code and report decide.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase

from ansible_collections.infkit.windows.plugins.plugin_utils.infkit import InfkitUsageError, program_argv

WIN_COMMAND = 'ansible.windows.win_command'
POSIX_COMMAND = 'ansible.builtin.command'


class InfkitAction(ActionBase):
    """Runs infkit commands on the task's host; subclasses build the arguments and the result."""

    TRANSFERS_FILES = False
    _requires_connection = True
    ARGUMENT_SPEC = {}

    def __init__(self, *args, **kwargs):
        super(InfkitAction, self).__init__(*args, **kwargs)
        # Every infkit call these plugins make is read-only in check mode (apply runs with
        # --dry-run then), so check mode is supported by running the command for real.
        self._supports_check_mode = True
        self._supports_async = False

    def host_is_windows(self):
        # powershell: WinRM, PSRP, SSH with ansible_shell_type=powershell; cmd: SSH with
        # ansible_shell_type=cmd (modules still run as PowerShell there).
        return getattr(self._connection._shell, 'SHELL_FAMILY', None) in ('powershell', 'cmd')

    def validated_args(self):
        return self.validate_argument_spec(argument_spec=self.ARGUMENT_SPEC)[1]

    def run_infkit(self, infkit, args, task_vars):
        """Runs ``infkit args...`` on the host; returns (rc, stdout, stderr, module_result)."""
        windows = self.host_is_windows()
        try:
            argv = program_argv(infkit, windows) + [str(a) for a in args]
        except InfkitUsageError as e:
            raise AnsibleActionFail(str(e))
        if windows:
            module, module_args = WIN_COMMAND, dict(argv=argv, output_encoding_override='utf-8')
        else:
            module, module_args = POSIX_COMMAND, dict(argv=argv)
        # The command modules skip themselves in check mode; these calls must run (they are
        # --dry-run, validate or listings), so the module runs with check mode off.
        check_mode = self._task.check_mode
        self._task.check_mode = False
        try:
            res = self._execute_module(module_name=module, module_args=module_args, task_vars=task_vars)
        finally:
            self._task.check_mode = check_mode
        rc = res.get('rc')
        if rc is None:
            # The module itself did not run (module not found, interpreter missing, ...).
            raise AnsibleActionFail('could not run %s on the host: %s' % (module, res.get('msg') or res))
        return rc, res.get('stdout') or '', res.get('stderr') or '', res.get('msg')

    def finish(self, result, base):
        base.update(result)
        return base

    def run(self, tmp=None, task_vars=None):
        result = super(InfkitAction, self).run(tmp, task_vars)
        del tmp
        # The task executor calls self.cleanup() afterwards, which removes the remote tmpdir.
        return self.finish(self.run_task(self.validated_args(), task_vars or {}), result)

    def run_task(self, args, task_vars):
        raise NotImplementedError
