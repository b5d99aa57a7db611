// Lab provisioning: a declarative manifest (docs/manifest.md) applied to a backend,
// idempotently, with a journal that lets `apply --undo` take back what it added.
export { loadManifest, parseManifest } from './manifest.js';
export type {
  LabManifest,
  ManifestClass,
  ManifestInterfaceClass,
  ManifestPackage,
  ManifestDevice,
  ManifestInterface,
  ManifestSection,
} from './manifest.js';
export { MANIFEST_SCHEMA } from './schema.js';
export { applyManifest, undoManifest } from './run.js';
export type { ApplyReport, ReportItem, ItemStatus, RunOptions } from './run.js';
export { journalPath } from './journal.js';
export type { JournalData, JournalEntry, UndoRecord } from './journal.js';
export { stepsOf, infsOf, packageInfsOf } from './steps.js';
export type { StepKind } from './steps.js';
export { checkInfs, InfRefusedError } from './infs.js';
