// What a script can trust: usage errors are JSON with --json and exit 2, a command group
// without its command is no success, `remove class` refuses what the machine needs, and a
// malformed or unmatched selector is never a silent success.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, type ClassJson, cleanup, example, projectRoot, run, runJson, tempState, LAB_CLASS_GUID } from './helpers.js';

beforeAll(assertBuilt);
afterAll(cleanup);

/** Runs with --json (no backend options: usage errors come before any backend). */
async function usage(args: string[]) {
  const r = await run([...args, '--json']);
  return { ...r, json: JSON.parse(r.stdout) as Record<string, unknown> };
}

describe('usage errors', () => {
  it('with --json: an unknown option, an unknown command, a missing argument are E_USAGE on stdout, exit 2', async () => {
    for (const args of [['classes', '--bogus'], ['bogus'], ['install', 'class'], ['remove', 'class'], ['install', 'nothing']]) {
      const r = await usage(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(Object.keys(r.json), args.join(' ')).toEqual(['error', 'message', 'hint']);
      expect(r.json.error).toBe('E_USAGE');
      expect(r.stdout).not.toMatch(/Usage:/);
    }
    expect((await usage(['install', 'class'])).json).toMatchObject({
      message: "missing required argument 'inf'",
      hint: '`infkit install class --help` shows its usage',
    });
  });

  it('--version prints the version and loads no command', async () => {
    const { commandsFor } = await import('../../lib/cli/commands/index.js');
    expect(commandsFor(['--version'])).toEqual([]);
    expect(commandsFor(['-V'])).toEqual([]);
    expect(commandsFor(['validate', '--version']).map((c) => c.name)).toEqual(['validate']);
    const { version } = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string };
    expect(await run(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('without --json: the message and the help on stderr, exit 2', async () => {
    const r = await run(['classes', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/unknown option '--bogus'/);
    expect(r.stderr).toMatch(/Usage: infkit classes/);
  });

  it('a bare `infkit` or `infkit install` prints help and exits 2; --help and the help command exit 0', async () => {
    for (const args of [[], ['install'], ['remove'], ['device']]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/Usage: infkit/);
    }
    expect((await run(['--help'])).code).toBe(0);
    expect((await run(['install', '--help'])).code).toBe(0);
    expect((await run(['help', 'install'])).code).toBe(0);
  });
});

describe('remove: guards and selectors', () => {
  it('refuses a system-defined class, with or without --dry-run, unless --force', async () => {
    const state = tempState();
    for (const extra of [[], ['--dry-run']]) {
      const r = await runJson(state, ['remove', 'class', 'System', ...extra]);
      expect(r.code).toBe(1);
      expect(r.json.error).toBe('E_UNSAFE');
      expect(r.json.message).toMatch(/system-defined/);
    }
    expect((await runJson(state, ['classes'])).json.classes.some((c: ClassJson) => c.name === 'System')).toBe(true);
    const forced = await runJson(state, ['remove', 'class', 'System', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.json.changed).toBe(true);
  });

  it('refuses a class that still has devices or staged packages, saying which', async () => {
    const state = tempState();
    await runJson(state, ['install', 'class', example('infs/labclass.inf')]);
    await runJson(state, ['install', 'device', 'ROOT\\LABRIG', '--inf', example('infs/labrig.inf')]);
    const refused = await runJson(state, ['remove', 'class', LAB_CLASS_GUID]);
    expect(refused.code).toBe(1);
    expect(refused.json.error).toBe('E_UNSAFE');
    expect(refused.json.message).toMatch(/1 device\(s\) are in it \(ROOT\\LABRIG\\0000\)/);
    expect(refused.json.message).toMatch(/staged driver package\(s\)/);
    await runJson(state, ['remove', 'device', '--hardware-id', 'ROOT\\LABRIG']);
    const stillStaged = await runJson(state, ['remove', 'class', 'LabRig', '--dry-run']);
    expect(stillStaged.json.message).not.toMatch(/device\(s\)/);
    expect(stillStaged.json.message).toMatch(/staged driver package/);
  });

  it('a malformed GUID is E_USAGE (exit 2); what matches nothing is E_NOT_FOUND (exit 1)', async () => {
    const state = tempState();
    const malformed = await runJson(state, ['remove', 'class', '{zzzz}']);
    expect([malformed.code, malformed.json.error]).toEqual([2, 'E_USAGE']);
    expect((await runJson(state, ['devices', '--class', '{zzzz}'])).code).toBe(2);
    // A pattern that matches nothing is an error, not a silent success.
    for (const args of [
      ['remove', 'device', '--hardware-id', 'ROOT\\UX*'],
      ['remove', 'device', '--hardware-id', 'ROOT\\UX*', '--dry-run'],
      ['device', 'disable', 'ROOT\\NOSUCH\\0000'],
    ]) {
      const r = await runJson(state, args);
      expect([r.code, r.json.error], args.join(' ')).toEqual([1, 'E_NOT_FOUND']);
    }
    // What is named exactly and is not there is removed already: idempotent, exit 0.
    for (const args of [
      ['remove', 'class', 'NoSuchClass'],
      ['remove', 'interface-class', '{00000000-0000-0000-0000-00000000ABCD}'],
      ['remove', 'driver', 'oem99.inf'],
      ['remove', 'device', 'ROOT\\NOSUCH\\0000'],
    ]) {
      const r = await runJson(state, args);
      expect([r.code, r.json.changed], args.join(' ')).toEqual([0, false]);
    }
  });
});

describe('reboot in the text output', () => {
  it('a reboot-required install section says so on its last line', async () => {
    const r = await run([
      'install',
      'section',
      path.join(projectRoot, 'test/fixtures/contract/defaultinstall.inf'),
      'RebootInstall',
      '--backend',
      'mock',
      '--state',
      tempState(),
    ]);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('a reboot is required to finish');
  });
});
