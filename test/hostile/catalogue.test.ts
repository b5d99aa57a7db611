// The catalogue of hostile files (issue 6). Each is generated here, at test time, and must
// get a coded diagnostic or a coded error, within bounded time and memory: never a crash,
// a hang or a stack trace. Bounds are deliberately loose (they catch a blow-up or a hang,
// not a slowdown; speed lives in `npm run bench`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseInfSync, MAX_STRING_LENGTH } from '../../lib/inf/index.js';
import type { InfDocument } from '../../lib/inf/types.js';
import { validateDocument, validatePaths } from '../../lib/rules/index.js';
import type { Diagnostic } from '../../lib/rules/types.js';
import { buildPlan } from '../../lib/plan/index.js';
import type { Plan } from '../../lib/plan/types.js';
import { InfkitError } from '../../lib/errors.js';
import { Random } from '../../scripts/fuzz/mutate.js';
import { measure } from './bounds.js';

// A hostile file that hangs the reader fails by the test's own timeout; speed is the bench's.
/** No hostile file may make the process's resident set grow by more than this. */
const MAX_GROWTH_MB = 1024;

const VERSION =
  '[Version]\r\nSignature="$Windows NT$"\r\nClass=System\r\nClassGuid={4D36E97D-E325-11CE-BFC1-08002BE10318}\r\n' +
  'Provider=%Me%\r\nDriverVer=01/01/2024,1.0.0.0\r\n';
const STRINGS = '[Strings]\r\nMe="infkit tests"\r\n';
const TARGET = { arch: 'amd64', osVersion: '10.0.19045' };

const ascii = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));
const utf16 = (text: string) => new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));

interface Read {
  doc: InfDocument;
  findings: Diagnostic[];
  /** Every code the user sees: the open error's name, then the validation codes. */
  codes: string[];
}

/** What `infkit validate` does with bytes: read, then validate. */
function readAndValidate(bytes: Uint8Array): Read {
  const doc = parseInfSync(bytes, { file: 'hostile.inf' });
  const findings = validateDocument(doc);
  return { doc, findings, codes: [...(doc.openError ? [doc.openError.name] : []), ...findings.map((d) => d.code)] };
}

/** Measures `readAndValidate` and checks what every hostile file must get. */
async function hostile(bytes: Uint8Array): Promise<Read> {
  const m = await measure(() => readAndValidate(bytes));
  expect(m.peakGrowthMb, 'peak memory growth (MB)').toBeLessThan(MAX_GROWTH_MB);
  if (m.error !== undefined) {
    // The only acceptable throw is a coded InfkitError.
    expect(m.error).toBeInstanceOf(InfkitError);
    throw m.error;
  }
  const read = m.result!;
  expect(read.codes.length, 'a coded diagnostic or open error').toBeGreaterThan(0);
  expect(read.codes, 'no rule may fail internally').not.toContain('INF9999');
  return read;
}

describe('hostile files: reader and validation', () => {
  it('empty file: refused as SetupAPI would, with a code', async () => {
    const { doc } = await hostile(new Uint8Array(0));
    expect(doc.openError?.name).toBe('ERROR_WRONG_INF_STYLE');
  });

  it('a UTF-16 BOM and nothing else', async () => {
    const { doc } = await hostile(new Uint8Array([0xff, 0xfe]));
    expect(doc.encoding).toBe('utf16le-bom');
    expect(doc.openError).not.toBeNull();
  });

  it('a UTF-8 BOM and nothing else', async () => {
    const { doc } = await hostile(new Uint8Array([0xef, 0xbb, 0xbf]));
    expect(doc.openError).not.toBeNull();
  });

  it('odd-length UTF-16: warned about, read as SetupAPI reads it', async () => {
    const bytes = new Uint8Array([...utf16(VERSION + STRINGS), 0x41]);
    const { codes } = await hostile(bytes);
    expect(codes).toContain('INF1003');
  });

  it('50 MB with no newline, before any section', async () => {
    const { doc } = await hostile(ascii('a'.repeat(50 * 2 ** 20)));
    expect(doc.openError?.name).toBe('ERROR_EXPECTED_SECTION_NAME');
  });

  it('50 MB with no newline, as one field of a line', async () => {
    const { doc, codes } = await hostile(ascii(`${VERSION}${STRINGS}[S]\r\nk=${'a'.repeat(50 * 2 ** 20)}`));
    expect(codes).toContain('INF9006'); // cut to SetupAPI's field length
    expect(doc.value('S', 'k')!.length).toBeLessThanOrEqual(MAX_STRING_LENGTH);
  });

  it('50 MB with no newline, as one header that never closes', async () => {
    const { doc } = await hostile(ascii(`${VERSION}[${'a'.repeat(50 * 2 ** 20)}`));
    expect(doc.openError).not.toBeNull();
  });

  it('50 MB with no newline, as millions of fields on one line', async () => {
    await hostile(ascii(`${VERSION}${STRINGS}[S]\r\nk=${'a,'.repeat(25 * 2 ** 20)}`));
  });

  it('a million sections', async () => {
    const headers = Array.from({ length: 1_000_000 }, (_, i) => `[s${i}]\r\n`).join('');
    const { doc } = await hostile(ascii(VERSION + STRINGS + headers));
    expect(doc.hasSection('s999999')).toBe(true);
  });

  it('100,000 %a% references on one line', async () => {
    const { doc, codes } = await hostile(ascii(`${VERSION}${STRINGS}a="${'x'.repeat(4000)}"\r\n[S]\r\nk=${'%a%'.repeat(100_000)}\r\n`));
    expect(codes).toContain('INF9006');
    expect(doc.value('S', 'k')!.length).toBeLessThanOrEqual(MAX_STRING_LENGTH);
  });

  it('100,000 %a% references on as many lines, each expanding to 4,000 characters', async () => {
    const lines = 'k=%a%\r\n'.repeat(100_000);
    const { doc } = await hostile(ascii(`${VERSION}${STRINGS}a="${'x'.repeat(4000)}"\r\n[DefaultInstall]\r\nAddReg=R\r\n[R]\r\n${lines}`));
    expect(doc.section('R')!.lines).toHaveLength(100_000);
  });

  it('strings that refer to each other: substituted once, never recursively, and flagged', async () => {
    const { doc, findings } = await hostile(
      ascii(
        `${VERSION}[Strings]\r\nMe="%b%"\r\na="%b%"\r\nb="%a%"\r\n[DefaultInstall]\r\nAddReg=R\r\n[R]\r\nHKLM,SOFTWARE\\%a%,V,,%b%\r\n`,
      ),
    );
    expect(doc.string('a')).toBe('%b%');
    expect(doc.substitute('%a%')).toBe('%b%');
    // SetupAPI leaves %b% as written inside a's value: the user should be told.
    expect(
      findings.some((d) => d.line >= 8 && d.line <= 10),
      'a finding on the [Strings] lines that refer to each other',
    ).toBe(true);
  });

  it('a section name of 10,000 characters: refused, as SetupAPI refuses it', async () => {
    const { doc, codes } = await hostile(ascii(`${VERSION}${STRINGS}[${'n'.repeat(10_000)}]\r\nk=v\r\n`));
    expect(doc.openError?.name).toBe('ERROR_SECTION_NAME_TOO_LONG');
    expect(codes).toContain('INF9005');
  });

  it('a ClassGuid of the wrong length', async () => {
    const short = VERSION.replace('{4D36E97D-E325-11CE-BFC1-08002BE10318}', '{4D36E97D-E325-11CE-BFC1-08002BE1031}');
    const long = VERSION.replace('{4D36E97D-E325-11CE-BFC1-08002BE10318}', '{4D36E97D-E325-11CE-BFC1-08002BE103180}');
    for (const version of [short, long]) {
      const { findings } = await hostile(ascii(version + STRINGS));
      expect(
        findings.some((d) => d.line === 4 && d.severity === 'error'),
        'an error on the ClassGuid line',
      ).toBe(true);
    }
  });

  it('a registry path with a NUL in it', async () => {
    // UTF-16 so that the NUL is a character of the key, not a hint that the file is UTF-16.
    const { findings } = await hostile(utf16(`${VERSION}${STRINGS}[DefaultInstall]\r\nAddReg=R\r\n[R]\r\nHKLM,"SOFTWARE\\A\0B",V,,1\r\n`));
    // SetupAPI reads the NUL as a space, so the key written is not the one the file names
    // (and a Win32 call given the raw text would stop at the NUL): the user must be told.
    expect(
      findings.some((d) => d.line === 12),
      'a finding on the AddReg line',
    ).toBe(true);
  });

  it('a registry path with a NUL in it is not planned as written', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'infkit-hostile-'));
    try {
      const inf = path.join(dir, 'nul.inf');
      writeFileSync(inf, utf16(`${VERSION}${STRINGS}[DefaultInstall]\r\nAddReg=R\r\n[R]\r\nHKLM,"SOFTWARE\\A\0B",V,,1\r\n`));
      let plan: Plan;
      try {
        plan = buildPlan(inf, { kind: 'section', section: 'DefaultInstall', target: TARGET });
      } catch (error) {
        expect(error).toBeInstanceOf(InfkitError); // refused, with a code: fine
        return;
      }
      // Planned: then it must be what Windows would do, not a key name with a NUL in it.
      for (const op of plan.operations) if ('key' in op) expect(op.key).not.toContain('\0');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('hostile files on disk: binary files renamed .inf', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'infkit-hostile-'));
    const random = new Random(6);
    const noise = new Uint8Array(256 * 1024).map(() => random.int(256));
    writeFileSync(path.join(dir, 'noise.inf'), noise);
    writeFileSync(path.join(dir, 'zeros.inf'), new Uint8Array(64 * 1024));
    // The start of a PE file: MZ header, then a stub and a section table of sorts.
    writeFileSync(
      path.join(dir, 'driver.sys.inf'),
      new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, ...noise.subarray(0, 4096)]),
    );
    // A PNG signature, then noise.
    writeFileSync(
      path.join(dir, 'picture.inf'),
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...noise.subarray(0, 4096)]),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('each gets coded findings from validatePaths, one file at a time', async () => {
    const m = await measure(async () => {
      const results = [];
      for await (const result of validatePaths([dir])) results.push(result);
      return results;
    });
    expect(m.error).toBeUndefined();
    expect(m.peakGrowthMb).toBeLessThan(MAX_GROWTH_MB);
    const results = m.result!;
    expect(results.map((r) => path.basename(r.file)).sort()).toEqual(['driver.sys.inf', 'noise.inf', 'picture.inf', 'zeros.inf']);
    for (const r of results) {
      expect(r.diagnostics.length, r.file).toBeGreaterThan(0);
      expect(
        r.diagnostics.some((d) => d.severity === 'error'),
        `${r.file} has an error-level finding`,
      ).toBe(true);
      expect(r.diagnostics.map((d) => d.code)).not.toContain('INF9999');
    }
  });
});

describe('hostile files: the planner', () => {
  let dir: string;
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'infkit-hostile-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const plan = (file: string) => buildPlan(file, { kind: 'section', section: 'DefaultInstall', target: TARGET });

  it('Include/Needs cycles between two INFs end, with each INF read once and a coded note', async () => {
    const a = write(
      'a.inf',
      `${VERSION}${STRINGS}[DefaultInstall]\r\nInclude=b.inf\r\nNeeds=BInstall\r\nAddReg=R\r\n[R]\r\nHKLM,SOFTWARE\\Infkit,V,,1\r\n`,
    );
    write(
      'b.inf',
      `${VERSION}${STRINGS}[BInstall]\r\nInclude=a.inf\r\nNeeds=DefaultInstall\r\nAddReg=R2\r\n[R2]\r\nHKLM,SOFTWARE\\Infkit,W,,2\r\n`,
    );
    const m = await measure(() => plan(a));
    expect(m.error).toBeUndefined();
    const result = m.result!;
    expect(new Set(result.includes.map((i) => i.name.toLowerCase())).size).toBe(result.includes.length);
    expect(result.notes.map((n) => n.code)).toContain('PLAN_NEEDS_CYCLE');
    // Each section's registry write is planned once.
    expect(result.operations.filter((o) => o.op === 'reg-set')).toHaveLength(2);
  });

  it('a section that Needs itself ends', () => {
    const file = write('self.inf', `${VERSION}${STRINGS}[DefaultInstall]\r\nNeeds=DefaultInstall\r\n`);
    expect(plan(file).notes.map((n) => n.code)).toContain('PLAN_NEEDS_CYCLE');
  });

  const unsafe = (file: string) => {
    try {
      plan(file);
    } catch (error) {
      expect(error).toBeInstanceOf(InfkitError);
      expect((error as InfkitError).code).toBe('E_UNSAFE');
      return error as InfkitError;
    }
    throw new Error(`${path.basename(file)} was planned, not refused`);
  };

  it('DestinationDirs that climb out of the Windows directory are refused (E_UNSAFE)', () => {
    const file = write(
      'climb-dirs.inf',
      `${VERSION}${STRINGS}[DefaultInstall]\r\nCopyFiles=F\r\n[DestinationDirs]\r\nF=12,..\\..\\..\\evil\r\n[F]\r\nx.sys\r\n[SourceDisksNames]\r\n1=disk\r\n[SourceDisksFiles]\r\nx.sys=1\r\n`,
    );
    const error = unsafe(file);
    expect(error.message).toContain('evil');
    expect(error.file).toBe(file);
    expect(error.line).toBeGreaterThan(0);
  });

  it('CopyFiles entries that climb out of their destination are refused (E_UNSAFE)', () => {
    const list = write(
      'climb-list.inf',
      `${VERSION}${STRINGS}[DefaultInstall]\r\nCopyFiles=F\r\n[DestinationDirs]\r\nF=12\r\n[F]\r\n..\\..\\..\\evil.sys,x.sys\r\n[SourceDisksNames]\r\n1=disk\r\n[SourceDisksFiles]\r\nx.sys=1\r\n`,
    );
    expect(unsafe(list).message).toContain('evil.sys');
    const single = write(
      'climb-at.inf',
      `${VERSION}${STRINGS}[DefaultInstall]\r\nCopyFiles=@..\\..\\evil.sys\r\n[DestinationDirs]\r\nDefaultDestDir=12\r\n`,
    );
    expect(unsafe(single).message).toContain('evil.sys');
  });

  it('a destination on another drive is refused (E_UNSAFE)', () => {
    const file = write(
      'other-drive.inf',
      `${VERSION}${STRINGS}[DefaultInstall]\r\nCopyFiles=F\r\n[DestinationDirs]\r\nF=-1,D:\\elsewhere\r\n[F]\r\nx.sys\r\n`,
    );
    expect(unsafe(file).message).toContain('D:\\elsewhere');
  });

  it('a registry write outside the allowed trees is refused (E_UNSAFE)', () => {
    const file = write('hardware.inf', `${VERSION}${STRINGS}[DefaultInstall]\r\nAddReg=R\r\n[R]\r\nHKLM,"HARDWARE\\Infkit",V,,1\r\n`);
    expect(unsafe(file).message).toContain('HKLM\\HARDWARE');
  });
});
