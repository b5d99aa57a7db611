# -*- coding: utf-8 -*-
# Copyright: infkit developers
# SPDX-License-Identifier: MIT (as infkit)
"""Unit tests of plugin_utils/infkit.py: argv building and the translation of infkit's exit
codes and JSON into Ansible results, and the modules' documentation against the plugins'
argument specs. Run by scripts/ansible/test.sh with unittest, under Ansible's collection
loader (as `ansible-test units` would run them, where pytest is installed)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib
import json
import unittest

import yaml

from ansible_collections.infkit.windows.plugins.plugin_utils import infkit as k


def item(status, kind='device', title='device ROOT\\LABRIG', **extra):
    d = dict(id=kind + ':x', kind=kind, at='/devices/0', title=title, status=status, detail='did it', rebootRequired=False)
    d.update(extra)
    return d


def report(items, operation='apply', dry=False, reboot=False):
    changed = len([i for i in items if i['status'] in k.CHANGED])
    failed = len([i for i in items if i['status'] in k.FAILED])
    return json.dumps(dict(operation=operation, dryRun=dry, name='rig', manifest='/m.yaml', backend='mock',
                           journal='/s/journals/j.json',
                           summary=dict(total=len(items), changed=changed, unchanged=len(items) - changed - failed, failed=failed),
                           rebootRequired=reboot, items=items))


WINERROR = dict(error='WinError', code=3758096943, name='ERROR_NO_CATALOG_FOR_OEM_INF',
                message='SetupCopyOEMInfW failed: no signature', api='SetupCopyOEMInfW', hint='Add CatalogFile=')


class ProgramArgv(unittest.TestCase):
    def test_posix_string_is_split_like_a_shell(self):
        self.assertEqual(k.program_argv("node '/opt/my infkit/main.js'", False), ['node', '/opt/my infkit/main.js'])

    def test_windows_string_is_one_path(self):
        self.assertEqual(k.program_argv('C:\\Program Files\\infkit\\infkit.exe', True), ['C:\\Program Files\\infkit\\infkit.exe'])

    def test_bare_default_is_the_npm_shim_on_windows(self):
        self.assertEqual(k.program_argv('infkit', True), ['infkit.cmd'])
        self.assertEqual(k.program_argv('infkit', False), ['infkit'])

    def test_list_is_used_as_given(self):
        self.assertEqual(k.program_argv(['node.exe', 'C:\\x\\main.js'], True), ['node.exe', 'C:\\x\\main.js'])

    def test_empty_and_wrong_types_are_refused(self):
        for bad in ('', [], 3):
            with self.assertRaises(k.InfkitUsageError):
                k.program_argv(bad, False)


class Args(unittest.TestCase):
    def test_apply(self):
        self.assertEqual(k.apply_args('/m.yaml'), ['apply', '/m.yaml', '--json', '--backend', 'auto'])

    def test_apply_absent_in_check_mode_with_state(self):
        self.assertEqual(k.apply_args('/m.yaml', state='absent', check_mode=True, force=True, backend='mock', state_dir='/s'),
                         ['apply', '/m.yaml', '--json', '--undo', '--dry-run', '--force', '--backend', 'mock', '--state', '/s'])

    def test_validate(self):
        self.assertEqual(k.validate_args(['a.inf', 'dir'], mode='hlk', arch='amd64', ignore=['INF1324', '2083'], min_severity='warning'),
                         ['validate', 'a.inf', 'dir', '--format', 'json', '--mode', 'hlk', '--arch', 'amd64',
                          '--ignore', 'INF1324,2083', '--min-severity', 'warning'])
        with self.assertRaises(k.InfkitUsageError):
            k.validate_args([])

    def test_listing(self):
        self.assertEqual(k.listing_args('interfaces', backend='mock', state_dir='/s', present=True),
                         ['interfaces', '--json', '--present', '--backend', 'mock', '--state', '/s'])
        self.assertEqual(k.listing_args('classes', present=True), ['classes', '--json', '--backend', 'auto'])


class ApplyResult(unittest.TestCase):
    def test_changed(self):
        r = k.apply_result(0, report([item('changed'), item('unchanged', kind='class', title='setup class System')]))
        self.assertTrue(r['changed'])
        self.assertFalse(r['failed'])
        self.assertFalse(r['reboot_required'])
        self.assertEqual(r['journal'], '/s/journals/j.json')
        self.assertEqual(len(r['diff']), 1)
        self.assertIn('absent', r['diff'][0]['before'])
        self.assertIn('present', r['diff'][0]['after'])
        self.assertIn('did it', r['diff'][0]['after'])

    def test_unchanged(self):
        r = k.apply_result(0, report([item('unchanged')]))
        self.assertFalse(r['changed'])
        self.assertEqual(r['diff'], [])

    def test_check_mode(self):
        r = k.apply_result(0, report([item('would-change')], dry=True), check_mode=True)
        self.assertTrue(r['changed'])
        self.assertTrue(r['dry_run'])
        self.assertIn('would change', r['msg'])

    def test_undo_diff_goes_from_present_to_absent(self):
        r = k.apply_result(0, report([item('changed')], operation='undo'))
        self.assertIn('present', r['diff'][0]['before'])
        self.assertIn('absent', r['diff'][0]['after'])

    def test_reboot_is_success_on_windows_and_posix(self):
        for rc in (3010, 194):
            r = k.apply_result(rc, report([item('changed', rebootRequired=True)], reboot=True))
            self.assertFalse(r['failed'], rc)
            self.assertTrue(r['reboot_required'], rc)
            self.assertIn('reboot', r['msg'])
        # the exit code alone says so too
        self.assertTrue(k.apply_result(3010, report([item('changed')]))['reboot_required'])

    def test_failed_item_names_the_winerror_message_and_hint(self):
        r = k.apply_result(1, report([item('failed', kind='package', title='stage driver package nocat.inf', error=WINERROR),
                                      item('changed')]))
        self.assertTrue(r['failed'])
        self.assertTrue(r['changed'])
        self.assertIn('1 of 2 item(s) failed', r['msg'])
        self.assertIn('stage driver package nocat.inf: ERROR_NO_CATALOG_FOR_OEM_INF: SetupCopyOEMInfW failed', r['msg'])
        self.assertIn('(hint: Add CatalogFile=)', r['msg'])

    def test_infkit_error_document(self):
        doc = dict(error='E_MANIFEST', message="/devices/0: unknown field 'hardwareID'", hint='see docs/manifest.md',
                   file='/m.yaml', line=4, column=5)
        r = k.apply_result(2, json.dumps(doc))
        self.assertTrue(r['failed'])
        self.assertFalse(r['changed'])
        self.assertEqual(r['rc'], 2)
        self.assertIn("/m.yaml:4:5: E_MANIFEST: /devices/0: unknown field 'hardwareID' (hint: see docs/manifest.md)", r['msg'])

    def test_refused_inf_returns_the_findings(self):
        doc = dict(error='E_INF_INVALID', message='broken.inf has 1 error-level finding(s)', files=[
            dict(file='broken.inf', diagnostics=[dict(code='INF1203', severity='error', line=5, column=1, message='m')])])
        r = k.apply_result(1, json.dumps(doc))
        self.assertTrue(r['failed'])
        self.assertEqual(r['findings'][0]['file'], 'broken.inf')
        self.assertEqual(r['findings'][0]['code'], 'INF1203')

    def test_no_json(self):
        r = k.apply_result(2, '', '', module_msg="[Errno 2] No such file or directory: b'infkit'")
        self.assertTrue(r['failed'])
        self.assertIn('No such file', r['msg'])
        r = k.apply_result(1, 'not json', 'Segmentation fault')
        self.assertIn('Segmentation fault', r['msg'])

    def test_unexpected_exit_code_fails(self):
        self.assertTrue(k.apply_result(7, report([item('unchanged')]))['failed'])


class ValidateResult(unittest.TestCase):
    def doc(self, files, errors=0, io=0):
        return json.dumps(dict(files=files, summary=dict(files=len(files), errors=errors, warnings=0, infos=0, byCode={}, ioErrors=io)))

    def test_clean(self):
        finding = dict(code='INF1324', severity='warning', line=1, column=1, message='w')
        r = k.validate_result(0, self.doc([dict(file='a.inf', diagnostics=[finding])]))
        self.assertFalse(r['failed'])
        self.assertFalse(r['changed'])
        self.assertEqual(r['findings'][0]['file'], 'a.inf')

    def test_errors_fail(self):
        finding = dict(code='INF1203', severity='error', line=11, column=13, message='no section')
        r = k.validate_result(1, self.doc([dict(file='a.inf', diagnostics=[finding])], errors=1))
        self.assertTrue(r['failed'])
        self.assertIn('a.inf:11:13: INF1203 no section', r['msg'])

    def test_unreadable_path_fails(self):
        r = k.validate_result(2, self.doc([dict(file='/x', diagnostics=[], error=dict(error='E_IO', message='cannot read /x'))], io=1))
        self.assertTrue(r['failed'])
        self.assertIn('/x: E_IO: cannot read /x', r['msg'])

    def test_usage_error(self):
        r = k.validate_result(2, json.dumps(dict(error='E_USAGE', message='bad mode')))
        self.assertTrue(r['failed'])
        self.assertIn('E_USAGE: bad mode', r['msg'])


class Devices(unittest.TestCase):
    def test_unknown_command_means_unavailable(self):
        self.assertTrue(k.devices_unavailable(2, '', "error: unknown command 'devices'\n\nUsage: infkit ..."))
        self.assertTrue(k.devices_unavailable(1, '', "error: unknown command 'devices'"))
        self.assertFalse(k.devices_unavailable(0, '{"devices": []}', ''))
        self.assertFalse(k.devices_unavailable(1, '{"error": "E_LOCKED"}', ''))

    def test_listing_value(self):
        self.assertEqual(k.listing_value({'devices': [1]}, 'devices'), [1])
        self.assertEqual(k.listing_value([1, 2], 'devices'), [1, 2])
        self.assertIsNone(k.listing_value({'other': 1}, 'devices'))


class DocsMatchArgumentSpecs(unittest.TestCase):
    """The modules are action plugins, which validate-modules does not compare with their
    documentation: this does. Each documented option (with the doc fragment) is in the
    plugin's argument spec with the same type, default and choices, and the other way round."""

    def documented_options(self, name):
        module = importlib.import_module('ansible_collections.infkit.windows.plugins.modules.' + name)
        fragment = importlib.import_module('ansible_collections.infkit.windows.plugins.doc_fragments.common')
        options = dict(yaml.safe_load(fragment.ModuleDocFragment.DOCUMENTATION)['options'])
        for key, value in yaml.safe_load(module.DOCUMENTATION)['options'].items():
            options[key] = dict(options.get(key, {}), **value)
        for section in ('EXAMPLES', 'RETURN'):
            yaml.safe_load(getattr(module, section))
        return options

    def test_each_module(self):
        for name in ('apply', 'validate', 'devices_info'):
            action = importlib.import_module('ansible_collections.infkit.windows.plugins.action.' + name)
            spec = action.ActionModule.ARGUMENT_SPEC
            docs = self.documented_options(name)
            self.assertEqual(sorted(spec), sorted(docs), name)
            for option, s in spec.items():
                d = docs[option]
                self.assertEqual(s.get('type', 'str'), d.get('type', 'str'), (name, option))
                self.assertEqual(s.get('default'), d.get('default'), (name, option))
                self.assertEqual(s.get('choices'), d.get('choices'), (name, option))
                self.assertEqual(bool(s.get('required')), bool(d.get('required')), (name, option))
                self.assertEqual(s.get('elements'), d.get('elements'), (name, option))


if __name__ == '__main__':
    unittest.main()
