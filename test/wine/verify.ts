// The Windows tier's second path: checks what the effects scenario (effects.ts) did without the
// backend that did it: the registry through reg.exe, the machine's files through the file
// system. On Linux it looks into the Wine prefix (`wine reg query`, $WINEPREFIX/drive_c; run by
// scripts/wine/test.sh); on Windows at the machine itself (the windows.yml workflow).
//   node dist-test/test/wine/verify.js --phase apply|cleanup --state state.json --out checks.json
// Exit code 0 when every check holds, 1 otherwise.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT, option } from './load-backend.js';
import { type EffectsState, WINE_GUIDS, WINE_HARDWARE_ID, WINE_REFERENCE, WINE_SOFTWARE_KEY } from './scenario.js';

const run = promisify(execFile);
const CONTROL = 'HKLM\\SYSTEM\\CurrentControlSet\\Control';

export interface RegValueText {
  type: string;
  data: string;
}

/** `reg query /s` output: key path (lower-case) → value name (lower-case, '' = default) → value. */
export type RegDump = Map<string, Map<string, RegValueText>>;

/** Parses `reg query` output: a key line, then values indented by 4 spaces as name, type, data. */
export function parseRegQuery(text: string): RegDump {
  const dump: RegDump = new Map();
  let current: Map<string, RegValueText> | undefined;
  for (const line of text.replace(/\r/g, '').split('\n')) {
    if (line.startsWith('HKEY_')) {
      current = new Map();
      dump.set(line.trim().toLowerCase(), current);
    } else if (line.startsWith('    ') && current) {
      const [name = '', type = '', ...data] = line.slice(4).split('    ');
      current.set(name === '(Default)' ? '' : name.toLowerCase(), { type, data: data.join('    ') });
    }
  }
  return dump;
}

const ON_WINDOWS = process.platform === 'win32';

/** `reg query KEY [/s]` (through Wine off Windows), parsed; an empty map when the key does not exist. */
async function regQuery(key: string, recursive = true): Promise<RegDump> {
  const args = ['query', key, ...(recursive ? ['/s'] : [])];
  try {
    const { stdout } = ON_WINDOWS
      ? await run('reg', args, { maxBuffer: 64 * 1024 * 1024 })
      : await run('wine', ['reg', ...args], { env: process.env, maxBuffer: 64 * 1024 * 1024 });
    return parseRegQuery(stdout);
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    // Windows: "ERROR: The system was unable to find the specified registry key or value."
    // Wine: "reg: Unable to find the specified registry key"
    if (/unable to find/i.test(`${err.stderr ?? ''}${err.stdout ?? ''}`)) return new Map();
    throw new Error(`reg query ${key} failed: ${String(err.stderr ?? e)}`);
  }
}

const longKey = (key: string) => key.replace(/^HKLM\\/i, 'HKEY_LOCAL_MACHINE\\').toLowerCase();

interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

class Checks {
  readonly list: Check[] = [];

  that(name: string, ok: boolean, detail?: string): void {
    this.list.push({ name, ok, ...(!ok && detail !== undefined && { detail }) });
  }

  value(dump: RegDump, key: string, name: string, expected: RegValueText): void {
    const got = dump.get(longKey(key))?.get(name.toLowerCase());
    const ok = got !== undefined && got.type === expected.type && got.data === expected.data;
    this.that(`${key} ${name || '(Default)'} = ${expected.type} ${expected.data}`, ok, `got ${JSON.stringify(got ?? null)}`);
  }

  keyAbsent(dump: RegDump, key: string): void {
    const prefix = longKey(key);
    const left = [...dump.keys()].filter((k) => k === prefix || k.startsWith(`${prefix}\\`));
    this.that(`${key} is gone`, left.length === 0, `still there: ${left.join(', ')}`);
  }
}

/** A file under the Windows directory of the machine (or of the Wine prefix), by its relative path. */
function windowsFile(relative: string): string {
  if (ON_WINDOWS) return path.win32.join(process.env.SystemRoot ?? 'C:\\Windows', relative);
  const prefix = process.env.WINEPREFIX ?? path.join(PROJECT_ROOT, '.wine', 'prefix');
  return path.join(prefix, 'drive_c', 'windows', ...relative.split('\\'));
}

async function readOrNull(file: string): Promise<Buffer | null> {
  return readFile(file).catch(() => null);
}

async function verify(phase: 'apply' | 'cleanup', state: EffectsState, arch: string): Promise<Check[]> {
  const c = new Checks();
  const classKey = `${CONTROL}\\Class\\${WINE_GUIDS.cls}`;
  const deviceClasses = `${CONTROL}\\DeviceClasses`;
  const deviceKey = `HKLM\\SYSTEM\\CurrentControlSet\\Enum\\${state.deviceInstanceId ?? 'ROOT\\INFKIT_NO_DEVICE\\0000'}`;
  const [classes, interfaces, software, device] = await Promise.all([
    regQuery(classKey),
    // Only the interface classes of the scenario: other keys there may deny reading.
    Promise.all([WINE_GUIDS.ifaceA, WINE_GUIDS.ifaceB, WINE_GUIDS.ifaceDevice].map((g) => regQuery(`${deviceClasses}\\${g}`))).then(
      (dumps) => new Map(dumps.flatMap((d) => [...d])),
    ),
    regQuery(`HKLM\\${WINE_SOFTWARE_KEY}`),
    // Not recursive: Windows denies reading some subkeys of a device's Enum key.
    regQuery(deviceKey, false),
  ]);
  const payload = windowsFile('system32\\infkit-wine\\payload.txt');
  const staged = state.publishedName === undefined ? undefined : windowsFile(`inf\\${state.publishedName}`);

  if (phase === 'apply') {
    // The setup class key, with its friendly name and the values [ClassInstall32] wrote.
    c.value(classes, classKey, '', { type: 'REG_SZ', data: 'infkit Wine tier class' });
    c.value(classes, classKey, 'Class', { type: 'REG_SZ', data: 'InfkitWine' });
    c.value(classes, classKey, 'Icon', { type: 'REG_SZ', data: '-10' });
    c.value(classes, classKey, 'InfkitWineMarker', { type: 'REG_DWORD', data: '0x7' });
    c.value(classes, classKey, 'UpperFilters', { type: 'REG_MULTI_SZ', data: 'infkitflt' });
    // A DeviceClasses key per interface class, written by its (decorated) install section.
    c.value(interfaces, `${deviceClasses}\\${WINE_GUIDS.ifaceA}`, 'FriendlyName', { type: 'REG_SZ', data: 'infkit Wine interface A' });
    c.value(interfaces, `${deviceClasses}\\${WINE_GUIDS.ifaceB}`, 'FriendlyName', { type: 'REG_SZ', data: 'infkit Wine interface B' });
    c.value(interfaces, `${deviceClasses}\\${WINE_GUIDS.ifaceB}`, 'InstalledFrom', {
      type: 'REG_SZ',
      data: arch === 'amd64' ? 'NTamd64' : 'generic',
    });
    // The registered interfaces: DeviceClasses\{guid}\##?#<instance>#{guid}\# and \#<reference>.
    const id = state.deviceInstanceId ?? '(no device)';
    const base = `${deviceClasses}\\${WINE_GUIDS.ifaceDevice}\\##?#${id.replace(/\\/g, '#')}#${WINE_GUIDS.ifaceDevice}`;
    c.value(interfaces, base, 'DeviceInstance', { type: 'REG_SZ', data: id });
    c.that(`${base}\\# exists`, interfaces.has(longKey(`${base}\\#`)));
    c.that(`${base}\\#${WINE_REFERENCE} exists`, interfaces.has(longKey(`${base}\\#${WINE_REFERENCE}`)));
    // The device node and its hardware ID.
    const hw = device.get(longKey(deviceKey))?.get('hardwareid');
    c.that(
      `${deviceKey} HardwareID has ${WINE_HARDWARE_ID}`,
      hw?.data.toLowerCase().split('\\0').includes(WINE_HARDWARE_ID.toLowerCase()) ?? false,
      `got ${JSON.stringify(hw ?? null)}`,
    );
    // The values DefaultInstall wrote, and the file it copied.
    const section = `HKLM\\${WINE_SOFTWARE_KEY}\\section`;
    c.value(software, section, 'Greeting', { type: 'REG_SZ', data: 'hello from the Wine tier' });
    c.value(software, section, 'Answer', { type: 'REG_DWORD', data: '0x2a' });
    c.value(software, section, 'Paths', { type: 'REG_MULTI_SZ', data: 'first\\0second' });
    const copied = await readOrNull(payload);
    const original = await readFile(path.join(PROJECT_ROOT, 'test', 'fixtures', 'wine', 'payload.txt'));
    c.that('payload.txt copied to %11%\\infkit-wine', copied?.equals(original) === true);
    // The staged package in %windir%\INF.
    c.that(
      `staged INF ${state.publishedName ?? '(none)'} is in %windir%\\INF`,
      staged !== undefined && (await readOrNull(staged)) !== null,
    );
  } else {
    c.keyAbsent(classes, classKey);
    for (const guid of [WINE_GUIDS.ifaceA, WINE_GUIDS.ifaceB, WINE_GUIDS.ifaceDevice]) c.keyAbsent(interfaces, `${deviceClasses}\\${guid}`);
    c.keyAbsent(software, `HKLM\\${WINE_SOFTWARE_KEY}`);
    if (state.deviceInstanceId !== undefined) c.keyAbsent(device, deviceKey);
    if (staged !== undefined) c.that(`staged INF ${state.publishedName} was removed`, (await readOrNull(staged)) === null);
  }
  return c.list;
}

async function main(argv: string[]): Promise<number> {
  const phase = option(argv, 'phase') as 'apply' | 'cleanup';
  const state = JSON.parse(await readFile(option(argv, 'state'), 'utf8')) as EffectsState;
  const checks = await verify(phase, state, option(argv, 'arch', 'amd64'));
  await writeFile(option(argv, 'out'), JSON.stringify({ phase, backend: state.backend, checks }, null, 2));
  return checks.every((c) => c.ok) ? 0 : 1;
}

// Run only as a script, so that parseRegQuery can be imported by tests.
if (process.argv[1] !== undefined && import.meta.filename === path.resolve(process.argv[1])) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
      process.exit(2);
    },
  );
}
