# -*- coding: utf-8 -*-
# Copyright: infkit developers
# SPDX-License-Identifier: MIT (as infkit)
"""What the infkit.windows action plugins know about the infkit CLI, without Ansible.

Everything here is pure: the arguments of each command, and the translation of an infkit
exit code and JSON report into an Ansible result. The action plugins (plugins/action/) run
the command on the host and hand the output to these functions; the unit tests
(tests/unit/) call them directly. The JSON shapes are docs/cli.md and docs/manifest.md of
the infkit repository.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import shlex

# 3010 is ERROR_SUCCESS_REBOOT_REQUIRED. Windows hands it over whole; Linux and macOS keep
# the low 8 bits of an exit code, so on the mock machine it arrives as 194.
REBOOT_EXIT_CODES = (3010, 3010 & 0xFF)

BACKENDS = ['auto', 'native', 'koffi', 'mock']
MODES = ['default', 'universal', 'declarative', 'windows-driver', 'hlk']
ARCHES = ['x86', 'amd64', 'ia64', 'arm', 'arm64']
SEVERITIES = ['info', 'warning', 'error']

# Statuses of items in an apply report (docs/manifest.md, "Report").
CHANGED = ('changed', 'would-change')
FAILED = ('failed', 'would-fail')

COMMON_SPEC = dict(
    infkit=dict(type='raw', default='infkit'),
    backend=dict(type='str', default='auto', choices=BACKENDS),
    state_dir=dict(type='path'),
)

APPLY_SPEC = dict(
    manifest=dict(type='path', required=True),
    state=dict(type='str', default='present', choices=['present', 'absent']),
    force=dict(type='bool', default=False),
    **COMMON_SPEC
)

VALIDATE_SPEC = dict(
    paths=dict(type='list', elements='path', required=True),
    mode=dict(type='str', default='default', choices=MODES),
    arch=dict(type='str', choices=ARCHES),
    ignore=dict(type='list', elements='str', default=[]),
    min_severity=dict(type='str', choices=SEVERITIES),
    **COMMON_SPEC
)

DEVICES_INFO_SPEC = dict(
    present=dict(type='bool', default=False),
    **COMMON_SPEC
)

DEVICES_UNAVAILABLE = (
    "this infkit has no 'devices' command yet: devices are not available "
    "(classes, interfaces and drivers are)"
)


class InfkitUsageError(ValueError):
    """A module argument that cannot be turned into a command line."""


def program_argv(infkit, windows):
    """The argv prefix that starts infkit on the host.

    ``infkit`` is a list (program and its first arguments, used as given) or a string. On a
    POSIX host a string is split as a POSIX shell would (``node /opt/infkit/dist/cli/main.js``);
    on a Windows host it is one program path, spaces and all (``C:\\Program Files\\infkit\\infkit.exe``),
    because backslashes are not escapes there. win_command appends ``.exe`` to a program
    without an extension, so the bare default ``infkit`` becomes ``infkit.cmd`` on Windows:
    the shim ``npm install -g`` writes.
    """
    if isinstance(infkit, (list, tuple)):
        argv = [str(a) for a in infkit]
    elif isinstance(infkit, str):
        argv = [infkit.strip()] if windows else shlex.split(infkit)
    else:
        raise InfkitUsageError('infkit must be a string or a list of strings, not %s' % type(infkit).__name__)
    if not argv or not argv[0]:
        raise InfkitUsageError('infkit must name a program')
    if windows and argv[0] == 'infkit':
        argv[0] = 'infkit.cmd'
    return argv


def machine_args(backend, state_dir):
    args = ['--backend', backend or 'auto']
    if state_dir:
        args += ['--state', state_dir]
    return args


def apply_args(manifest, state='present', check_mode=False, force=False, backend='auto', state_dir=None):
    args = ['apply', manifest, '--json']
    if state == 'absent':
        args.append('--undo')
    if check_mode:
        args.append('--dry-run')
    if force:
        args.append('--force')
    return args + machine_args(backend, state_dir)


def validate_args(paths, mode='default', arch=None, ignore=None, min_severity=None):
    if not paths:
        raise InfkitUsageError('paths must name at least one file, directory or glob')
    args = ['validate'] + list(paths) + ['--format', 'json', '--mode', mode or 'default']
    if arch:
        args += ['--arch', arch]
    if ignore:
        args += ['--ignore', ','.join(ignore)]
    if min_severity:
        args += ['--min-severity', min_severity]
    return args


def listing_args(command, backend='auto', state_dir=None, present=False):
    args = [command, '--json']
    if present and command == 'interfaces':
        args.append('--present')
    return args + machine_args(backend, state_dir)


def parse_json(stdout):
    """The JSON document infkit printed, or None when stdout holds none."""
    text = (stdout or '').strip()
    if not text:
        return None
    try:
        doc = json.loads(text)
    except ValueError:
        return None
    return doc if isinstance(doc, (dict, list)) else None


def is_error_doc(doc):
    return isinstance(doc, dict) and isinstance(doc.get('error'), str)


def describe_error(err):
    """One line for an infkit error document: the WinError's name (or the E_ code), its
    message and its hint."""
    if not isinstance(err, dict):
        return str(err)
    name = err.get('name') if err.get('error') == 'WinError' else None
    code = name or err.get('error') or 'error'
    text = '%s: %s' % (code, err.get('message') or '')
    if err.get('file') and err.get('line'):
        text = '%s:%s:%s: %s' % (err['file'], err['line'], err.get('column') or 1, text)
    if err.get('hint'):
        text += ' (hint: %s)' % err['hint']
    return text


def command_failure(rc, stdout, stderr, module_msg=None):
    """A result for a run that printed no infkit JSON: infkit missing, crashed, too old."""
    detail = (stderr or '').strip() or (stdout or '').strip() or module_msg or 'no output'
    return dict(
        failed=True,
        changed=False,
        rc=rc,
        msg='infkit printed no JSON report (exit code %s): %s' % (rc, detail),
        stderr=stderr or '',
    )


def flatten_findings(files):
    """validate --json's files[] as one list of findings, each with its file."""
    findings = []
    for f in files or []:
        for d in f.get('diagnostics') or []:
            item = dict(file=f.get('file'))
            item.update(d)
            findings.append(item)
    return findings


def _state_line(title, present, detail=None):
    text = '%s: %s\n' % (title, 'present' if present else 'absent')
    if detail:
        text += '  %s\n' % detail
    return text


def item_diff(item, operation):
    """Before and after of one changed item of an apply report, or None when it did not change.

    An item that apply changes (or would change) was absent and is present afterwards; one that
    undo changes was present and is absent afterwards. The detail says what was (or would be)
    done: "created ROOT\\LABRIG\\0000", "staged as oem0.inf", "removed: ...".
    """
    if item.get('status') not in CHANGED:
        return None
    title = item.get('title') or item.get('id') or 'item'
    undo = operation == 'undo'
    header = '%s (%s)' % (title, item.get('at') or item.get('kind') or '')
    return dict(
        before_header=header,
        after_header=header,
        before=_state_line(title, undo),
        after=_state_line(title, not undo, item.get('detail')),
    )


def apply_result(rc, stdout, stderr='', check_mode=False, module_msg=None):
    """The Ansible result of one `infkit apply --json` run.

    changed: any item changed (would change, in check mode). failed: any item failed, the
    manifest was refused (exit 2) or its INFs were (E_INF_INVALID); msg then names each
    failure with the WinError's name, message and hint. 3010 (194 on POSIX) is success with
    reboot_required. diff: before/after of each changed item.
    """
    doc = parse_json(stdout)
    if doc is None:
        return command_failure(rc, stdout, stderr, module_msg)
    if is_error_doc(doc):
        result = dict(failed=True, changed=False, rc=rc, reboot_required=False, items=[],
                      msg='infkit apply failed: %s' % describe_error(doc), error=doc)
        if doc.get('files'):
            result['findings'] = flatten_findings(doc['files'])
        return result

    items = doc.get('items') or []
    operation = doc.get('operation') or 'apply'
    failed_items = [i for i in items if i.get('status') in FAILED]
    changed = any(i.get('status') in CHANGED for i in items)
    reboot = bool(doc.get('rebootRequired')) or rc in REBOOT_EXIT_CODES
    result = dict(
        changed=changed,
        failed=bool(failed_items) or rc not in (0,) + REBOOT_EXIT_CODES,
        rc=rc,
        reboot_required=reboot,
        operation=operation,
        dry_run=bool(doc.get('dryRun')),
        name=doc.get('name'),
        manifest=doc.get('manifest'),
        backend=doc.get('backend'),
        journal=doc.get('journal'),
        summary=doc.get('summary') or {},
        items=items,
        diff=[d for d in (item_diff(i, operation) for i in items) if d is not None],
    )
    summary = result['summary']
    if failed_items:
        verb = 'would fail' if check_mode else 'failed'
        result['msg'] = '%d of %d item(s) %s: %s' % (
            len(failed_items), len(items), verb,
            '; '.join('%s: %s' % (i.get('title') or i.get('id'), describe_error(i.get('error') or i.get('detail')))
                      for i in failed_items))
    elif result['failed']:
        result['msg'] = 'infkit apply exited %s: %s' % (rc, (stderr or '').strip() or 'see items')
    else:
        what = 'would change' if check_mode else ('removed' if operation == 'undo' else 'changed')
        result['msg'] = '%s: %s of %s item(s) %s%s' % (
            doc.get('name') or 'manifest', summary.get('changed', 0), summary.get('total', len(items)), what,
            '; a reboot is required' if reboot else '')
    if stderr and stderr.strip():
        result['stderr'] = stderr
    return result


def validate_result(rc, stdout, stderr='', module_msg=None):
    """The Ansible result of one `infkit validate --format json` run: failed on error-level
    findings (exit 1) and on paths that cannot be read (exit 2); never changed."""
    doc = parse_json(stdout)
    if doc is None:
        return command_failure(rc, stdout, stderr, module_msg)
    if is_error_doc(doc):
        return dict(failed=True, changed=False, rc=rc, findings=[], msg='infkit validate failed: %s' % describe_error(doc),
                    error=doc)
    files = doc.get('files') or []
    summary = doc.get('summary') or {}
    findings = flatten_findings(files)
    io_errors = [f for f in files if f.get('error')]
    result = dict(changed=False, failed=rc != 0, rc=rc, findings=findings, files=files, summary=summary)
    errors = [f for f in findings if f.get('severity') == 'error']
    if rc == 0:
        result['msg'] = '%s file(s) checked: %s error(s), %s warning(s)' % (
            summary.get('files', len(files)), summary.get('errors', 0), summary.get('warnings', 0))
        return result
    parts = []
    if errors:
        parts.append('%d error-level finding(s): %s' % (len(errors), '; '.join(
            '%s:%s:%s: %s %s' % (f.get('file'), f.get('line'), f.get('column'), f.get('code'), f.get('message'))
            for f in errors[:10])) + (' ...' if len(errors) > 10 else ''))
    for f in io_errors:
        parts.append('%s: %s' % (f.get('file'), describe_error(f['error'])))
    if not parts:
        parts.append((stderr or '').strip() or 'exit code %s' % rc)
    result['msg'] = 'infkit validate: ' + '; '.join(parts)
    return result


def devices_unavailable(rc, stdout, stderr):
    """True when `infkit devices` failed because this infkit has no such command (commander's
    "unknown command 'devices'", exit 2 with --json's usage error or plain text)."""
    if rc == 0:
        return False
    text = '%s\n%s' % (stdout or '', stderr or '')
    return "unknown command 'devices'" in text or 'unknown command "devices"' in text


def listing_value(doc, key):
    """The list under ``key`` of a listing's JSON (classes, interfaceClasses, drivers, devices)."""
    if isinstance(doc, dict) and isinstance(doc.get(key), list):
        return doc[key]
    if isinstance(doc, list):
        return doc
    return None
