// checkPackageTrust over our fixture package (test/fixtures/trust/widget, made by make.mjs)
// and over temporary copies of it with one thing broken each: a byte of a listed binary, the
// catalog removed, the INF renamed, the catalog's list altered, the timestamp altered.
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseInfSync } from '../inf/index.js';
import { checkPackageTrust, trustRefusesInstall } from './check.js';
import { TRUST_STOPPERS } from './codes.js';

const widget = fileURLToPath(new URL('../../test/fixtures/trust/widget', import.meta.url));
const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the widget package in a temporary folder. */
function copy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'infkit-trust-'));
  temps.push(dir);
  cpSync(widget, dir, { recursive: true });
  return dir;
}

const codes = (r: { findings: Array<{ code: string }> }) => r.findings.map((f) => f.code);

describe('checkPackageTrust', () => {
  it('the fixture is covered: every file listed and matching, signer, chain, RFC 3161 timestamp, OSAttr', async () => {
    const r = await checkPackageTrust(path.join(widget, 'widget.inf'), { arch: 'amd64' });
    expect(r.verdict).toBe('ok');
    expect(r.findings).toEqual([]);
    expect(r.files).toEqual([
      expect.objectContaining({ name: 'widget.inf', listed: true, hashAlgorithm: 'sha256', hashKind: 'flat', matches: true }),
      expect.objectContaining({ name: 'widget.sys', listed: true, hashAlgorithm: 'sha256', hashKind: 'pe', matches: true }),
      expect.objectContaining({ name: 'widget.dat', listed: true, hashAlgorithm: 'sha256', hashKind: 'flat', matches: true }),
    ]);
    expect(r.signer).toMatchObject({
      subject: 'CN=infkit test signer',
      issuer: 'CN=infkit test signer',
      serial: '03E9',
      judgedBy: 'timestamp',
      expired: false,
    });
    expect(r.signer!.thumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(r.chain.map((c) => c.subject)).toEqual(['CN=infkit test signer']);
    expect(r.timestamp).toMatchObject({
      kind: 'rfc3161',
      time: '2024-06-01T12:30:00.000Z',
      verified: true,
      signer: { subject: 'CN=infkit test TSA' },
    });
    expect(r.osAttributes).toEqual(['2:10.0']);
    expect(r.catalog).toMatchObject({ key: 'CatalogFile', name: 'widget.cat', members: 3, attributes: { OS: '_v100_X64' } });
    expect(trustRefusesInstall(r)).toBe(false);
  });

  it('takes the document already parsed (as validate has it): the same report, from that document, not the file again', async () => {
    const inf = path.join(widget, 'widget.inf');
    const bytes = readFileSync(inf);
    const now = new Date('2025-01-01T00:00:00Z');
    expect(await checkPackageTrust(parseInfSync(bytes, { file: inf }), { arch: 'amd64', now })).toEqual(
      await checkPackageTrust(inf, { arch: 'amd64', now }),
    );
    const edited = Buffer.from(bytes.toString('latin1').replace(/^CatalogFile\s*=.*$/m, 'CatalogFile = other.cat'), 'latin1');
    const r = await checkPackageTrust(parseInfSync(edited, { file: inf }), { arch: 'amd64' });
    expect(r).toMatchObject({ inf, verdict: 'missing-catalog', catalog: { name: 'other.cat', path: null } });
  });

  it('one byte changed in a listed binary: INF9555 names the file and the [Widget_Files] line that copies it', async () => {
    const dir = copy();
    const sys = readFileSync(path.join(dir, 'widget.sys'));
    sys[0x201] ^= 0xff;
    writeFileSync(path.join(dir, 'widget.sys'), sys);
    const r = await checkPackageTrust(path.join(dir, 'widget.inf'), { arch: 'amd64' });
    expect(r.verdict).toBe('mismatch');
    expect(r.files.find((f) => f.name === 'widget.sys')).toMatchObject({ listed: true, matches: false, hashKind: 'pe' });
    expect(r.findings).toEqual([
      expect.objectContaining({
        code: 'INF9555',
        severity: 'error',
        line: 33,
        message: expect.stringMatching(/^widget\.sys: its sha256 Authenticode hash [0-9A-F]{64} is not in widget\.cat$/),
      }),
    ]);
    expect(trustRefusesInstall(r)).toBe(true);
  });

  it('the catalog removed: INF9550 at the CatalogFile line', async () => {
    const dir = copy();
    rmSync(path.join(dir, 'widget.cat'));
    const r = await checkPackageTrust(path.join(dir, 'widget.inf'), { arch: 'amd64' });
    expect(r.verdict).toBe('missing-catalog');
    expect(r.catalog).toMatchObject({ name: 'widget.cat', path: null });
    expect(r.findings).toEqual([
      expect.objectContaining({
        code: 'INF9550',
        line: 7,
        message: expect.stringContaining('CatalogFile = widget.cat, which is not beside the INF'),
      }),
    ]);
    expect(trustRefusesInstall(r)).toBe(true);
  });

  it('the catalog found whatever the case of its name, as on Windows', async () => {
    const dir = copy();
    renameSync(path.join(dir, 'widget.cat'), path.join(dir, 'WIDGET.CAT'));
    expect((await checkPackageTrust(path.join(dir, 'widget.inf'), { arch: 'amd64' })).verdict).toBe('ok');
  });

  it('the INF renamed: the catalog lists widget.inf, not the new name, and has no member with its hash under it', async () => {
    const dir = copy();
    renameSync(path.join(dir, 'widget.inf'), path.join(dir, 'gadget.inf'));
    const r = await checkPackageTrust(path.join(dir, 'gadget.inf'), { arch: 'amd64' });
    // Windows looks files up by hash: the renamed INF still matches the member made from widget.inf.
    expect(r.files[0]).toMatchObject({ name: 'gadget.inf', listed: true, matches: true });
    expect(r.verdict).toBe('ok');
  });

  it('the INF renamed and edited: INF9554 names it as not listed', async () => {
    const dir = copy();
    const text = readFileSync(path.join(dir, 'widget.inf'), 'latin1');
    writeFileSync(path.join(dir, 'gadget.inf'), text.replace('Widget   = "infkit trust test widget"', 'Widget   = "gadget"'), 'latin1');
    rmSync(path.join(dir, 'widget.inf'));
    const r = await checkPackageTrust(path.join(dir, 'gadget.inf'), { arch: 'amd64' });
    expect(r.verdict).toBe('mismatch');
    expect(r.findings).toEqual([expect.objectContaining({ code: 'INF9554', message: 'gadget.inf is not listed in widget.cat' })]);
  });

  it('LF line ends: INF9555 says that with CRLF ones the INF matches', async () => {
    const dir = copy();
    writeFileSync(path.join(dir, 'widget.inf'), readFileSync(path.join(dir, 'widget.inf'), 'latin1').replace(/\r\n/g, '\n'), 'latin1');
    const r = await checkPackageTrust(path.join(dir, 'widget.inf'), { arch: 'amd64' });
    expect(r.findings).toEqual([
      expect.objectContaining({ code: 'INF9555', message: expect.stringContaining('it has LF line ends, and with CRLF ones it matches') }),
    ]);
  });

  it('a copied file missing from the package: INF9556', async () => {
    const dir = copy();
    rmSync(path.join(dir, 'widget.dat'));
    const r = await checkPackageTrust(path.join(dir, 'widget.inf'), { arch: 'amd64' });
    expect(r.files.find((f) => f.name === 'widget.dat')).toMatchObject({ listed: true, matches: false, hashAlgorithm: null });
    expect(codes(r)).toEqual(['INF9556']);
  });

  it('the list altered after signing: INF9553, the signature does not verify', async () => {
    const dir = copy();
    const cat = readFileSync(path.join(dir, 'widget.cat'));
    const at = cat.indexOf(Buffer.from('_v100_X64', 'utf16le'));
    cat.write('_v100_X86', at, 'utf16le'); // the OS attribute, inside the signed list
    writeFileSync(path.join(dir, 'widget.cat'), cat);
    const r = await checkPackageTrust(path.join(dir, 'widget.inf'), { arch: 'amd64' });
    expect(r.verdict).toBe('invalid');
    expect(codes(r)).toEqual(['INF9553']);
  });

  it('the timestamp altered: INF9559, and the expired signer is judged now (INF9557)', async () => {
    const dir = copy();
    const cat = readFileSync(path.join(dir, 'widget.cat'));
    const at = cat.indexOf(Buffer.from('20240601123000Z', 'latin1')); // genTime of the TSTInfo
    cat.write('20240601123001Z', at, 'latin1');
    writeFileSync(path.join(dir, 'widget.cat'), cat);
    const r = await checkPackageTrust(path.join(dir, 'widget.inf'), { arch: 'amd64', now: new Date('2026-01-01T00:00:00Z') });
    expect(r.timestamp).toMatchObject({ verified: false });
    expect(r.signer).toMatchObject({ judgedBy: 'now', judgedAt: '2026-01-01T00:00:00.000Z', expired: true });
    expect(codes(r)).toEqual(['INF9557', 'INF9559']);
    expect(r.verdict).toBe('expired');
    expect(trustRefusesInstall(r)).toBe(false);
  });

  it('not a catalog: INF9551 quotes the text a placeholder holds', async () => {
    const dir = copy();
    writeFileSync(path.join(dir, 'widget.cat'), 'Place holder for WHQL certification');
    const r = await checkPackageTrust(path.join(dir, 'widget.inf'), { arch: 'amd64' });
    expect(r.findings).toEqual([
      expect.objectContaining({
        code: 'INF9551',
        message: 'widget.cat is not a catalog: it is text, not DER: "Place holder for WHQL certification"',
      }),
    ]);
  });

  it('no CatalogFile for the architecture: INF1233, unsigned', async () => {
    const dir = copy();
    const text = readFileSync(path.join(dir, 'widget.inf'), 'latin1');
    writeFileSync(path.join(dir, 'widget.inf'), text.replace('CatalogFile = widget.cat', 'CatalogFile.NTx86 = widget.cat'), 'latin1');
    const amd64 = await checkPackageTrust(path.join(dir, 'widget.inf'), { arch: 'amd64' });
    expect(amd64.verdict).toBe('unsigned');
    expect(amd64.findings).toEqual([
      expect.objectContaining({ code: 'INF1233', line: 2, message: '[Version] names no CatalogFile for amd64: the package is unsigned' }),
    ]);
    const x86 = await checkPackageTrust(path.join(dir, 'widget.inf'), { arch: 'x86' });
    expect(x86.catalog).toMatchObject({ key: 'CatalogFile.NTx86' });
    expect(codes(x86)).toEqual(['INF9555']); // the INF was edited: its hash is no longer listed
  });

  it('every stopper is an error-level code with a reason', () => {
    expect([...TRUST_STOPPERS.keys()]).toEqual(['INF1233', 'INF9550', 'INF9554', 'INF9555', 'INF9556']);
  });
});
