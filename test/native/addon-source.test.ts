// The addon's sources on Linux: CMakeLists.txt, the one build description, compiles every
// native/*.cc and nothing repeats its lists; the C++ exports are exactly the Primitives
// surface of lib/backend/types.ts, error naming stays out of C++, and the prebuilds sit where
// node-gyp-build looks. Plus the Wine tier's reg.exe parser.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseRegQuery } from '../wine/verify.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (rel: string) => readFileSync(path.join(root, rel), 'utf8');
const sources = readdirSync(path.join(root, 'native'))
  .filter((f) => f.endsWith('.cc'))
  .sort();

describe('native addon sources', () => {
  it('CMakeLists.txt compiles every native/*.cc, and the cross-build script repeats none of its lists', () => {
    const listed = [...read('CMakeLists.txt').matchAll(/^ {2}native\/([\w-]+\.cc)$/gm)].map((m) => m[1]).sort();
    expect(listed).toEqual(sources);
    expect(read('scripts/build-win.sh')).not.toMatch(/native\/|-DNAPI_VERSION|-lsetupapi/);
  });

  it('the C++ exports are exactly the members of Primitives (lib/backend/types.ts)', () => {
    const exported = sources.flatMap((f) => [...read(`native/${f}`).matchAll(/INFKIT_EXPORT\(exports, "(\w+)"/g)].map((m) => m[1]!)).sort();
    const ts = read('lib/backend/types.ts');
    const start = ts.indexOf('export interface Primitives {');
    const body = ts.slice(start, ts.indexOf('\n}\n', start));
    const declared = [...body.matchAll(/^ {2}(\w+)\(/gm)].map((m) => m[1]!).sort();
    expect(declared.length).toBeGreaterThan(20);
    expect(exported).toEqual(declared);
  });

  it('failures leave C++ raw: no message lookup or code mapping besides formatMessage (issue 11)', () => {
    for (const f of sources) {
      const text = read(`native/${f}`);
      expect(text, f).not.toMatch(/systemMessage|CM_MapCrToWin32Err|FACILITY_SETUPAPI/);
    }
    // GetLastError() as it is, 0 included.
    expect(read('native/errors.cc')).toContain('void ThrowLastError(const char* api) { ThrowWin32(api, GetLastError()); }');
    expect(read('native/addon.cc')).toMatch(/"abiVersion", Napi::Number::New\(env, 4\)/);
  });

  it('each source file registers through one Register* function that addon.cc calls', () => {
    const addon = read('native/addon.cc');
    for (const f of sources.filter((s) => !['addon.cc', 'common.cc'].includes(s))) {
      const register = /void (Register\w+)\(Napi::Env/.exec(read(`native/${f}`))?.[1];
      expect(register, f).toBeDefined();
      expect(addon).toContain(`infkit::${register}(env, exports)`);
    }
  });

  it.each([
    ['x64', 0x8664], // IMAGE_FILE_MACHINE_AMD64
    ['ia32', 0x14c], // IMAGE_FILE_MACHINE_I386
  ])('the committed %s prebuild is a Windows DLL for that machine, named where node-gyp-build looks', (arch, machine) => {
    const file = path.join(root, 'prebuilds', `win32-${arch}`, 'infkit.node');
    expect(existsSync(file), 'run npm run build:win').toBe(true);
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('MZ');
    const pe = bytes.readUInt32LE(0x3c);
    expect(bytes.subarray(pe, pe + 4).toString('latin1')).toBe('PE\0\0');
    expect(bytes.readUInt16LE(pe + 4)).toBe(machine);
  });
});

describe('parseRegQuery (the Wine tier reads the registry through reg.exe)', () => {
  it('reads keys, the default value, and data with spaces', () => {
    const text = [
      '',
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Class\\{C0FFEE00-1A2B-4C3D-8E9F-0A1B2C3D4E01}',
      '    (Default)    REG_SZ    infkit Wine tier class',
      '    InfkitWineMarker    REG_DWORD    0x7',
      '    Paths    REG_MULTI_SZ    first\\0second',
      '',
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Class\\{C0FFEE00-1A2B-4C3D-8E9F-0A1B2C3D4E01}\\0000',
      '',
    ].join('\r\n');
    const dump = parseRegQuery(text);
    const key = dump.get('hkey_local_machine\\system\\currentcontrolset\\control\\class\\{c0ffee00-1a2b-4c3d-8e9f-0a1b2c3d4e01}');
    expect(key?.get('')).toEqual({ type: 'REG_SZ', data: 'infkit Wine tier class' });
    expect(key?.get('infkitwinemarker')).toEqual({ type: 'REG_DWORD', data: '0x7' });
    expect(key?.get('paths')).toEqual({ type: 'REG_MULTI_SZ', data: 'first\\0second' });
    expect(dump.size).toBe(2);
  });
});
