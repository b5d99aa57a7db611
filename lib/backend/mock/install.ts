// The mock's install operations over a Machine: opening an INF as SetupOpenInfFile would
// (and failing as it would), building the plan, applying it, and the driver store.
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { InfkitError } from '../../errors.js';
import { parseInfSync } from '../../inf/index.js';
import { catalogFileFor } from '../../inf/model.js';
import type { InfDocument, PlatformTarget } from '../../inf/types.js';
import { normalizeGuid } from '../../base/guid.js';
import { buildPlan, type BuildPlanOptions } from '../../plan/build.js';
import type { Plan, PlanModel } from '../../plan/types.js';
import { PrimitiveError } from '../errors.js';
import { applyOperations, type ApplyResult } from './apply.js';
import { CLASS_KEY, ENUM_KEY } from '../../base/registry-paths.js';
import { ERR, type Machine, SYSTEM_ROOT, fail, type StagedPackage } from './machine.js';

export interface InstallEnv {
  target: PlatformTarget;
  putBlob(data: Uint8Array): Promise<string>;
}

export interface OpenedInf {
  file: string;
  bytes: Uint8Array;
  doc: InfDocument;
}

/** Reads and parses an INF; a missing or refused file fails as SetupOpenInfFile fails under `api`. */
export async function openInf(infPath: string, api: string): Promise<OpenedInf> {
  const file = path.resolve(infPath);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    fail(code === 'ENOENT' ? ERR.FILE_NOT_FOUND : code === 'ENOTDIR' ? ERR.PATH_NOT_FOUND : ERR.ACCESS_DENIED, api);
  }
  const doc = parseInfSync(bytes, { file });
  if (doc.openError) throw new PrimitiveError(api, doc.openError.code, undefined, file);
  return { file, bytes, doc };
}

/** [Version] Class and ClassGUID; ERROR_INVALID_CLASS when the GUID is missing or malformed. */
export function versionClass(doc: InfDocument, api: string): { classGuid: string; className: string } {
  const classGuid = normalizeGuid(doc.value('Version', 'ClassGUID') ?? '');
  const className = doc.value('Version', 'Class')?.trim() ?? '';
  if (classGuid === null || className === '') fail(ERR.INVALID_CLASS, api);
  return { classGuid, className };
}

/**
 * buildPlan with the machine's facts (its classes, its Windows directory), and the planner's
 * refusals turned into the WinErrors SetupAPI gives.
 */
export function planOrFail(m: Machine, file: string, options: BuildPlanOptions, api: string): Plan {
  try {
    return buildPlan(file, { ...options, machine: { systemRoot: SYSTEM_ROOT, classes: m.classGuids() } });
  } catch (e) {
    if (e instanceof InfkitError && e.code === 'E_NOT_FOUND') fail(ERR.SECTION_NOT_FOUND, api);
    if (e instanceof InfkitError && e.code === 'E_INF_INVALID') fail(ERR.INVALID_CLASS, api);
    throw e;
  }
}

/**
 * Applies a plan; a failed file copy fails the whole install (class, interface-class and
 * device installs commit their file queue and stop at its first failure, as the real
 * backends report it).
 */
export async function applyStrict(m: Machine, plan: Plan, env: InstallEnv, deviceInstanceId?: string): Promise<ApplyResult> {
  const result = await applyOperations(m, plan.operations, {
    sourceDir: path.dirname(plan.inf),
    putBlob: env.putBlob,
    ...(deviceInstanceId !== undefined && { deviceInstanceId }),
  });
  const first = result.failures[0];
  if (first) throw new PrimitiveError('SetupCommitFileQueueW', first.code, undefined, first.file);
  return result;
}

/** SetupDiInstallClass for the INF's class unless it exists; true when it was created. */
async function ensureClass(
  m: Machine,
  opened: OpenedInf,
  env: InstallEnv,
  api: string,
): Promise<{ created: boolean; rebootRequired: boolean }> {
  const { classGuid, className } = versionClass(opened.doc, api);
  if (m.classExists(classGuid)) return { created: false, rebootRequired: false };
  if (!opened.doc.hasSection('ClassInstall32') && !opened.doc.sections.some((s) => /^ClassInstall32\./i.test(s.name))) {
    m.createClass(classGuid, className);
    return { created: true, rebootRequired: false };
  }
  const plan = planOrFail(m, opened.file, { kind: 'class', target: env.target }, api);
  const result = await applyStrict(m, plan, env);
  return { created: true, rebootRequired: result.rebootRequired };
}

// ----- driver store ---------------------------------------------------------------------

/** A file of the package folder, found as Windows finds it (names ignore case); null when absent. */
async function packageFile(dir: string, relative: string): Promise<string | null> {
  let at = dir;
  for (const part of relative.split(/[\\/]+/).filter((p) => p !== '')) {
    const names = await readdir(at).catch(() => [] as string[]);
    const found = names.find((n) => n.toLowerCase() === part.toLowerCase());
    if (found === undefined) return null;
    at = path.join(at, found);
  }
  return at;
}

/**
 * What SetupCopyOEMInf refuses before it stages: no CatalogFile for the platform
 * (ERROR_NO_CATALOG_FOR_OEM_INF), the catalog or a file the package copies missing beside the
 * INF (ERROR_FILE_NOT_FOUND, naming the file). The mock checks no signature.
 */
async function checkPackageFiles(m: Machine, opened: OpenedInf, env: InstallEnv, api: string): Promise<void> {
  const dir = path.dirname(opened.file);
  const catalog = catalogFileFor(opened.doc, env.target);
  if (catalog === null) fail(ERR.NO_CATALOG_FOR_OEM_INF, api);
  if ((await packageFile(dir, catalog.file)) === null)
    throw new PrimitiveError(api, ERR.FILE_NOT_FOUND, undefined, path.join(dir, catalog.file));
  const plan = planOrFail(m, opened.file, { kind: 'package', target: env.target }, api);
  for (const op of plan.operations) {
    if (op.op !== 'file-copy') continue;
    const source = op.sourcePath ?? op.sourceFile;
    if ((await packageFile(dir, source)) === null) throw new PrimitiveError(api, ERR.FILE_NOT_FOUND, undefined, path.join(dir, source));
  }
}

/** SetupCopyOEMInf: the package goes to the store as oemNN.inf; the same INF again finds its copy. */
export async function stagePackage(
  m: Machine,
  opened: OpenedInf,
  env: InstallEnv,
  api: string,
): Promise<{ publishedName: string; alreadyStaged: boolean }> {
  const infHash = createHash('sha256').update(opened.bytes).digest('hex');
  const existing = m.state.drivers.find((p) => p.infHash === infHash);
  if (existing) return { publishedName: existing.publishedName, alreadyStaged: true };
  await checkPackageFiles(m, opened, env, api);
  const { classGuid, className } = versionClass(opened.doc, api);
  const driverVer =
    opened.doc
      .linesWithKey('Version', 'DriverVer')[0]
      ?.fields.map((f) => f.value.trim())
      .join(',') ?? '';
  const publishedName = m.nextPublishedName();
  m.putFile(`${SYSTEM_ROOT}\\INF\\${publishedName}`, await env.putBlob(opened.bytes), opened.bytes.length);
  const pkg: StagedPackage = {
    publishedName,
    originalName: path.basename(opened.file),
    provider: opened.doc.value('Version', 'Provider')?.trim() ?? '',
    className,
    classGuid,
    driverVer,
    infHash,
    sourcePath: opened.file,
  };
  m.state.drivers.push(pkg);
  return { publishedName, alreadyStaged: false };
}

/** The models of a package whose hardware IDs include `hardwareId` (case-insensitive). */
export function modelsFor(plan: Plan, hardwareId: string): PlanModel[] {
  return (plan.models ?? []).filter((model) => model.hardwareIds.some((id) => id.toLowerCase() === hardwareId.toLowerCase()));
}

/**
 * SetupDiInstallDevice of one model on one device: the driver key, the DDInstall section
 * (and its .Services) against it, DDInstall.HW against the device's hardware key, and
 * DDInstall.Interfaces' AddInterface lines; then the driver enables the device's interfaces.
 */
export async function installOnDevice(
  m: Machine,
  opened: OpenedInf,
  env: InstallEnv,
  api: string,
  install: { deviceInstanceId: string; model: PlanModel; hardwareId: string; publishedName: string; rank?: number },
): Promise<boolean> {
  const { deviceInstanceId: id, model } = install;
  if (model.chosen === null) fail(ERR.SECTION_NOT_FOUND, api);
  const ddInstall = model.chosen;
  const { classGuid, className } = versionClass(opened.doc, api);
  let reboot = (await ensureClass(m, opened, env, api)).rebootRequired;

  const enumKey = `${ENUM_KEY}\\${id}`;
  m.reg.setValue('HKLM', enumKey, 'ClassGUID', { type: 'REG_SZ', data: classGuid.toLowerCase() });
  m.reg.setValue('HKLM', enumKey, 'Class', { type: 'REG_SZ', data: className });
  if (model.description !== '') m.reg.setValue('HKLM', enumKey, 'DeviceDesc', { type: 'REG_SZ', data: model.description });
  m.reg.setValue('HKLM', enumKey, 'Mfg', { type: 'REG_SZ', data: model.manufacturer });
  const driver = m.createDriverKey(id, classGuid);
  const instance = driver.slice(driver.lastIndexOf('\\') + 1);

  const section = (name: string, context: BuildPlanOptions['context']) =>
    planOrFail(m, opened.file, { kind: 'section', section: name, target: env.target, ...(context && { context }) }, api);
  const main = await applyStrict(m, section(ddInstall, { kind: 'device-driver', classGuid, instance }), env, id);
  reboot ||= main.rebootRequired;
  if (opened.doc.hasSection(`${ddInstall}.HW`)) {
    const hw = await applyStrict(m, section(`${ddInstall}.HW`, { kind: 'device-hardware', deviceInstanceId: id }), env, id);
    reboot ||= hw.rebootRequired;
  }
  for (const line of opened.doc.linesWithKey(`${ddInstall}.Interfaces`, 'AddInterface')) {
    const [guidText = '', reference = '', addSection = ''] = line.fields.map((f) => f.value.trim());
    const interfaceGuid = normalizeGuid(guidText);
    if (interfaceGuid === null) continue;
    m.registerInterface(id, interfaceGuid, reference);
    if (addSection !== '' && opened.doc.hasSection(addSection)) {
      const context = { kind: 'interface', interfaceGuid, referenceString: reference, deviceInstanceId: id } as const;
      reboot ||= (await applyStrict(m, section(addSection, context), env, id)).rebootRequired;
    }
  }

  const driverKey = `${CLASS_KEY}\\${driver}`;
  const [date = '', version = ''] = (m.state.drivers.find((p) => p.publishedName === install.publishedName)?.driverVer ?? '').split(',');
  const sz = (name: string, data: string) => m.reg.setValue('HKLM', driverKey, name, { type: 'REG_SZ', data });
  sz('InfPath', install.publishedName);
  // As Windows records it: the section named on the Models line, and the decoration chosen.
  sz('InfSection', model.installSection);
  if (ddInstall.length > model.installSection.length) sz('InfSectionExt', ddInstall.slice(model.installSection.length));
  sz('DriverDesc', model.description);
  sz('ProviderName', opened.doc.value('Version', 'Provider')?.trim() ?? '');
  sz('DriverDate', date.trim());
  sz('DriverVersion', version.trim());
  sz('MatchingDeviceId', install.hardwareId.toLowerCase());
  // The mock keeps the DriverRank Windows computed at install time here (Windows keeps it as a device property).
  if (install.rank !== undefined) m.reg.setValue('HKLM', driverKey, 'DriverRank', { type: 'REG_DWORD', data: install.rank >>> 0 });
  if (main.associatedService !== undefined) m.reg.setValue('HKLM', enumKey, 'Service', { type: 'REG_SZ', data: main.associatedService });
  m.enableInterfacesOfDriver(id);
  return reboot;
}
