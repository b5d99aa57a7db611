// The addon's sources on Linux: the three places that list them agree (native/*.cc, the
// cross-build, binding.gyp), the C++ exports match the NativeAddon interface TypeScript calls,
// and the prebuild sits where node-gyp-build looks. Plus the Wine tier's reg.exe parser.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseRegQuery } from '../wine/verify.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (rel: string) => readFileSync(path.join(root, rel), 'utf8');
const sources = readdirSync(path.join(root, 'native')).filter((f) => f.endsWith('.cc')).sort();

describe('native addon sources', () => {
  it('binding.gyp compiles every native/*.cc (the MSVC build must not miss a file)', () => {
    const listed = [...read('binding.gyp').matchAll(/"native\/([\w-]+\.cc)"/g)].map((m) => m[1]).sort();
    expect(listed).toEqual(sources);
  });

  it('every function the C++ exports is declared in NativeAddon, and the other way round', () => {
    const exported = sources
      .flatMap((f) => [...read(`native/${f}`).matchAll(/INFKIT_EXPORT\(exports, "(\w+)"/g)].map((m) => m[1]!))
      .sort();
    const ts = read('lib/backend/native.ts');
    const body = ts.slice(ts.indexOf('export interface NativeAddon {'), ts.indexOf('\n}\n', ts.indexOf('export interface NativeAddon {')));
    const declared = [...body.matchAll(/^ {2}(\w+)\(/gm)].map((m) => m[1]!).sort();
    expect(exported.length).toBeGreaterThan(20);
    expect(declared).toEqual(exported);
  });

  it('each source file registers through one Register* function that addon.cc calls', () => {
    const addon = read('native/addon.cc');
    for (const f of sources.filter((s) => !['addon.cc', 'common.cc'].includes(s))) {
      const register = /void (Register\w+)\(Napi::Env/.exec(read(`native/${f}`))?.[1];
      expect(register, f).toBeDefined();
      expect(addon).toContain(`infkit::${register}(env, exports)`);
    }
  });

  it('the committed prebuild is a Windows x64 DLL named where node-gyp-build looks', () => {
    const file = path.join(root, 'prebuilds', 'win32-x64', 'infkit.node');
    expect(existsSync(file), 'run npm run build:win').toBe(true);
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('MZ');
    const pe = bytes.readUInt32LE(0x3c);
    expect(bytes.subarray(pe, pe + 4).toString('latin1')).toBe('PE\0\0');
    expect(bytes.readUInt16LE(pe + 4)).toBe(0x8664); // IMAGE_FILE_MACHINE_AMD64
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
