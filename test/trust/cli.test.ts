// `infkit trust check` as a user runs it: the built CLI (npx tsc -p . first) in a child process.
// INFKIT_CLI=/path/to/dist/cli/main.js runs another build (a private --outDir) instead.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const main = process.env.INFKIT_CLI ?? path.join(root, 'dist/cli/main.js');
const built = existsSync(main) && existsSync(path.join(path.dirname(main), 'commands/trust.js'));
if (!built) console.log(`skipped: ${main} is missing or predates \`infkit trust\`; run \`npx tsc -p .\` first`);

const widget = 'test/fixtures/trust/widget';
const temp = mkdtempSync(path.join(tmpdir(), 'infkit-trust-cli-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [main, 'trust', 'check', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!built)('infkit trust check (CLI)', () => {
  it('text: the verdict, signer, timestamp, OSAttr and each file; exit 0', () => {
    const r = run(`${widget}/widget.inf`);
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

  it('--json: the report, keys in the documented order', () => {
    const r = run(`${widget}/widget.inf`, '--arch', 'x86', '--json');
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

  it('a folder: an array of reports with --json, a summary line in text; exit 1 when one stops an install', () => {
    const dir = path.join(temp, 'pkg');
    cpSync(path.join(root, widget), dir, { recursive: true });
    rmSync(path.join(dir, 'widget.cat'));
    const text = run(dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      `${path.join(dir, 'widget.inf')}:7:15: error INF9550: CatalogFile = widget.cat, which is not beside the INF`,
    );
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('1 INF: 1 missing-catalog');
    const json = run(dir, '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ verdict: 'missing-catalog' })]);
  });

  it('usage and I/O: exit 2', () => {
    expect(run('no/such/package').code).toBe(2);
    expect(run(`${widget}/widget.inf`, '--arch', 'mips').code).toBe(2);
    expect(run(`${temp}/empty-${Date.now()}`).code).toBe(2);
  });
});

describe.skipIf(!built)('infkit trust add|list|remove and check --machine (CLI, mock machine)', () => {
  const cli = (state: string, ...args: string[]) => {
    const r = spawnSync(process.execPath, [main, ...args, '--backend', 'mock', '--state', state], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  // The certificate's SHA-1, as Windows shows it (upper-case hex): computed here, independently of infkit.
  const THUMBPRINT = createHash('sha1')
    .update(readFileSync(path.join(root, 'test/fixtures/trust/signer.cer')))
    .digest('hex')
    .toUpperCase();

  it('the machine trusts the catalog once its signer is in Root and TrustedPublisher, and not after it is removed', () => {
    const state = mkdtempSync(path.join(temp, 'machine-'));
    const before = cli(state, 'trust', 'check', `${widget}/widget.inf`, '--machine', '--json');
    expect(before.code).toBe(1);
    expect(JSON.parse(before.stdout).machine).toMatchObject({
      catalog: { trusted: false, name: 'CERT_E_UNTRUSTEDROOT' },
      testSigning: false,
    });

    const added = cli(state, 'trust', 'add', 'test/fixtures/trust/signer.cer', '--json');
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({
      changed: true,
      results: [
        { store: 'Root', added: true },
        { store: 'TrustedPublisher', added: true },
      ],
    });
    const thumbprint = JSON.parse(added.stdout).results[0].thumbprint as string;
    expect(thumbprint).toBe(THUMBPRINT);
    expect(JSON.parse(cli(state, 'trust', 'add', 'test/fixtures/trust/signer.cer', '--json').stdout).changed).toBe(false);

    const listed = JSON.parse(cli(state, 'trust', 'list', '--json').stdout);
    expect(listed.certificates).toEqual([
      expect.objectContaining({ store: 'Root', thumbprint, subject: 'CN=infkit test signer' }),
      expect.objectContaining({ store: 'TrustedPublisher', thumbprint, subject: 'CN=infkit test signer' }),
    ]);
    const trusted = cli(state, 'trust', 'check', `${widget}/widget.inf`, '--machine');
    expect(trusted.code).toBe(0);
    expect(trusted.stdout).toContain('  machine    trusted; test signing off');

    expect(cli(state, 'trust', 'remove', thumbprint.toLowerCase()).code).toBe(0);
    expect(cli(state, 'trust', 'check', `${widget}/widget.inf`, '--machine').code).toBe(1);
    const again = cli(state, 'trust', 'remove', thumbprint, '--json');
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).error).toBe('E_NOT_FOUND');
  });

  it('as a standard user, trust add is refused with ERROR_ELEVATION_REQUIRED and adds nothing; a PEM certificate is read', () => {
    const state = mkdtempSync(path.join(temp, 'user-'));
    const r = spawnSync(
      process.execPath,
      [main, 'trust', 'add', 'test/fixtures/trust/signer.cer', '--backend', 'mock', '--state', state, '--json'],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, INFKIT_MOCK_USER: 'standard' },
      },
    );
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'ERROR_ELEVATION_REQUIRED' });
    expect(JSON.parse(cli(state, 'trust', 'list', '--json').stdout).certificates).toEqual([]);
    const pem = path.join(state, 'signer.pem');
    const der = readFileSync(path.join(root, 'test/fixtures/trust/signer.cer'));
    writeFileSync(pem, `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`);
    expect(JSON.parse(cli(state, 'trust', 'add', pem, '--json').stdout).changed).toBe(true);
    expect(cli(state, 'trust', 'add', path.join(state, 'missing.cer')).code).toBe(2);
  });
});

describe.skipIf(!built)('the trust check before an install, and in validate --driver (CLI, mock machine)', () => {
  const node = (...args: string[]) => {
    const r = spawnSync(process.execPath, [main, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  /** The widget package with one byte of widget.sys changed after signing. */
  const tampered = (): string => {
    const dir = mkdtempSync(path.join(temp, 'tampered-'));
    cpSync(path.join(root, widget), dir, { recursive: true });
    const sys = readFileSync(path.join(dir, 'widget.sys'));
    sys[600] = sys[600]! ^ 0xff;
    writeFileSync(path.join(dir, 'widget.sys'), sys);
    return path.join(dir, 'widget.inf');
  };

  it('install package refuses a package whose file the catalog does not vouch for, naming it; --force installs', () => {
    const inf = tampered();
    const state = mkdtempSync(path.join(temp, 'install-'));
    const refused = node('install', 'package', inf, '--backend', 'mock', '--state', state, '--json');
    expect(refused.code).toBe(1);
    const error = JSON.parse(refused.stdout);
    expect(error).toMatchObject({ error: 'E_INF_INVALID' });
    expect(error.files[0].diagnostics.map((d: { code: string }) => d.code)).toEqual(['INF9555']);
    expect(JSON.parse(node('drivers', '--backend', 'mock', '--state', state, '--json').stdout).drivers).toEqual([]);
    const forced = node('install', 'package', inf, '--backend', 'mock', '--state', state, '--force');
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('INF9555');
    // The untouched package installs without --force.
    expect(node('install', 'package', `${widget}/widget.inf`, '--backend', 'mock', '--state', state).code).toBe(0);
  });

  it('validate --driver and --hlk report the catalog findings; the default mode does not', () => {
    const inf = tampered();
    const codes = (...args: string[]) =>
      (JSON.parse(node('validate', ...args, inf, '--json').stdout).files[0].diagnostics as Array<{ code: string }>).map((d) => d.code);
    expect(codes('--driver')).toContain('INF9555');
    expect(codes('--hlk')).toContain('INF9555');
    expect(codes()).not.toContain('INF9555');
    expect(codes('--driver', '--ignore', 'INF9555')).not.toContain('INF9555');
  });
});
