// `infkit trust`, and the trust check in install and validate, run in-process on the built CLI
// (npx tsc -p . first), on the mock machine where a machine is needed.
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cleanup, projectRoot, run, runJson, tempState } from '../cli/helpers.js';

beforeAll(assertBuilt);
afterAll(cleanup);

const widget = 'test/fixtures/trust/widget';
const signer = 'test/fixtures/trust/signer.cer';

/** A copy of the widget package in a fresh directory: its folder. */
function widgetCopy(): string {
  const dir = tempState();
  cpSync(path.join(projectRoot, widget), dir, { recursive: true });
  return dir;
}

describe('infkit trust check (CLI)', () => {
  const check = (...args: string[]) => run(['trust', 'check', ...args]);

  it('text: the verdict, signer, timestamp, OSAttr and each file; exit 0', async () => {
    const r = await check(`${widget}/widget.inf`);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`${widget}/widget.inf: ok (amd64, CatalogFile = widget.cat)`);
    expect(lines[1]).toBe('  signer     CN=infkit test signer');
    expect(lines).toContain('  timestamp  2024-06-01T12:30:00.000Z (rfc3161, CN=infkit test TSA)');
    expect(lines).toContain('  OSAttr     2:10.0');
    expect(lines).toContain('  files      widget.inf: matches (sha256, file hash)');
    expect(lines).toContain('             widget.sys: matches (sha256, Authenticode hash)');
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('--json: the report, keys in the documented order', async () => {
    const r = await check(`${widget}/widget.inf`, '--arch', 'x86', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual([
      'inf',
      'arch',
      'catalog',
      'signer',
      'chain',
      'timestamp',
      'osAttributes',
      'files',
      'verdict',
      'findings',
    ]);
    expect(json.arch).toBe('x86');
    expect(
      json.files.map((f: { name: string; listed: boolean; hashAlgorithm: string; matches: boolean }) => [
        f.name,
        f.listed,
        f.hashAlgorithm,
        f.matches,
      ]),
    ).toEqual([
      ['widget.inf', true, 'sha256', true],
      ['widget.sys', true, 'sha256', true],
      ['widget.dat', true, 'sha256', true],
    ]);
  });

  it('a folder: an array of reports with --json, a summary line in text; exit 1 when one stops an install', async () => {
    const dir = widgetCopy();
    rmSync(path.join(dir, 'widget.cat'));
    const text = await check(dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      `${path.join(dir, 'widget.inf')}:7:15: error INF9550: CatalogFile = widget.cat, which is not beside the INF`,
    );
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('1 INF: 1 missing-catalog');
    const json = await check(dir, '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ verdict: 'missing-catalog' })]);
  });

  it('usage and I/O: exit 2', async () => {
    expect((await check('no/such/package')).code).toBe(2);
    expect((await check(`${widget}/widget.inf`, '--arch', 'mips')).code).toBe(2);
    // A folder without an INF.
    expect((await check(tempState())).code).toBe(2);
  });
});

describe('infkit trust add|list|remove and check --machine (CLI, mock machine)', () => {
  const mock = (state: string, ...args: string[]) => run([...args, '--backend', 'mock', '--state', state]);
  // The certificate's SHA-1, as Windows shows it (upper-case hex): computed here, independently of infkit.
  const THUMBPRINT = createHash('sha1')
    .update(readFileSync(path.join(projectRoot, signer)))
    .digest('hex')
    .toUpperCase();

  it('the machine trusts the catalog once its signer is in Root and TrustedPublisher, and not after it is removed', async () => {
    const state = tempState();
    const before = await runJson(state, ['trust', 'check', `${widget}/widget.inf`, '--machine']);
    expect(before.code).toBe(1);
    expect(before.json.machine).toMatchObject({
      catalog: { trusted: false, name: 'CERT_E_UNTRUSTEDROOT' },
      testSigning: false,
    });

    const added = await runJson(state, ['trust', 'add', signer]);
    expect(added.code).toBe(0);
    expect(added.json).toMatchObject({
      changed: true,
      results: [
        { store: 'Root', added: true },
        { store: 'TrustedPublisher', added: true },
      ],
    });
    const thumbprint = added.json.results[0].thumbprint as string;
    expect(thumbprint).toBe(THUMBPRINT);
    expect((await runJson(state, ['trust', 'add', signer])).json.changed).toBe(false);

    const listed = (await runJson(state, ['trust', 'list'])).json;
    expect(listed.certificates).toEqual([
      expect.objectContaining({ store: 'Root', thumbprint, subject: 'CN=infkit test signer' }),
      expect.objectContaining({ store: 'TrustedPublisher', thumbprint, subject: 'CN=infkit test signer' }),
    ]);
    const trusted = await mock(state, 'trust', 'check', `${widget}/widget.inf`, '--machine');
    expect(trusted.code).toBe(0);
    expect(trusted.stdout).toContain('  machine    trusted; test signing off');

    expect((await mock(state, 'trust', 'remove', thumbprint.toLowerCase())).code).toBe(0);
    expect((await mock(state, 'trust', 'check', `${widget}/widget.inf`, '--machine')).code).toBe(1);
    const again = await runJson(state, ['trust', 'remove', thumbprint]);
    expect(again.code).toBe(1);
    expect(again.json.error).toBe('E_NOT_FOUND');
  });

  it('as a standard user, trust add is refused with ERROR_ELEVATION_REQUIRED and adds nothing; a PEM certificate is read', async () => {
    const state = tempState();
    const r = await runJson(state, ['trust', 'add', signer], { env: { INFKIT_MOCK_USER: 'standard' } });
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ name: 'ERROR_ELEVATION_REQUIRED' });
    expect((await runJson(state, ['trust', 'list'])).json.certificates).toEqual([]);
    const pem = path.join(state, 'signer.pem');
    const der = readFileSync(path.join(projectRoot, signer));
    writeFileSync(pem, `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`);
    expect((await runJson(state, ['trust', 'add', pem])).json.changed).toBe(true);
    expect((await mock(state, 'trust', 'add', path.join(state, 'missing.cer'))).code).toBe(2);
  });
});

describe('the trust check before an install, and in validate --driver (CLI, mock machine)', () => {
  /** The widget package with one byte of widget.sys changed after signing: its INF. */
  const tampered = (): string => {
    const dir = widgetCopy();
    const sys = readFileSync(path.join(dir, 'widget.sys'));
    sys[600] = sys[600]! ^ 0xff;
    writeFileSync(path.join(dir, 'widget.sys'), sys);
    return path.join(dir, 'widget.inf');
  };

  it('install package refuses a package whose file the catalog does not vouch for, naming it; --force installs', async () => {
    const inf = tampered();
    const state = tempState();
    const refused = await runJson(state, ['install', 'package', inf]);
    expect(refused.code).toBe(1);
    expect(refused.json).toMatchObject({ error: 'E_INF_INVALID' });
    expect(refused.json.files[0].diagnostics.map((d: { code: string }) => d.code)).toEqual(['INF9555']);
    expect((await runJson(state, ['drivers'])).json.drivers).toEqual([]);
    const forced = await run(['install', 'package', inf, '--backend', 'mock', '--state', state, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('INF9555');
    // The untouched package installs without --force.
    expect((await run(['install', 'package', `${widget}/widget.inf`, '--backend', 'mock', '--state', state])).code).toBe(0);
  });

  it('validate --driver and --hlk report the catalog findings; the default mode does not', async () => {
    const inf = tampered();
    const codes = async (...args: string[]) =>
      (JSON.parse((await run(['validate', ...args, inf, '--json'])).stdout).files[0].diagnostics as Array<{ code: string }>).map(
        (d) => d.code,
      );
    expect(await codes('--driver')).toContain('INF9555');
    expect(await codes('--hlk')).toContain('INF9555');
    expect(await codes()).not.toContain('INF9555');
    expect(await codes('--driver', '--ignore', 'INF9555')).not.toContain('INF9555');
  });
});
