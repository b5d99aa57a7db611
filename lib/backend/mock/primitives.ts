// The mock machine's Primitives: each one what the Windows call does, simulated over the
// state directory. Reads are lock-free queries; each changing primitive is one locked, atomic
// read-modify-write (a failure leaves the state as it was), so separate infkit processes see
// each other's effects. Failures are PrimitiveErrors with the code and API Windows gives;
// lib/backend/core.ts gives them, and every other primitive result, their meaning.
import { createHash } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { InfkitError } from '../../errors.js';
import type { PlatformTarget } from '../../inf/types.js';
import { decodeValue, encodeValue } from '../../base/registry-values.js';
import { ENUM_KEY } from '../../base/registry-paths.js';
import type { StateStore } from '../../base/store.js';
import { CODEINTEGRITY_OPTION, DICS } from '../core.js';
import { isPrimitiveFailure } from '../errors.js';
import type { Primitives, QueueFailure, RawDevice } from '../types.js';
import { HRESULT, describeWinError } from '../winerror-table.js';
import { rankDrivers, type RankPackage } from '../../plan/rank.js';
import { applyOperations } from './apply.js';
import {
  applyStrict,
  installOnDevice,
  modelsFor,
  openInf,
  planOrFail,
  stagePackage,
  versionClass,
  type InstallEnv,
  type OpenedInf,
} from './install.js';
import { ERR, Machine, baselineState, fail, type MachineState } from './machine.js';

const STATE_FORMAT = 1;

/** SPDRP_* → the Enum key value that holds it. */
const SPDRP_VALUES: Record<number, string> = {
  0x00: 'DeviceDesc',
  0x01: 'HardwareID',
  0x02: 'CompatibleIDs',
  0x04: 'Service',
  0x07: 'Class',
  0x08: 'ClassGUID',
  0x09: 'Driver',
  0x0a: 'ConfigFlags',
  0x0b: 'Mfg',
  0x0c: 'FriendlyName',
  0x0d: 'LocationInformation',
  0x0f: 'Capabilities',
  0x10: 'UINumber',
  0x11: 'UpperFilters',
  0x12: 'LowerFilters',
};

/** Calls SetupAPI does not log: registry access, and what the mock's own controls simulate. */
const UNLOGGED = /^(Reg|Cert|IoSetDeviceInterfaceState$|PnP arrival$|mock$)/;

/** What a failure line says: the table's text and the file for a failed call, else the error's own message. */
function failureText(error: unknown, message: string): string {
  if (isPrimitiveFailure(error)) return error.file === undefined ? message : `${message} (${error.file})`;
  return error instanceof Error ? error.message : message;
}

/** A log time as SetupAPI writes it: local `YYYY/MM/DD HH:MM:SS.mmm`. */
function logTime(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

function parseState(text: string, file: string): MachineState {
  let state: MachineState;
  try {
    state = JSON.parse(text) as MachineState;
  } catch (e) {
    throw new InfkitError('E_IO', `the mock state ${file} is not valid JSON: ${(e as Error).message}`, {
      hint: 'Delete the file (or run with a fresh --state directory) to start from the baseline machine.',
      cause: e,
    });
  }
  if (state?.format !== STATE_FORMAT) {
    throw new InfkitError('E_IO', `the mock state ${file} has format ${String(state?.format)}; this infkit reads format ${STATE_FORMAT}`, {
      hint: 'Delete the file (or use another --state directory) to start from the baseline machine.',
    });
  }
  return state;
}

export interface MockMachineOptions {
  target: PlatformTarget;
  /** False simulates a standard user: Windows refuses every change with ERROR_ACCESS_DENIED. */
  elevated: boolean;
}

export class MockPrimitives implements Primitives {
  closed = false;

  constructor(
    readonly store: StateStore,
    readonly options: MockMachineOptions,
  ) {}

  // ----- state access -------------------------------------------------------------------

  #check(): void {
    if (this.closed) throw new InfkitError('E_USAGE', 'the mock backend is closed');
  }

  async #load(): Promise<MachineState> {
    const text = await this.store.readText();
    return text === null ? baselineState() : parseState(text, this.store.stateFile);
  }

  /** A read-only query of the current state (no lock: writes are atomic renames). */
  async query<T>(fn: (m: Machine) => T): Promise<T> {
    this.#check();
    return fn(new Machine(await this.#load()));
  }

  /**
   * One locked read-modify-write under `api`. When `fn` throws, nothing is written; when it
   * changed nothing, nothing is written either (repeating an install leaves the file alone).
   */
  async mutate<T>(api: string, fn: (m: Machine) => Promise<T> | T, subject?: string): Promise<T> {
    this.#check();
    if (!this.options.elevated) fail(ERR.ACCESS_DENIED, api);
    return this.store.withLock(async () => {
      const started = new Date();
      try {
        const state = await this.#load();
        const before = JSON.stringify(state);
        const result = await fn(new Machine(state));
        if (JSON.stringify(state) !== before) {
          state.generation++;
          await this.store.writeText(JSON.stringify(state));
        }
        await this.#log(api, subject, started, null);
        return result;
      } catch (e) {
        await this.#log(api, subject, started, e);
        throw e;
      }
    });
  }

  /** The mock's setupapi.dev.log, in its state directory. */
  get logFile(): string {
    return path.join(this.store.dir, 'setupapi.dev.log');
  }

  /** One section of SetupAPI's text-log format per changing call, as Windows writes one per install. */
  async #log(api: string, subject: string | undefined, started: Date, error: unknown): Promise<void> {
    if (UNLOGGED.test(api)) return;
    const code = isPrimitiveFailure(error) ? error.winCode >>> 0 : error === null ? 0 : ERR.GEN_FAILURE;
    const entry = describeWinError(code);
    const hex = `0x${code.toString(16).padStart(8, '0')}`;
    const lines = [
      `>>>  [${api.replace(/W$/, '')}${subject === undefined ? '' : ` - ${subject}`}]`,
      `>>>  Section start ${logTime(started)}`,
      `     mck: ${api}${subject === undefined ? '' : ` ${subject}`}`,
      ...(error === null ? [] : [`!!!  mck: ${api} failed: ${entry.name} (${hex}): ${failureText(error, entry.message)}`]),
      `<<<  Section end ${logTime(new Date())}`,
      `<<<  [Exit status: ${error === null ? 'SUCCESS' : `FAILURE(${hex})`}]`,
      '',
    ];
    // A log the mock cannot write is no failure of the call (as SetupAPI's own logging).
    await appendFile(this.logFile, lines.join('\r\n'), 'latin1').catch(() => undefined);
  }

  get #env(): InstallEnv {
    return { target: this.options.target, putBlob: (data) => this.store.putBlob(data) };
  }

  // ----- Primitives ---------------------------------------------------------------------

  info() {
    this.#check();
    return { wine: false, elevated: this.options.elevated, arch: this.options.target.arch, osVersion: this.options.target.osVersion };
  }

  /** The mock has no message table: the core uses its own text. */
  formatMessage(): string {
    return '';
  }

  listClasses(flags: number) {
    return this.query((m) => m.listClasses({ excludeNoInstall: (flags & 1) !== 0, excludeNoDisplay: (flags & 2) !== 0 }));
  }

  classGuidsFromName(name: string) {
    return this.query((m) => m.classGuidsFromName(name));
  }

  className(classGuid: string) {
    return this.query((m) => {
      const found = m.listClasses().find((c) => c.guid === classGuid.toUpperCase());
      if (found === undefined) fail(ERR.INVALID_CLASS, 'SetupDiClassNameFromGuidW');
      return found.name;
    });
  }

  async infClass(infPath: string) {
    const { classGuid, className } = versionClass((await openInf(infPath, 'SetupDiGetINFClassW')).doc, 'SetupDiGetINFClassW');
    return { guid: classGuid, name: className };
  }

  installClass(infPath: string) {
    const api = 'SetupDiInstallClassW';
    return this.mutate(
      api,
      async (m) => {
        const opened = await openInf(infPath, api);
        const { classGuid, className } = versionClass(opened.doc, api);
        // Windows ignores [ClassInstall32] when the class exists.
        if (m.classExists(classGuid)) return { classGuid, className, alreadyExisted: true, rebootRequired: false, failures: [] };
        const plan = planOrFail(m, opened.file, { kind: 'class', target: this.options.target }, api);
        const { rebootRequired } = await applyStrict(m, plan, this.#env);
        return { classGuid, className, alreadyExisted: false, rebootRequired, failures: [] };
      },
      infPath,
    );
  }

  async interfaceInstallEntries(infPath: string) {
    const opened = await openInf(infPath, 'SetupDiInstallClassExW');
    return (opened.doc.section('InterfaceInstall32')?.lines ?? []).map((l) => ({
      key: l.key ?? l.fields[0]?.value ?? '',
      section: (l.key === null ? l.fields[1] : l.fields[0])?.value ?? '',
      flags: (l.key === null ? l.fields[2] : l.fields[1])?.value ?? '',
    }));
  }

  installInterfaceClass(infPath: string, guid: string) {
    const api = 'SetupDiInstallClassExW';
    return this.mutate(
      api,
      async (m) => {
        const opened = await openInf(infPath, api);
        const plan = planOrFail(m, opened.file, { kind: 'interfaces', target: this.options.target, interfaceGuid: guid }, api);
        const result = await applyStrict(m, plan, this.#env);
        const one = result.interfaceClasses.find((i) => i.guid === guid) ?? { guid, section: '', created: false };
        return { ...one, rebootRequired: result.rebootRequired, failures: [] };
      },
      `${infPath} ${guid}`,
    );
  }

  listInterfaces(classGuid: string, present: boolean) {
    return this.query((m) =>
      m.listInterfaces(classGuid, present).map((i) => ({
        symbolicLink: i.symbolicLink,
        deviceInstanceId: i.deviceInstanceId,
        flags: (i.enabled ? 0x1 : 0) | (i.removed ? 0x4 : 0),
      })),
    );
  }

  registerInterface(deviceInstanceId: string, classGuid: string, referenceString: string | null) {
    return this.mutate('SetupDiCreateDeviceInterfaceW', (m) => {
      const id = m.canonicalDeviceId(deviceInstanceId);
      if (id === undefined) fail(ERR.NO_SUCH_DEVINST, 'SetupDiOpenDeviceInfoW');
      const result = m.registerInterface(id, classGuid, referenceString ?? '');
      m.enableInterfacesOfDriver(id);
      return result;
    });
  }

  /** SetupInstallFromInfSection: a failed copy is skipped and reported, the rest is done. */
  async installSection(infPath: string, section: string, sourceDir: string | null) {
    const api = 'SetupInstallFromInfSectionW';
    return this.mutate(
      api,
      async (m) => {
        const opened = await openInf(infPath, api);
        // The section is decorated for the platform (SetupDiGetActualSectionToInstall).
        const plan = planOrFail(m, opened.file, { kind: 'section', section, target: this.options.target }, api);
        const result = await applyOperations(m, plan.operations, {
          sourceDir: sourceDir ?? path.dirname(opened.file),
          putBlob: this.#env.putBlob,
        });
        const failures: QueueFailure[] = result.failures.map((f) => ({ ...(f.file !== undefined && { file: f.file }), code: f.code }));
        return { section: plan.sections[0]?.chosen ?? section, rebootRequired: result.rebootRequired, failures };
      },
      `${infPath} [${section}]`,
    );
  }

  installHinfSection(infPath: string, section: string) {
    return this.installSection(infPath, section, null).then((done) => ({ section: done.section }));
  }

  createDevice(hardwareId: string, classGuid: string, className: string, description: string | null) {
    return this.mutate(
      'SetupDiCallClassInstaller',
      (m) => {
        const deviceInstanceId = m.nextRootInstanceId(className);
        m.addDevice({ deviceInstanceId, hardwareIds: [hardwareId], classGuid, className, description: description ?? '' });
        return { deviceInstanceId, rebootRequired: false };
      },
      hardwareId,
    );
  }

  listDevices(present: boolean): Promise<RawDevice[]> {
    return this.query((m) =>
      m
        .listDevices()
        .filter((d) => !present || m.isPresent(d.deviceInstanceId))
        .map((d) => m.rawDevice(d.deviceInstanceId)),
    );
  }

  getDevice(deviceInstanceId: string): Promise<RawDevice | null> {
    return this.query((m) => {
      const id = m.canonicalDeviceId(deviceInstanceId);
      return id === undefined ? null : m.rawDevice(id);
    });
  }

  deviceRegistryProperty(deviceInstanceId: string, spdrp: number) {
    return this.query((m) => {
      const id = m.canonicalDeviceId(deviceInstanceId);
      if (id === undefined) fail(ERR.NO_SUCH_DEVINST, 'SetupDiOpenDeviceInfoW');
      const name = SPDRP_VALUES[spdrp];
      const value = name === undefined ? undefined : m.reg.getValue('HKLM', `${ENUM_KEY}\\${id}`, name);
      return value === undefined ? null : encodeValue(value);
    });
  }

  removeDevice(deviceInstanceId: string) {
    return this.mutate(
      'SetupDiCallClassInstaller',
      (m) => {
        const id = m.canonicalDeviceId(deviceInstanceId);
        if (id === undefined) fail(ERR.NO_SUCH_DEVINST, 'SetupDiOpenDeviceInfoW');
        m.removeDevice(id);
        m.setRestartPending(id, false);
        return { rebootRequired: false };
      },
      deviceInstanceId,
    );
  }

  changeDeviceState(deviceInstanceId: string, stateChange: number) {
    return this.mutate(
      'SetupDiCallClassInstaller',
      (m) => {
        const id = m.canonicalDeviceId(deviceInstanceId);
        if (id === undefined) fail(ERR.NO_SUCH_DEVINST, 'SetupDiOpenDeviceInfoW');
        if (stateChange === DICS.ENABLE || stateChange === DICS.DISABLE) m.setDisabled(id, stateChange === DICS.DISABLE);
        else if (stateChange !== DICS.PROPCHANGE) fail(ERR.INVALID_PARAMETER, 'SetupDiSetClassInstallParamsW');
        // Stopping and starting the device (DICS_PROPCHANGE, or enabling it) ends a wait for a restart.
        if (stateChange !== DICS.DISABLE) m.setRestartPending(id, false);
        return { rebootRequired: false };
      },
      deviceInstanceId,
    );
  }

  /**
   * CM_Reenumerate_DevNode: each present, enabled device without a driver gets the staged
   * package Windows would choose for it (lib/plan/rank.ts: the lowest DriverRank, then the
   * newest date, then the highest version).
   */
  reenumerate() {
    const api = 'CM_Reenumerate_DevNode';
    return this.mutate(api, async (m) => {
      const store = await this.#openStore(m, api);
      for (const d of m.listDevices()) {
        const raw = m.rawDevice(d.deviceInstanceId);
        if (!raw.present || raw.driver !== null || m.isDisabled(raw.deviceInstanceId)) continue;
        const best = rankDrivers(
          [...store.values()].map((p) => p.rank),
          raw,
          this.options.target,
        ).candidates[0];
        const pkg = best === undefined ? undefined : store.get(best.inf);
        if (best === undefined || pkg === undefined) continue;
        const model = modelsFor(pkg.plan, best.matchingId)[0];
        if (model === undefined) continue;
        await installOnDevice(m, pkg.opened, this.#env, api, {
          deviceInstanceId: raw.deviceInstanceId,
          model,
          hardwareId: best.matchingId,
          publishedName: pkg.publishedName,
          rank: best.rank,
        });
      }
    });
  }

  /** The staged packages the mock can still read (Windows keeps a copy; the mock only the source path). */
  async #openStore(m: Machine, api: string) {
    const store = new Map<string, { opened: OpenedInf; plan: ReturnType<typeof planOrFail>; publishedName: string; rank: RankPackage }>();
    for (const pkg of m.state.drivers) {
      if (pkg.sourcePath === undefined) continue;
      let opened: OpenedInf;
      try {
        opened = await openInf(pkg.sourcePath, api);
      } catch {
        continue; // the package's source is gone (docs/mock-backend.md: what a simulation cannot have)
      }
      const plan = planOrFail(m, opened.file, { kind: 'package', target: this.options.target }, api);
      store.set(pkg.publishedName, {
        opened,
        plan,
        publishedName: pkg.publishedName,
        rank: { doc: opened.doc, inf: pkg.publishedName, catalog: { kind: 'driver-store' } },
      });
    }
    return store;
  }

  stageDriver(infPath: string) {
    const api = 'SetupCopyOEMInfW';
    return this.mutate(api, async (m) => stagePackage(m, await openInf(infPath, api), this.#env, api), infPath);
  }

  removeDriver(publishedName: string, force: boolean) {
    const api = 'SetupUninstallOEMInfW';
    return this.mutate(
      api,
      (m) => {
        const pkg = m.findPackage(publishedName);
        if (pkg === undefined) fail(ERR.NOT_AN_INSTALLED_OEM_INF, api);
        if (!force && m.devicesUsingPackage(pkg.publishedName).length > 0) fail(ERR.INF_IN_USE_BY_DEVICES, api);
        m.removePackage(pkg.publishedName);
      },
      publishedName,
    );
  }

  listDrivers() {
    return this.query((m) => m.state.drivers.map(({ infHash: _hash, sourcePath: _source, ...pkg }) => pkg));
  }

  installDriver(infPath: string, hardwareId: string | null) {
    const api = hardwareId === null ? 'DiInstallDriverW' : 'UpdateDriverForPlugAndPlayDevicesW';
    return this.mutate(api, async (m) => this.#installPackage(m, await openInf(infPath, api), api, hardwareId), hardwareId ?? infPath);
  }

  /**
   * Stages the package and installs it on the present devices it matches: those with
   * `hardwareId` (UpdateDriverForPlugAndPlayDevices: ERROR_NO_SUCH_DEVINST when there are
   * none), or every device a model of the package matches (DiInstallDriver).
   */
  async #installPackage(
    m: Machine,
    opened: OpenedInf,
    api: string,
    hardwareId: string | null,
  ): Promise<{ rebootRequired: boolean; publishedName: string }> {
    const { publishedName } = await stagePackage(m, opened, this.#env, api);
    const plan = planOrFail(m, opened.file, { kind: 'package', target: this.options.target }, api);
    const wanted = hardwareId?.toLowerCase();
    const targets: Array<{ deviceInstanceId: string; hardwareId: string }> = [];
    for (const device of m.listDevices().filter((d) => m.isPresent(d.deviceInstanceId))) {
      const ids = device.hardwareIds.filter((h) => wanted === undefined || h.toLowerCase() === wanted);
      const match = ids.find((id) => modelsFor(plan, id).length > 0);
      if (match !== undefined) targets.push({ deviceInstanceId: device.deviceInstanceId, hardwareId: match });
      else if (ids.length > 0 && wanted !== undefined) fail(ERR.NO_MORE_ITEMS, api);
    }
    if (wanted !== undefined && targets.length === 0) fail(ERR.NO_SUCH_DEVINST, api);
    let rebootRequired = false;
    const pkg: RankPackage = { doc: opened.doc, inf: publishedName, catalog: { kind: 'driver-store' } };
    for (const t of targets) {
      const model = modelsFor(plan, t.hardwareId)[0]!;
      const rank = rankDrivers([pkg], m.rawDevice(t.deviceInstanceId), this.options.target).candidates[0]?.rank;
      rebootRequired =
        (await installOnDevice(m, opened, this.#env, api, { ...t, model, publishedName, ...(rank !== undefined && { rank }) })) ||
        rebootRequired;
    }
    return { rebootRequired, publishedName };
  }

  /** The mock installs synchronously: nothing is ever pending. */
  async waitNoPendingInstalls(): Promise<boolean> {
    this.#check();
    return true;
  }

  /**
   * The mock's WinVerifyTrust: a file is trusted when it embeds, byte for byte, a certificate of
   * the mock's Root store that is also in TrustedPublisher (a catalog carries its signer's
   * certificate). No chain, signature or time is checked (docs/mock-backend.md).
   */
  async verifyTrust(file: string): Promise<number> {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      return HRESULT.TRUST_E_NOSIGNATURE;
    }
    return this.query((m) => {
      const stores = m.state.certificates ?? {};
      const publishers = new Set(stores.TrustedPublisher ?? []);
      const embedded = (stores.Root ?? []).filter((c) => bytes.includes(Buffer.from(c, 'base64')));
      if (embedded.some((c) => publishers.has(c))) return 0;
      if (embedded.length > 0) return HRESULT.TRUST_E_SUBJECT_NOT_TRUSTED;
      return bytes[0] === 0x30 ? HRESULT.CERT_E_UNTRUSTEDROOT : HRESULT.TRUST_E_NOSIGNATURE;
    });
  }

  codeIntegrityOptions() {
    return this.query((m) => m.state.codeIntegrityOptions ?? CODEINTEGRITY_OPTION.ENABLED);
  }

  listCertificates(store: string) {
    return this.query((m) => (m.state.certificates?.[store] ?? []).map((c) => new Uint8Array(Buffer.from(c, 'base64'))));
  }

  addCertificate(store: string, der: Uint8Array) {
    return this.mutate('CertAddEncodedCertificateToStore', (m) => {
      const encoded = Buffer.from(der).toString('base64');
      m.state.certificates ??= {};
      m.state.certificates[store] ??= [];
      const list = m.state.certificates[store];
      if (list.includes(encoded)) return false;
      list.push(encoded);
      return true;
    });
  }

  removeCertificate(store: string, sha1: Uint8Array) {
    return this.mutate('CertDeleteCertificateFromStore', (m) => {
      const list = m.state.certificates?.[store] ?? [];
      const wanted = Buffer.from(sha1).toString('hex');
      const at = list.findIndex((c) => createHash('sha1').update(Buffer.from(c, 'base64')).digest('hex') === wanted);
      if (at < 0) return false;
      list.splice(at, 1);
      return true;
    });
  }

  readKey(root: Parameters<Primitives['readKey']>[0], key: string) {
    return this.query((m) => {
      const snapshot = m.reg.snapshot(root, key);
      if (snapshot === null) return null;
      return { values: Object.entries(snapshot.values).map(([name, v]) => ({ name, ...encodeValue(v) })), subkeys: snapshot.subkeys };
    });
  }

  setValue(root: Parameters<Primitives['setValue']>[0], key: string, name: string, type: number, data: Uint8Array) {
    return this.mutate('RegSetValueExW', (m) => m.reg.setValue(root, key, name, decodeValue(type, data)));
  }

  deleteValue(root: Parameters<Primitives['deleteValue']>[0], key: string, name: string) {
    return this.mutate('RegDeleteValueW', (m) => {
      if (!m.reg.deleteValue(root, key, name)) fail(ERR.FILE_NOT_FOUND, 'RegDeleteValueW');
    });
  }

  deleteKey(root: Parameters<Primitives['deleteKey']>[0], key: string) {
    return this.mutate('RegDeleteTreeW', (m) => {
      m.reg.deleteKey(root, key);
    });
  }
}
