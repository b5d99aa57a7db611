// No INF content ever reaches a shell. Two halves: a grep over the sources (lib/ never
// imports child_process, never evaluates strings as code; native/ never starts a process),
// and a behavioural test that runs an INF full of shell metacharacters, under a file name
// full of them, through validation, planning, the mock backend and the CLI, then checks
// that none of the commands hidden in it ran.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validatePaths } from '../../lib/rules/index.js';
import { buildPlan } from '../../lib/plan/index.js';
import { openMockBackend } from '../../lib/backend/mock/index.js';
import { InfkitError } from '../../lib/errors.js';
import { assertBuilt, run } from '../cli/helpers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function sources(dir: string, pattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && pattern.test(e.name) && !e.name.endsWith('.test.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

describe('no INF content reaches a shell: the sources', () => {
  const lib = sources(path.join(root, 'lib'), /\.ts$/);

  it('finds the library sources it checks', () => {
    expect(lib.length).toBeGreaterThan(10);
  });

  it('lib/ never imports child_process', () => {
    const offenders = lib.filter((f) =>
      /(?:from\s*|require\(\s*|import\(\s*)['"](?:node:)?child_process['"]/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders.map((f) => path.relative(root, f))).toEqual([]);
  });

  it('lib/ never evaluates text as code', () => {
    const offenders = lib.filter((f) =>
      /\beval\s*\(|new\s+Function\s*\(|\bvm\.run|from\s*['"](?:node:)?vm['"]/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders.map((f) => path.relative(root, f))).toEqual([]);
  });

  it('neither the addon nor the koffi bindings start a process or a shell', () => {
    const native = sources(path.join(root, 'native'), /\.(cc|cpp|h)$/);
    const pattern =
      /\b(?:system|_wsystem|_popen|_wpopen|WinExec|ShellExecute\w*|CreateProcess\w*)\s*\(|['"](?:__stdcall\s+)?(?:ShellExecute|CreateProcess|WinExec)/;
    const offenders = [...native, ...lib].filter((f) => pattern.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => path.relative(root, f))).toEqual([]);
  });
});

describe('no INF content reaches a shell: behaviour', () => {
  let dir: string;
  let inf: string;
  /** Each payload, if a shell ever ran it, would create its own marker file in `dir`. */
  const markers: string[] = [];
  const payload = (shape: (command: string) => string) => {
    const marker = path.join(dir, `ran-${markers.length}`);
    markers.push(marker);
    return shape(`touch ${marker}`);
  };

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'infkit-shell-'));
    const p = [
      payload((c) => `$(${c})`),
      payload((c) => `\`${c}\``),
      payload((c) => `x;${c};y`),
      payload((c) => `x|${c}`),
      payload((c) => `x&&${c}`),
      payload((c) => `x&${c.replace('touch ', 'cmd /c type nul > ')}`),
    ];
    const text =
      '[Version]\r\nSignature="$Windows NT$"\r\nClass=System\r\nClassGuid={4D36E97D-E325-11CE-BFC1-08002BE10318}\r\n' +
      'Provider=%P0%\r\nDriverVer=01/01/2024,1.0.0.0\r\n' +
      `[DefaultInstall]\r\nCopyFiles=Files\r\nAddReg=Reg\r\nDelReg=Reg\r\nRegisterDlls=Dlls\r\n` +
      `[DefaultInstall.Services]\r\nAddService="${p[2]}",0x2,Svc\r\n` +
      `[Svc]\r\nServiceType=1\r\nStartType=3\r\nErrorControl=1\r\nServiceBinary="%12%\\${p[3]}.sys"\r\nDisplayName="${p[0]}"\r\n` +
      `[DestinationDirs]\r\nDefaultDestDir=12\r\n` +
      `[Files]\r\n"${p[0]}.sys"\r\n"${p[1]}.sys"\r\n` +
      `[Reg]\r\nHKLM,"SOFTWARE\\Infkit\\${p[4]}","${p[5]}",,"%P1%"\r\n` +
      `[Dlls]\r\n11,,"${p[2]}.dll",1\r\n` +
      `[SourceDisksNames]\r\n1="${p[4]}"\r\n[SourceDisksFiles]\r\n"${p[0]}.sys"=1\r\n"${p[1]}.sys"=1\r\n` +
      `[Strings]\r\nP0="${p[0]}"\r\nP1="${p[1]}"\r\n`;
    // The INF's own name carries a payload too (relative: it runs in `dir`).
    inf = path.join(dir, `x;touch ran-name;$(touch ran-name2).inf`);
    markers.push(path.join(dir, 'ran-name'), path.join(dir, 'ran-name2'));
    writeFileSync(inf, text);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const ranNothing = () => expect(markers.filter((m) => existsSync(m)).map((m) => path.basename(m))).toEqual([]);

  it('validation reads the file and runs nothing', async () => {
    const results = [];
    for await (const r of validatePaths([inf])) results.push(r);
    expect(results).toHaveLength(1);
    ranNothing();
  });

  it('planning plans the names as data and runs nothing', () => {
    try {
      const plan = buildPlan(inf, { kind: 'section', section: 'DefaultInstall', target: { arch: 'amd64', osVersion: '10.0.19045' } });
      expect(JSON.stringify(plan.operations)).toContain('$(touch');
    } catch (error) {
      expect(error).toBeInstanceOf(InfkitError);
    }
    ranNothing();
  });

  it('the mock backend installs the section and runs nothing', async () => {
    const backend = await openMockBackend({ stateDir: path.join(dir, 'state') });
    try {
      await backend.installSection(inf, 'DefaultInstall').catch((error: unknown) => {
        // Refusing is fine; a refusal must still be a coded error.
        expect((error as { code?: unknown }).code).toBeTypeOf('string');
      });
    } finally {
      await backend.close();
    }
    ranNothing();
  });

  it('the CLI parses and validates it and runs nothing', async () => {
    assertBuilt();
    for (const args of [
      ['parse', inf, '--json'],
      ['validate', inf, '--json'],
    ]) {
      const result = await run(args, { cwd: dir });
      expect(result.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    }
    ranNothing();
  });
});
