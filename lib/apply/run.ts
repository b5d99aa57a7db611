// diff, apply and undo of a lab manifest against a backend. Each returns a report with
// one item per manifest step; the CLI prints it (JSON or text) and picks the exit code.
// A run asked to stop (RunOptions.signal) finishes the item in progress, journals it, and
// reports the items done so far.
import path from 'node:path';
import { isWinError } from '../backend/errors.js';
import { StateStore } from '../base/store.js';
import type { Backend, BackendKind } from '../backend/types.js';
import { InfkitError } from '../errors.js';
import { Forecast } from './forecast.js';
import { decodeRegistryValue, Journal, mergeUndo, type Inventory, type JournalEntry, type UndoRecord } from './journal.js';
import type { LabManifest } from './manifest.js';
import { stepsOf, type Change, type Step, type StepContext, type StepKind } from './steps.js';

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
  /** The run was asked to stop (SIGINT, SIGTERM): `items` are the ones done before. */
  interrupted: boolean;
  /** How many items the run had to go through (more than summary.total when interrupted). */
  planned: number;
  items: ReportItem[];
}

export interface RunOptions {
  /** Directory holding `journals/`; the mock backend's state directory by default. */
  stateDir: string;
  dryRun?: boolean;
  /** Called after each item, for a progress bar. */
  onItem?: (item: ReportItem, done: number, total: number) => void;
  /** When aborted, the run stops after the item in progress. */
  signal?: AbortSignal;
}

async function contextOf(backend: Backend, journal: Journal): Promise<StepContext> {
  const info = await backend.info();
  return {
    backend,
    machine: backend,
    target: { arch: info.arch, osVersion: info.osVersion },
    journaled: (id) => {
      const entry = journal.find(id);
      return entry?.status === 'done' ? entry.undo : undefined;
    },
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

/** The manifest's journal, its version 1 ids (absolute INF paths) read as today's. */
function openJournal(options: RunOptions, manifest: LabManifest, steps: Step[]): Promise<Journal> {
  const legacyIds = new Map(steps.flatMap((s) => (s.legacyId === undefined ? [] : [[s.legacyId, s.id] as const])));
  return Journal.open(options.stateDir, manifest.file, legacyIds);
}

async function applyLocked(backend: Backend, manifest: LabManifest, options: RunOptions): Promise<ApplyReport> {
  const steps = stepsOf(manifest);
  const journal = await openJournal(options, manifest, steps);
  const ctx = await contextOf(backend, journal);
  const forecast = new Forecast(backend, ctx.target);
  const items: ReportItem[] = [];
  for (const step of steps) {
    if (options.signal?.aborted) break;
    const item = options.dryRun
      ? await preview({ ...ctx, machine: forecast }, forecast, step, journal)
      : await applyStep(ctx, step, journal);
    items.push(item);
    options.onItem?.(item, items.length, steps.length);
  }
  return report('apply', backend, manifest, journal, options, items, steps.length);
}

/**
 * What the real run would do with `step`, observed on the forecast of what the steps before
 * it would do; a step that would change adds what its change does to the forecast.
 */
async function preview(ctx: StepContext, forecast: Forecast, step: Step, journal: Journal): Promise<ReportItem> {
  try {
    const seen = await step.observe(ctx);
    if ('error' in seen) return itemOf(step, 'would-fail', seen.error.message, false, seen.error);
    if (seen.present && step.repeatable && journal.find(step.id)?.status === 'pending') {
      return itemOf(step, 'would-change', `${seen.detail}; would be made again, as an interrupted run left it pending`, false);
    }
    if (seen.present) {
      // Present only in the forecast: an item before this one makes it.
      const now = forecast.empty ? seen : await step.observe({ ...ctx, machine: ctx.backend });
      return itemOf(step, 'unchanged', now.present ? seen.detail : `${seen.detail}, once the items before it are applied`, false);
    }
    await step.foresee(forecast, ctx);
    return itemOf(step, 'would-change', seen.detail, false);
  } catch (error) {
    return failed(step, error, 'would-fail');
  }
}

/** The classes, interface classes and packages of the machine: what an item may bring in beside its own change. */
async function inventoryOf(backend: Backend): Promise<Inventory> {
  return {
    classGuids: (await backend.listClasses()).map((c) => c.guid),
    interfaceClassGuids: (await backend.listInterfaceClasses()).map((c) => c.guid),
    publishedNames: (await backend.listDrivers()).map((d) => d.publishedName),
  };
}

/** What the machine has now that it had not `before`, as what undo removes. */
async function broughtIn(backend: Backend, before: Inventory): Promise<UndoRecord> {
  const now = await inventoryOf(backend);
  const record: UndoRecord = {};
  for (const field of ['classGuids', 'interfaceClassGuids', 'publishedNames'] as const) {
    const had = new Set(before[field].map((v) => v.toLowerCase()));
    const added = now[field].filter((v) => !had.has(v.toLowerCase()));
    if (added.length > 0) record[field] = added;
  }
  return record;
}

/**
 * A pending entry whose change is present: what the killed (or failed) run made. With the
 * inventory from before it, what came in since is counted as its own (when the machine's
 * lists can be read: the item's own change is adopted all the same).
 */
async function adopted(backend: Backend, entry: JournalEntry, adopt: UndoRecord): Promise<UndoRecord> {
  return entry.before ? mergeUndo(adopt, await broughtIn(backend, entry.before).catch(() => ({}))) : adopt;
}

/**
 * What undo must remove of a pending entry's change that is present; null when it is not
 * there, or the machine cannot tell (the entry is then undone with what it records).
 */
async function presentChange(ctx: StepContext, step: Step | undefined, entry: JournalEntry): Promise<UndoRecord | null> {
  try {
    const seen = step ? await step.observe(ctx) : null;
    return seen?.present ? await adopted(ctx.backend, entry, seen.adopt) : null;
  } catch {
    return null;
  }
}

async function applyStep(ctx: StepContext, step: Step, journal: Journal): Promise<ReportItem> {
  try {
    const seen = await step.observe(ctx);
    if ('error' in seen) return itemOf(step, 'failed', seen.error.message, false, seen.error);
    const prior = journal.find(step.id);
    if (seen.present) {
      // A pending entry means a killed run made this change, or part of it: it is ours to
      // undo, and a repeatable step makes it again in case the kill left it half-made.
      if (prior?.status !== 'pending') return itemOf(step, 'unchanged', seen.detail, false);
      const change = step.repeatable ? await step.change(ctx) : null;
      await journal.done(step.id, step.kind, step.at, mergeUndo(change?.undo ?? {}, await adopted(ctx.backend, prior, seen.adopt)));
      if (change === null) return itemOf(step, 'unchanged', seen.detail, false);
      return itemOf(step, 'changed', `${seen.detail}; made again, as an interrupted run left it pending`, change.rebootRequired);
    }
    // An earlier entry keeps what it remembered: values (and the inventory) from before the
    // first run are the ones undo must restore, not what a killed run half-wrote.
    const remembered = prior ? prior.undo : step.prepare ? await step.prepare(ctx) : {};
    const before = prior?.before ?? (await inventoryOf(ctx.backend));
    await journal.pending(step.id, step.kind, step.at, remembered, before);
    let change: Change;
    try {
      change = await step.change(ctx);
    } catch (error) {
      // What a failed change brought in (a device install that created its class, then
      // failed) is undone all the same; the entry stays pending. The change's error is the
      // one to report, even when the machine cannot be read after it.
      const brought = await broughtIn(ctx.backend, before).catch(() => ({}));
      if (Object.keys(brought).length > 0) await journal.pending(step.id, step.kind, step.at, mergeUndo(remembered, brought), before);
      throw error;
    }
    const brought = await broughtIn(ctx.backend, before);
    const changed = change.changed || Object.keys(brought).length > 0;
    if (changed || prior) await journal.done(step.id, step.kind, step.at, mergeUndo(change.undo, brought));
    else await journal.drop(step.id);
    return itemOf(step, changed ? 'changed' : 'unchanged', change.detail, change.rebootRequired);
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
  const manifestSteps = stepsOf(manifest);
  const journal = await openJournal(options, manifest, manifestSteps);
  const ctx = await contextOf(backend, journal);
  const steps = new Map(manifestSteps.map((s) => [s.id, s]));
  for (const entry of journal.entries.filter((e) => e.status === 'pending')) {
    const undo = await presentChange(ctx, steps.get(entry.id), entry);
    if (undo && !options.dryRun) await journal.done(entry.id, entry.kind, entry.at, undo);
  }
  const entries = [...journal.entries].reverse();
  const items: ReportItem[] = [];
  for (const entry of entries) {
    if (options.signal?.aborted) break;
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
  return report('undo', backend, manifest, journal, options, items, entries.length);
}

function describeUndo(undo: UndoRecord): string {
  const parts: string[] = [];
  if (undo.registryValues?.length) parts.push(`${undo.registryValues.length} registry value(s) restored`);
  if (undo.registryKeys?.length) parts.push(`${undo.registryKeys.length} registry key(s)`);
  if (undo.deviceInstanceIds?.length) parts.push(`device ${undo.deviceInstanceIds.join(', ')}`);
  for (const d of undo.deviceEnabled ?? []) parts.push(`the ${d.enabled ? 'disabling' : 'enabling'} of ${d.deviceInstanceId}`);
  if (undo.publishedNames?.length) parts.push(`driver package ${undo.publishedNames.join(', ')}`);
  if (undo.interfaceClassGuids?.length) parts.push(`interface class ${undo.interfaceClassGuids.join(', ')}`);
  if (undo.classGuids?.length) parts.push(`setup class ${undo.classGuids.join(', ')}`);
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
  for (const { deviceInstanceId, enabled } of undo.deviceEnabled ?? []) {
    if ((await backend.getDevice(deviceInstanceId)) !== null) {
      rebootRequired = (await backend.setDeviceEnabled(deviceInstanceId, enabled)).rebootRequired || rebootRequired;
    }
  }
  for (const id of undo.deviceInstanceIds ?? []) {
    const present = (await backend.listDevices()).some((d) => d.deviceInstanceId.toLowerCase() === id.toLowerCase());
    if (present) rebootRequired = (await backend.removeDevice(id)).rebootRequired || rebootRequired;
  }
  for (const publishedName of undo.publishedNames ?? []) {
    const staged = (await backend.listDrivers()).some((d) => d.publishedName.toLowerCase() === publishedName.toLowerCase());
    if (staged) await backend.removeDriver(publishedName, { force: true });
  }
  for (const guid of undo.interfaceClassGuids ?? []) await backend.removeInterfaceClass(guid);
  for (const guid of undo.classGuids ?? []) await backend.removeClass(guid);
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

function failed(step: Pick<Step, 'id' | 'kind' | 'at' | 'title'>, error: unknown, status: ItemStatus = 'failed'): ReportItem {
  const json =
    isWinError(error) || error instanceof InfkitError
      ? error.toJSON()
      : { error: 'E_INTERNAL', message: String((error as Error)?.message ?? error) };
  return {
    id: step.id,
    kind: step.kind,
    at: step.at,
    title: step.title,
    status,
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
  planned: number,
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
    interrupted: items.length < planned,
    planned,
    items,
  };
}

export type { JournalEntry };
