// The Wine tier's standing fidelity check (issue 13): does a plan say exactly what SetupAPI
// does? Inside Windows Node, for each fixture of test/fixtures/fidelity: plan the install with
// the built library (dist/) and the machine facts the native backend reads, install it with
// the native backend, read back every registry value, key and file the plan names, and diff.
// What the plan expects is its operations applied, by the mock's own applier, to the state
// those keys and files had just before the install. Each fixture is then undone: what the
// plan (or a listed Wine gap) wrote is deleted, so a second run starts from the same machine.
//   node dist-test/test/wine/fidelity.js --out fidelity.json
// Exit code 0 when every difference is a listed Wine gap (test/wine/wine-fidelity-gaps.ts),
// and every listed gap still shows; 1 otherwise.
import { createHash } from 'node:crypto';
import { readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Backend, RegistryKeySnapshot, RegistryRoot, RegistryValue } from '../../lib/backend/types.js';
import type { BuildPlanOptions, Operation, Plan } from '../../lib/plan/index.js';
import { exitWith } from './checks-runner.js';
import { PROJECT_ROOT, loadBackend, option } from './load-backend.js';
import { WINE_EXTRA_WRITES, WINE_FIDELITY_GAPS, type FidelityGap, type Target } from './wine-fidelity-gaps.js';

/** The built library's modules, loaded by path at run time (as load-backend.ts loads the backends). */
async function fromDist<T>(relative: string): Promise<T> {
  return (await import(pathToFileURL(path.join(PROJECT_ROOT, 'dist', relative)).href)) as T;
}
const { buildPlan } = await fromDist<typeof import('../../lib/plan/index.js')>('plan/index.js');
const { machineFacts } = await fromDist<typeof import('../../lib/cli/commands/plan.js')>('cli/commands/plan.js');
const { Machine } = await fromDist<typeof import('../../lib/backend/mock/machine.js')>('backend/mock/machine.js');
const { newRegistry } = await fromDist<typeof import('../../lib/backend/mock/registry-tree.js')>('backend/mock/registry-tree.js');
const { applyOperations } = await fromDist<typeof import('../../lib/backend/mock/apply.js')>('backend/mock/apply.js');
type MockMachine = InstanceType<typeof Machine>;

const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'fidelity');
const CCS = 'SYSTEM\\CurrentControlSet';
const SYSTEM_CLASS = '{4D36E97D-E325-11CE-BFC1-08002BE10318}';
const DEVICE_HARDWARE_ID = 'Root\\InfkitFidelity';

/** What one fixture installs; `seed` sections run first (not compared) to give DelReg, BitReg and DelFiles something to act on. */
interface Fixture {
  name: string;
  inf: string;
  kind: BuildPlanOptions['kind'];
  section?: string;
  seed?: string[];
}

const FIXTURE_LIST: Fixture[] = [
  { name: 'addreg', inf: 'addreg.inf', kind: 'section', section: 'DefaultInstall' },
  { name: 'delreg', inf: 'delreg.inf', kind: 'section', section: 'DefaultInstall', seed: ['Seed'] },
  { name: 'bitreg', inf: 'bitreg.inf', kind: 'section', section: 'DefaultInstall' },
  { name: 'services', inf: 'services.inf', kind: 'section', section: 'DefaultInstall' },
  { name: 'delservice', inf: 'delservice.inf', kind: 'section', section: 'DefaultInstall' },
  { name: 'include', inf: 'include.inf', kind: 'section', section: 'DefaultInstall' },
  { name: 'files', inf: 'files.inf', kind: 'section', section: 'DefaultInstall', seed: ['Seed'] },
  { name: 'class', inf: 'class.inf', kind: 'class' },
  { name: 'interfaces', inf: 'interfaces.inf', kind: 'interfaces' },
  { name: 'device', inf: 'device.inf', kind: 'package' },
];

// ----- effects: what the plan names, expected and found ---------------------------------------

interface Effect {
  fixture: string;
  /** The operation behind it (the last one that touches the target), e.g. 'reg-set:noclobber'. */
  kind: string;
  target: Target;
  line: string;
  expected: string;
  found: string;
  status: 'match' | 'gap' | 'differs';
  gap?: string;
}

const lower = (s: string) => s.toLowerCase();
const targetId = (t: Target) =>
  lower(t.what === 'file' ? `file ${t.path}` : `${t.what} ${t.root}\\${t.key}${t.what === 'value' ? `\\\\${t.name}` : ''}`);

/** The kind an operation's effect is counted under: the op, with the AddReg flag that changes its meaning. */
function kindOf(op: Operation): string {
  if (op.op !== 'reg-set') return op.op;
  if (op.keyOnly) return 'reg-set:keyonly';
  if (op.noClobber) return 'reg-set:noclobber';
  if (op.append) return 'reg-set:append';
  if (op.flags & 0x20) return 'reg-set:overwriteonly';
  return 'reg-set';
}

/** The targets an operation's result can be read back at; [] for those with nothing to read (reboot, stage-package...). */
function targetsOf(op: Operation): Array<{ kind: string; target: Target }> {
  const kind = kindOf(op);
  switch (op.op) {
    case 'reg-set':
      return [
        {
          kind,
          target: op.keyOnly ? { what: 'key', root: op.root, key: op.key } : { what: 'value', root: op.root, key: op.key, name: op.name },
        },
      ];
    case 'reg-delete-value':
    case 'reg-delete-string':
    case 'reg-bit':
      return [{ kind, target: { what: 'value', root: op.root, key: op.key, name: op.name } }];
    case 'reg-delete-key':
      return [{ kind, target: { what: 'key', root: op.root, key: op.key } }];
    case 'class-create':
      return [{ kind, target: { what: 'key', root: 'HKLM', key: `${CCS}\\Control\\Class\\${op.classGuid}` } }];
    case 'interface-class-create':
      return [{ kind, target: { what: 'key', root: 'HKLM', key: `${CCS}\\Control\\DeviceClasses\\${op.interfaceGuid}` } }];
    case 'service-add':
      return op.values.map((v) => ({
        kind: 'service-value',
        target: { what: 'value', root: 'HKLM', key: op.key, name: v.name } as Target,
      }));
    case 'service-delete':
      return [{ kind, target: { what: 'key', root: 'HKLM', key: `${CCS}\\Services\\${op.name}` } }];
    case 'file-copy':
    case 'file-delete':
      return [{ kind, target: { what: 'file', path: op.target } }];
    case 'file-rename':
      return [op.from, op.to].map((p) => ({ kind, target: { what: 'file', path: p } as Target }));
    default:
      return [];
  }
}

/** A value as text, for the report and for matching a gap's `wine` field. */
function show(value: RegistryValue | undefined): string {
  if (value === undefined) return 'absent';
  const d = value.data;
  if (typeof d === 'string') return `${value.type} ${JSON.stringify(d)}`;
  if (Array.isArray(d)) return `${value.type} ${JSON.stringify(d)}`;
  if (typeof d === 'number' || typeof d === 'bigint') return `${value.type} 0x${d.toString(16)}`;
  return `${value.type} ${Buffer.from(d as Uint8Array)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1,')}`;
}

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

// ----- the machine before and after ------------------------------------------------------------

/** Every key whose state a fixture's plans depend on: the keys they name and those keys' ancestors (to know what the install created). */
function keysOf(targets: Target[]): Array<{ root: RegistryRoot; key: string }> {
  const seen = new Map<string, { root: RegistryRoot; key: string }>();
  for (const t of targets) {
    if (t.what === 'file') continue;
    const parts = t.key.split('\\');
    for (let i = 1; i <= parts.length; i++) {
      const key = parts.slice(0, i).join('\\');
      seen.set(lower(`${t.root}\\${key}`), { root: t.root, key });
    }
  }
  return [...seen.values()];
}

interface Snapshot {
  keys: Map<string, { root: RegistryRoot; key: string; snapshot: RegistryKeySnapshot | null }>;
  files: Map<string, Buffer | null>;
}

async function snapshot(backend: Backend, targets: Target[]): Promise<Snapshot> {
  const keys: Snapshot['keys'] = new Map();
  for (const { root, key } of keysOf(targets))
    keys.set(lower(`${root}\\${key}`), { root, key, snapshot: await backend.registry.readKey(root, key) });
  const files: Snapshot['files'] = new Map();
  for (const t of targets) if (t.what === 'file') files.set(lower(t.path), await readFile(t.path).catch(() => null));
  return { keys, files };
}

/** The plan's operations applied by the mock's applier to the machine as `before` had it: the state the plan promises. */
async function expectedState(plan: Plan, before: Snapshot, sourceDir: string): Promise<MockMachine> {
  const m = new Machine({ format: 1, generation: 0, registry: newRegistry(), files: {}, present: [], drivers: [] });
  for (const { root, key, snapshot: s } of before.keys.values()) {
    if (s === null) continue;
    m.reg.createKey(root, key);
    for (const [name, value] of Object.entries(s.values)) m.reg.setValue(root, key, name, value);
  }
  for (const [file, data] of before.files) if (data !== null) m.putFile(file, sha(data), data.length);
  await applyOperations(m, plan.operations, { sourceDir, putBlob: async (data) => sha(data) });
  return m;
}

function findValue(s: RegistryKeySnapshot | null, name: string): RegistryValue | undefined {
  if (s === null) return undefined;
  const entry = Object.entries(s.values).find(([n]) => lower(n) === lower(name));
  return entry?.[1];
}

async function found(backend: Backend, t: Target): Promise<string> {
  if (t.what === 'file') {
    const data = await readFile(t.path).catch(() => null);
    return data === null ? 'absent' : `file ${sha(data).slice(0, 16)}`;
  }
  const s = await backend.registry.readKey(t.root, t.key);
  if (t.what === 'key') return s === null ? 'key absent' : 'key present';
  return show(findValue(s, t.name));
}

function expected(m: MockMachine, t: Target): string {
  if (t.what === 'file') {
    const f = m.getFile(t.path);
    return f === undefined ? 'absent' : `file ${f.blob.slice(0, 16)}`;
  }
  if (t.what === 'key') return m.reg.has(t.root, t.key) ? 'key present' : 'key absent';
  return show(m.reg.getValue(t.root, t.key, t.name));
}

/** What the plan promises at a target; a plan value the mock's registry cannot even hold is reported as such (a difference). */
function expectedOrError(m: MockMachine, t: Target): string {
  try {
    return expected(m, t);
  } catch (e) {
    return `unreadable plan value (${String((e as Error)?.message ?? e)})`;
  }
}

/** The listed Wine gap a difference is, matched on fixture, kind, target and what Wine wrote. */
function gapOf(e: Omit<Effect, 'status'>): FidelityGap | undefined {
  return WINE_FIDELITY_GAPS.find(
    (g) => g.fixture === e.fixture && g.kind === e.kind && targetId(g.target) === targetId(e.target) && g.wine === e.found,
  );
}

// ----- undoing a fixture -----------------------------------------------------------------------

/** A section that deletes services through SetupAPI (and so the service control manager), not behind its back. */
async function deleteServices(backend: Backend, services: string[]): Promise<void> {
  const names: string[] = [];
  for (const name of services) if ((await backend.registry.readKey('HKLM', `${CCS}\\Services\\${name}`)) !== null) names.push(name);
  if (names.length === 0) return;
  const inf = path.join(tmpdir(), 'infkit-fidelity-cleanup.inf');
  const lines = names.map((n) => `DelService = ${n},0x00000004`).join('\r\n');
  await writeFile(inf, `[Version]\r\nSignature = "$Windows NT$"\r\n\r\n[Cleanup]\r\n\r\n[Cleanup.Services]\r\n${lines}\r\n`);
  try {
    await backend.installSection(inf, 'Cleanup');
  } finally {
    await rm(inf, { force: true });
  }
}

/** Puts back the keys and files of `before`: what did not exist is deleted (the highest new ancestor), what did gets its values back. */
async function restore(backend: Backend, before: Snapshot): Promise<void> {
  const absent = [...before.keys.values()].filter((k) => k.snapshot === null);
  const isAbsent = (root: string, key: string) => before.keys.get(lower(`${root}\\${key}`))?.snapshot === null;
  for (const { root, key } of absent) {
    const parent = key.split('\\').slice(0, -1).join('\\');
    if (parent !== '' && isAbsent(root, parent)) continue; // deleted with its parent
    await backend.registry.deleteKey(root, key);
  }
  for (const { root, key, snapshot: s } of before.keys.values()) {
    if (s === null) continue;
    const now = await backend.registry.readKey(root, key);
    if (now === null) continue; // a key that existed and was deleted: the fixtures delete only keys they made
    for (const name of Object.keys(now.values)) if (findValue(s, name) === undefined) await backend.registry.deleteValue(root, key, name);
    for (const [name, value] of Object.entries(s.values))
      if (show(findValue(now, name)) !== show(value)) await backend.registry.setValue(root, key, name, value);
  }
  for (const [file, data] of before.files) {
    if (data !== null) await writeFile(file, data);
    else {
      await rm(file, { force: true });
      // The folder it was copied to, when the install made it (rmdir fails on one that still has files).
      await rmdir(path.win32.dirname(file)).catch(() => undefined);
    }
  }
}

// ----- one fixture -----------------------------------------------------------------------------

interface FixtureResult {
  name: string;
  ms: number;
  effects: Effect[];
  notCompared: string[];
  installFailures?: unknown[];
  error?: string;
}

async function runFixture(
  backend: Backend,
  fixture: Fixture,
  options: Pick<BuildPlanOptions, 'target' | 'machine'>,
): Promise<FixtureResult> {
  const started = performance.now();
  const inf = path.join(FIXTURES, fixture.inf);
  const result: FixtureResult = { name: fixture.name, ms: 0, effects: [], notCompared: [] };
  const planOf = (kind: BuildPlanOptions['kind'], extra: Partial<BuildPlanOptions> = {}) =>
    buildPlan(inf, {
      ...options,
      kind,
      searchPaths: [FIXTURES],
      ...(fixture.section !== undefined && { section: fixture.section }),
      ...extra,
    });
  const seeds = (fixture.seed ?? []).map((section) => planOf('section', { section }));
  let deviceId: string | undefined;
  let plan: Plan;
  if (fixture.kind === 'package') {
    // The device exists first, so that the plan names its real instance (the driver key's is known only after the install).
    deviceId = (
      await backend.createDevice({ hardwareId: DEVICE_HARDWARE_ID, classGuid: SYSTEM_CLASS, description: 'infkit fidelity device' })
    ).deviceInstanceId;
    plan = planOf('package', { context: { kind: 'device-hardware', deviceInstanceId: deviceId } });
  } else {
    plan = planOf(fixture.kind);
  }
  const extra = WINE_EXTRA_WRITES.filter((w) => w.fixture === fixture.name).map((w) => w.target);
  const named = (p: Plan) => p.operations.flatMap((op) => targetsOf(op).map((t) => t.target));
  const before = await snapshot(backend, [...seeds.flatMap(named), ...named(plan), ...extra]);
  const services = [...seeds, plan].flatMap((p) => p.operations.flatMap((op) => (op.op === 'service-add' ? [op.name] : [])));
  try {
    for (const section of fixture.seed ?? []) await backend.installSection(inf, section);
    let install: () => Promise<unknown>;
    switch (fixture.kind) {
      case 'class':
        install = () => backend.installClass(inf);
        break;
      case 'interfaces':
        install = () => backend.installInterfaceClasses(inf);
        break;
      case 'package':
        install = () => backend.installDriver({ inf, hardwareId: DEVICE_HARDWARE_ID });
        break;
      default:
        install = async () => {
          const r = await backend.installSection(inf, fixture.section!);
          if (r.failures.length > 0) result.installFailures = r.failures;
        };
    }
    const pre = await snapshot(backend, named(plan));
    await install();
    if (deviceId !== undefined) plan = withDriverKey(plan, await driverKeyOf(backend, deviceId));
    const m = await expectedState(plan, withAbsent(pre, named(plan)), path.dirname(inf));
    const byTarget = new Map<string, Omit<Effect, 'status' | 'expected' | 'found'>>();
    for (const op of plan.operations) {
      const targets = targetsOf(op);
      if (targets.length === 0) result.notCompared.push(op.op);
      for (const { kind, target } of targets) {
        byTarget.set(targetId(target), { fixture: fixture.name, kind, target, line: `${path.basename(op.source.file)}:${op.source.line}` });
      }
    }
    for (const e of byTarget.values()) {
      const effect = { ...e, expected: expectedOrError(m, e.target), found: await found(backend, e.target) };
      const gap = effect.expected === effect.found ? undefined : gapOf(effect);
      result.effects.push({
        ...effect,
        status: effect.expected === effect.found ? 'match' : gap ? 'gap' : 'differs',
        ...(gap && { gap: gap.row }),
      });
    }
  } catch (e) {
    result.error = String((e as Error)?.stack ?? e);
  } finally {
    if (deviceId !== undefined) await backend.removeDevice(deviceId).catch(() => undefined);
    await deleteServices(backend, services);
    await restore(backend, withAbsent(before, named(plan)));
  }
  result.ms = Math.round(performance.now() - started);
  return result;
}

/** Keys the snapshot did not read (the real driver key, named only after the install) were absent before: the install made them. */
function withAbsent(s: Snapshot, targets: Target[]): Snapshot {
  const keys = new Map(s.keys);
  for (const k of keysOf(targets))
    if (!keys.has(lower(`${k.root}\\${k.key}`))) keys.set(lower(`${k.root}\\${k.key}`), { ...k, snapshot: null });
  return { keys, files: s.files };
}

/** The device's driver key (Enum\<id> Driver), below Control\Class. */
async function driverKeyOf(backend: Backend, deviceId: string): Promise<string> {
  const driver = (await backend.registry.readKey('HKLM', `${CCS}\\Enum\\${deviceId}`))?.values.Driver?.data;
  if (typeof driver !== 'string') throw new Error(`${deviceId} has no Driver value after the install`);
  return `${CCS}\\Control\\Class\\${driver}`;
}

/** The plan with its driver-key placeholder (Class\{class}\0000, docs/plan.md) replaced by the device's real driver key. */
function withDriverKey(plan: Plan, driverKey: string): Plan {
  const placeholder = lower(`${CCS}\\Control\\Class\\${SYSTEM_CLASS}\\0000`);
  const swap = (key: string) =>
    lower(key) === placeholder || lower(key).startsWith(`${placeholder}\\`) ? driverKey + key.slice(placeholder.length) : key;
  return { ...plan, operations: plan.operations.map((op) => ('key' in op && 'root' in op ? { ...op, key: swap(op.key) } : op)) };
}

// ----- the run ---------------------------------------------------------------------------------

async function main(argv: string[]): Promise<number> {
  const out = option(argv, 'out');
  const started = performance.now();
  const backend = await loadBackend('native');
  const results: FixtureResult[] = [];
  try {
    const info = await backend.info();
    const options = { target: { arch: info.arch, osVersion: info.osVersion }, machine: await machineFacts(backend) } as const;
    for (const fixture of FIXTURE_LIST) results.push(await runFixture(backend, fixture, options));
  } finally {
    await backend.close();
  }
  const effects = results.flatMap((r) => r.effects);
  const perKind: Record<string, { compared: number; matched: number; gaps: number; differ: number }> = {};
  for (const e of effects) {
    perKind[e.kind] ??= { compared: 0, matched: 0, gaps: 0, differ: 0 };
    const k = perKind[e.kind];
    if (e.status === 'gap') k.gaps++;
    else {
      k.compared++;
      if (e.status === 'match') k.matched++;
      else k.differ++;
    }
  }
  const seenGaps = new Set(effects.flatMap((e) => (e.gap ? [`${e.fixture} ${e.kind} ${targetId(e.target)}`] : [])));
  const docs = await readFile(path.join(PROJECT_ROOT, 'docs', 'wine-gaps.md'), 'utf8');
  const staleGaps = WINE_FIDELITY_GAPS.filter((g) => !seenGaps.has(`${g.fixture} ${g.kind} ${targetId(g.target)}`)).map(
    (g) => `${g.row}: ${g.fixture} ${g.kind} ${targetId(g.target)}`,
  );
  const undocumented = [...new Set([...WINE_FIDELITY_GAPS, ...WINE_EXTRA_WRITES].map((g) => g.row))].filter(
    (row) => !docs.includes(`| ${row} |`),
  );
  const compared = effects.filter((e) => e.status !== 'gap');
  const matched = compared.filter((e) => e.status === 'match').length;
  const differences = effects.filter((e) => e.status === 'differs');
  const errors = results.filter((r) => r.error !== undefined).map((r) => `${r.name}: ${r.error}`);
  const summary = {
    effects: effects.length,
    compared: compared.length,
    matched,
    wineGaps: effects.length - compared.length,
    agreement: compared.length === 0 ? 0 : Number((matched / compared.length).toFixed(4)),
    perKind,
    ms: Math.round(performance.now() - started),
  };
  const text = [
    `${matched}/${compared.length} effects agree (${(summary.agreement * 100).toFixed(1)}%), ${summary.wineGaps} listed Wine gaps, ${results.length} fixtures, ${summary.ms} ms`,
    ...Object.entries(perKind).map(([k, v]) => `  ${k}: ${v.matched}/${v.compared}${v.gaps ? ` (+${v.gaps} Wine gaps)` : ''}`),
    ...differences.map((e) => `DIFFERS ${e.fixture} ${e.kind} ${targetId(e.target)} (${e.line}): plan ${e.expected}, Wine ${e.found}`),
    ...staleGaps.map((g) => `STALE GAP (Wine now agrees or writes something else): ${g}`),
    ...undocumented.map((row) => `UNDOCUMENTED GAP ROW ${row} (not in docs/wine-gaps.md)`),
    ...errors.map((e) => `ERROR ${e}`),
  ].join('\n');
  await writeFile(out, JSON.stringify({ summary, differences, staleGaps, undocumented, errors, fixtures: results, text }, null, 2));
  process.stdout.write(`${text}\n`);
  const ok = differences.length === 0 && staleGaps.length === 0 && undocumented.length === 0 && errors.length === 0;
  return ok ? 0 : 1;
}

exitWith(main(process.argv.slice(2)));
