// diff, apply and undo of a lab manifest against a backend. Each returns a report with
// one item per manifest step; the CLI prints it (JSON or text) and picks the exit code.
import path from 'node:path';
import { isWinError } from '../backend/errors.js';
import { StateStore } from '../backend/mock/store.js';
import type { Backend, BackendKind } from '../backend/types.js';
import { InfkitError } from '../errors.js';
import { decodeRegistryValue, Journal, type JournalEntry, type UndoRecord } from './journal.js';
import type { LabManifest } from './manifest.js';
import { stepsOf, type Step, type StepContext, type StepKind } from './steps.js';

/**
 * changed / unchanged / failed after apply and undo; with a dry run, would-change and
 * would-fail say what apply would do.
 */
export type ItemStatus = 'changed' | 'unchanged' | 'failed' | 'would-change' | 'would-fail';

export interface ReportItem {
  id: string;
  kind: StepKind;
  /** JSON pointer of the item in the manifest. */
  at: string;
  title: string;
  status: ItemStatus;
  detail: string;
  rebootRequired: boolean;
  /** The WinError or InfkitError JSON of a failed item. */
  error?: Record<string, unknown>;
}

export interface ApplyReport {
  operation: 'apply' | 'undo';
  dryRun: boolean;
  /** The manifest's `name` (its file name when it has none). */
  name: string;
  manifest: string;
  backend: BackendKind;
  /** Where the journal of this manifest is kept. */
  journal: string;
  summary: { total: number; changed: number; unchanged: number; failed: number };
  rebootRequired: boolean;
  items: ReportItem[];
}

export interface RunOptions {
  /** Directory holding `journals/`; the mock backend's state directory by default. */
  stateDir: string;
  dryRun?: boolean;
  /** Called after each item, for a progress bar. */
  onItem?: (item: ReportItem, done: number, total: number) => void;
}

async function contextOf(backend: Backend, journal: Journal): Promise<StepContext> {
  const info = await backend.info();
  return {
    backend,
    target: { arch: info.arch, osVersion: info.osVersion },
    journaled: (id) => journal.find(id)?.status === 'done',
  };
}

/**
 * Applies and undos on one state directory run one at a time (across processes): each
 * looks at the machine and then changes it, so two at once could both find a device
 * missing and both create it. The lock is the mock store's (stale locks of dead processes
 * are broken; E_LOCKED after INFKIT_LOCK_TIMEOUT_MS), on a directory of its own.
 */
function serialised<T>(options: RunOptions, work: () => Promise<T>): Promise<T> {
  if (options.dryRun) return work();
  return new StateStore(path.join(options.stateDir, 'journals', 'apply-lock')).withLock(work);
}

/** Brings the machine to what the manifest says, in order, journalling every change. */
export function applyManifest(backend: Backend, manifest: LabManifest, options: RunOptions): Promise<ApplyReport> {
  return serialised(options, () => applyLocked(backend, manifest, options));
}

async function applyLocked(backend: Backend, manifest: LabManifest, options: RunOptions): Promise<ApplyReport> {
  const journal = await Journal.open(options.stateDir, manifest.file);
  const ctx = await contextOf(backend, journal);
  const steps = stepsOf(manifest);
  const items: ReportItem[] = [];
  for (const step of steps) {
    const item = options.dryRun ? await preview(ctx, step) : await applyStep(ctx, step, journal);
    items.push(item);
    options.onItem?.(item, items.length, steps.length);
  }
  return report('apply', backend, manifest, journal, options, items);
}

async function preview(ctx: StepContext, step: Step): Promise<ReportItem> {
  try {
    const seen = await step.observe(ctx);
    if ('error' in seen) return itemOf(step, 'would-fail', seen.error.message, false, seen.error);
    return itemOf(step, seen.present ? 'unchanged' : 'would-change', seen.detail, false);
  } catch (error) {
    return failed(step, error);
  }
}

async function applyStep(ctx: StepContext, step: Step, journal: Journal): Promise<ReportItem> {
  try {
    const seen = await step.observe(ctx);
    if ('error' in seen) return itemOf(step, 'failed', seen.error.message, false, seen.error);
    if (seen.present) {
      // A pending entry means a killed run made this change: it is ours to undo.
      if (journal.find(step.id)?.status === 'pending') await journal.done(step.id, step.kind, step.at, seen.adopt);
      return itemOf(step, 'unchanged', seen.detail, false);
    }
    // An earlier entry keeps what it remembered: values from before the first run are the
    // ones undo must restore, not values a killed run half-wrote.
    const prior = journal.find(step.id);
    if (!prior) await journal.pending(step.id, step.kind, step.at, step.prepare ? await step.prepare(ctx) : {});
    const change = await step.change(ctx);
    if (change.changed || prior) await journal.done(step.id, step.kind, step.at, change.undo);
    else await journal.drop(step.id);
    return itemOf(step, change.changed ? 'changed' : 'unchanged', change.detail, change.rebootRequired);
  } catch (error) {
    return failed(step, error);
  }
}

/**
 * Removes what applies of this manifest added, newest first, as the journal records it.
 * Pending entries whose change is present on the machine are adopted first, so a run
 * killed halfway is undone as completely as a finished one.
 */
export function undoManifest(backend: Backend, manifest: LabManifest, options: RunOptions): Promise<ApplyReport> {
  return serialised(options, () => undoLocked(backend, manifest, options));
}

async function undoLocked(backend: Backend, manifest: LabManifest, options: RunOptions): Promise<ApplyReport> {
  const journal = await Journal.open(options.stateDir, manifest.file);
  const ctx = await contextOf(backend, journal);
  const steps = new Map(stepsOf(manifest).map((s) => [s.id, s]));
  for (const entry of journal.entries.filter((e) => e.status === 'pending')) {
    const step = steps.get(entry.id);
    const seen = step ? await step.observe(ctx).catch(() => null) : null;
    if (seen?.present && !options.dryRun) await journal.done(entry.id, entry.kind, entry.at, seen.adopt);
  }
  const entries = [...journal.entries].reverse();
  const items: ReportItem[] = [];
  for (const entry of entries) {
    const step = steps.get(entry.id) ?? { id: entry.id, kind: entry.kind as StepKind, at: entry.at, title: entry.id };
    let item: ReportItem;
    try {
      const what = describeUndo(entry.undo);
      const nothing = entry.undo.symbolicLink
        ? `${entry.undo.symbolicLink} goes with its device (no Backend call unregisters an interface)`
        : 'nothing to remove';
      if (options.dryRun) item = itemOf(step, what ? 'would-change' : 'unchanged', what || nothing, false);
      else {
        const rebootRequired = await undoRecord(backend, entry.undo);
        await journal.drop(entry.id);
        item = itemOf(step, what ? 'changed' : 'unchanged', what ? `removed: ${what}` : nothing, rebootRequired);
      }
    } catch (error) {
      item = failed(step, error);
    }
    items.push(item);
    options.onItem?.(item, items.length, entries.length);
  }
  return report('undo', backend, manifest, journal, options, items);
}

function describeUndo(undo: UndoRecord): string {
  const parts: string[] = [];
  if (undo.registryValues?.length) parts.push(`${undo.registryValues.length} registry value(s) restored`);
  if (undo.registryKeys?.length) parts.push(`${undo.registryKeys.length} registry key(s)`);
  if (undo.deviceInstanceIds?.length) parts.push(`device ${undo.deviceInstanceIds.join(', ')}`);
  if (undo.publishedName) parts.push(`driver package ${undo.publishedName}`);
  if (undo.interfaceClassGuids?.length) parts.push(`interface class ${undo.interfaceClassGuids.join(', ')}`);
  if (undo.classGuid) parts.push(`setup class ${undo.classGuid}`);
  return parts.join('; ');
}

/**
 * Takes one change back. An interface registration has no Backend call to undo it; it
 * goes with its device (removing the device removes its interfaces).
 */
async function undoRecord(backend: Backend, undo: UndoRecord): Promise<boolean> {
  let rebootRequired = false;
  for (const value of [...(undo.registryValues ?? [])].reverse()) {
    if (value.previous === null) await ignoreMissing(backend.registry.deleteValue(value.root, value.key, value.name));
    else await backend.registry.setValue(value.root, value.key, value.name, decodeRegistryValue(value.previous));
  }
  // Deepest key first, so a parent is deleted after its children.
  const keys = [...(undo.registryKeys ?? [])].sort((a, b) => b.key.length - a.key.length);
  for (const key of keys) await backend.registry.deleteKey(key.root, key.key);
  for (const id of undo.deviceInstanceIds ?? []) {
    const present = (await backend.listDevices()).some((d) => d.deviceInstanceId.toLowerCase() === id.toLowerCase());
    if (present) rebootRequired = (await backend.removeDevice(id)).rebootRequired || rebootRequired;
  }
  if (undo.publishedName) {
    const staged = (await backend.listDrivers()).some((d) => d.publishedName.toLowerCase() === undo.publishedName!.toLowerCase());
    if (staged) await backend.removeDriver(undo.publishedName, { force: true });
  }
  for (const guid of undo.interfaceClassGuids ?? []) await backend.removeInterfaceClass(guid);
  if (undo.classGuid) await backend.removeClass(undo.classGuid);
  return rebootRequired;
}

/** Deleting a value that is already gone is what undo wants. */
async function ignoreMissing(work: Promise<void>): Promise<void> {
  try {
    await work;
  } catch (error) {
    if (isWinError(error) && (error.name === 'ERROR_FILE_NOT_FOUND' || error.code === 2)) return;
    throw error;
  }
}

function itemOf(
  step: Pick<Step, 'id' | 'kind' | 'at' | 'title'>,
  status: ItemStatus,
  detail: string,
  rebootRequired: boolean,
  error?: InfkitError,
): ReportItem {
  return {
    id: step.id,
    kind: step.kind,
    at: step.at,
    title: step.title,
    status,
    detail,
    rebootRequired,
    ...(error && { error: error.toJSON() }),
  };
}

function failed(step: Pick<Step, 'id' | 'kind' | 'at' | 'title'>, error: unknown): ReportItem {
  const json =
    isWinError(error) || error instanceof InfkitError
      ? error.toJSON()
      : { error: 'E_INTERNAL', message: String((error as Error)?.message ?? error) };
  return {
    id: step.id,
    kind: step.kind,
    at: step.at,
    title: step.title,
    status: 'failed',
    detail: String(json.message),
    rebootRequired: false,
    error: json,
  };
}

function report(
  operation: ApplyReport['operation'],
  backend: Backend,
  manifest: LabManifest,
  journal: Journal,
  options: RunOptions,
  items: ReportItem[],
): ApplyReport {
  const count = (...statuses: ItemStatus[]) => items.filter((i) => statuses.includes(i.status)).length;
  return {
    operation,
    dryRun: options.dryRun === true,
    name: manifest.name,
    manifest: manifest.file,
    backend: backend.kind,
    journal: journal.file,
    summary: {
      total: items.length,
      changed: count('changed', 'would-change'),
      unchanged: count('unchanged'),
      failed: count('failed', 'would-fail'),
    },
    rebootRequired: items.some((i) => i.rebootRequired),
    items,
  };
}

export type { JournalEntry };
