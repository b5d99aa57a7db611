// What apply and the install commands need to know about an INF before touching the
// machine: whether validation lets it through, which class and interface classes it
// installs, and which registry values a section writes (from the planner).
import path from 'node:path';
import type { RegistryRoot, RegistryValue } from '../backend/types.js';
import { InfkitError } from '../errors.js';
import { parseInf } from '../inf/index.js';
import type { InfDocument, PlatformTarget } from '../inf/types.js';
import { normalizeGuid } from '../base/guid.js';
import { buildPlan } from '../plan/index.js';
import type { Diagnostic } from '../rules/types.js';
import { validateDocument } from '../rules/index.js';
import { stopsInstall } from '../rules/install-gate.js';
import { jsonFile } from '../rules/format.js';

const documents = new Map<string, Promise<InfDocument>>();

/** The parsed INF at `file` (read once per process). */
export function readInf(file: string): Promise<InfDocument> {
  const key = path.resolve(file);
  let document = documents.get(key);
  if (!document) {
    document = parseInf(key, { file });
    documents.set(key, document);
  }
  return document;
}

/** An INF that validation refused: the findings that stop an install travel with the error. */
export class InfRefusedError extends InfkitError {
  constructor(readonly refused: Array<{ file: string; diagnostics: Diagnostic[] }>) {
    const errors = refused.reduce((n, r) => n + r.diagnostics.length, 0);
    const names = refused.map((r) => r.file).join(', ');
    super(
      'E_INF_INVALID',
      `${names} ${refused.length === 1 ? 'has' : 'have'} ${errors} finding(s) that stop an install; nothing was installed`,
      {
        hint: 'fix the findings, or pass --force to install anyway',
      },
    );
  }

  override toJSON(): Record<string, unknown> {
    // The findings in the shape `infkit validate --json` gives them.
    return { ...super.toJSON(), files: this.refused.map(jsonFile) };
  }
}

/**
 * Validates each INF; when any has a finding that stops an install (stopsInstall: what makes
 * SetupAPI fail or do something else, not InfVerif's signing policy) and `force` is not set,
 * throws InfRefusedError carrying those findings. Returns the stopping findings of every file.
 */
export async function checkInfs(
  files: string[],
  options: { force?: boolean } = {},
): Promise<Array<{ file: string; diagnostics: Diagnostic[] }>> {
  const results = [];
  for (const file of files) {
    const diagnostics = validateDocument(await readInf(file)).filter(stopsInstall);
    results.push({ file, diagnostics });
  }
  const refused = results.filter((r) => r.diagnostics.length > 0);
  if (refused.length > 0 && !options.force) throw new InfRefusedError(refused);
  return results;
}

/** The setup class an INF's [Version] names (Class, ClassGuid). */
export async function classOfInf(file: string): Promise<{ guid: string; name: string }> {
  const doc = await readInf(file);
  const guid = normalizeGuid(doc.value('Version', 'ClassGuid') ?? '');
  if (!guid) {
    throw new InfkitError('E_NOT_FOUND', `${path.basename(file)} names no valid ClassGuid in [Version]`, { file });
  }
  return { guid, name: doc.value('Version', 'Class') ?? '' };
}

/** The interface-class GUIDs of an INF's [InterfaceInstall32] section. */
export async function interfaceClassesOfInf(file: string): Promise<string[]> {
  const doc = await readInf(file);
  const guids = (doc.section('InterfaceInstall32')?.lines ?? [])
    .map((line) => normalizeGuid(line.key ?? line.fields[0]?.value ?? ''))
    .filter((g): g is string => g !== null);
  if (guids.length === 0) {
    throw new InfkitError('E_NOT_FOUND', `${path.basename(file)} has no [InterfaceInstall32] entries`, { file });
  }
  return [...new Set(guids)];
}

/** A registry effect of a section that can be checked against the machine. */
export type RegistryEffect =
  /** The value exists; with `value`, it holds exactly that (absent for append/no-clobber writes). */
  | { kind: 'set'; root: RegistryRoot; key: string; name: string; value?: RegistryValue }
  /** The key exists (FLG_ADDREG_KEYONLY). */
  | { kind: 'key'; root: RegistryRoot; key: string; name: '' }
  /** The value does not exist (DelReg). */
  | { kind: 'delete'; root: RegistryRoot; key: string; name: string };

/** The registry effects of running `section` of `file` on `target`, in plan order. */
export async function sectionRegistryOperations(file: string, section: string, target: PlatformTarget): Promise<RegistryEffect[]> {
  const plan = buildPlan(await readInf(file), { kind: 'section', section, target });
  const effects: RegistryEffect[] = [];
  for (const op of plan.operations) {
    if (op.op === 'reg-set') {
      if (op.keyOnly) effects.push({ kind: 'key', root: op.root, key: op.key, name: '' });
      else if (op.append || op.noClobber) effects.push({ kind: 'set', root: op.root, key: op.key, name: op.name });
      else effects.push({ kind: 'set', root: op.root, key: op.key, name: op.name, value: op.value });
    } else if (op.op === 'reg-delete-value') {
      effects.push({ kind: 'delete', root: op.root, key: op.key, name: op.name });
    }
  }
  return effects;
}

/**
 * The interfaces a driver install of `file` registers on a device with `hardwareId`: the
 * AddInterface lines of the DDInstall.Interfaces section its model chooses for `target`.
 */
export async function interfacesOfDriver(
  file: string,
  hardwareId: string,
  target: PlatformTarget,
): Promise<Array<{ classGuid: string; reference: string }>> {
  const doc = await readInf(file);
  const model = (buildPlan(doc, { kind: 'package', target }).models ?? []).find(
    (m) => m.chosen !== null && m.hardwareIds.some((id) => id.toLowerCase() === hardwareId.toLowerCase()),
  );
  if (!model) return [];
  return doc.linesWithKey(`${model.chosen}.Interfaces`, 'AddInterface').flatMap((line) => {
    const [guid = '', reference = ''] = line.fields.map((f) => f.value.trim());
    const classGuid = normalizeGuid(guid);
    return classGuid === null ? [] : [{ classGuid, reference }];
  });
}
