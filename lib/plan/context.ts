// The state one plan is built in: the options, the operations and notes collected so
// far, and small helpers every part of lib/plan shares (where a line comes from, the
// sections a directive lists, flags fields, GUIDs).
import { substitute } from '../inf/substitute.js';
import type { InfDocument, InfField, InfLine } from '../inf/types.js';
import type { Operation, OperationSource, Plan, PlanModel, PlanNote, SectionChoice } from './types.js';
import { diridTable, type DiridEnv } from './dirids.js';
import { directivesNamed, infInt, listedSections, readInstallSection, type DirectiveName } from '../inf/model.js';

export interface PlanEnv extends DiridEnv {
  /** Folders searched for Include= INFs after the including INF's own folder. */
  searchPaths: string[];
  /** The setup classes of the target (GUIDs as normalizeGuid gives them). */
  classes: ReadonlySet<string>;
}

export class PlanState {
  readonly operations: Operation[] = [];
  readonly notes: PlanNote[] = [];
  readonly sections: SectionChoice[] = [];
  readonly includes: Plan['includes'] = [];
  readonly models: PlanModel[] = [];
  rebootRequired = false;
  /** Whether the plan asked if a setup class exists (the PLAN_ASSUMED note names the assumption then). */
  consultedClasses = false;
  /** DIRID → path on the target, for this package (DIRID 13 names its driver-store folder). */
  readonly dirids: Record<number, string>;

  constructor(
    readonly root: InfDocument,
    readonly env: PlanEnv,
  ) {
    this.dirids = diridTable(env, root.file);
  }

  add(op: Operation): void {
    this.operations.push(op);
    if (op.op === 'reboot') this.rebootRequired = true;
  }

  note(severity: PlanNote['severity'], code: string, message: string, source?: OperationSource): void {
    // The same finding from a section that runs twice (shared DDInstall, Needs) is said once.
    const duplicate = this.notes.some(
      (n) => n.code === code && n.message === message && n.source?.file === source?.file && n.source?.line === source?.line,
    );
    if (!duplicate) this.notes.push(source ? { severity, code, message, source } : { severity, code, message });
  }
}

/** Where a line comes from, for an operation or a note. */
export function sourceOf(doc: InfDocument, section: string, line: { line: number }): OperationSource {
  return { file: doc.file, section: doc.section(section)?.name ?? section, line: line.line };
}

/**
 * The names a directive lists in a section (`AddReg = a, b` on one or more lines), each
 * with its line, in order; empty entries are left out.
 */
export function listed(doc: InfDocument, section: string, directive: DirectiveName): Array<{ value: string; line: InfLine }> {
  return directivesNamed(readInstallSection(doc, section), directive).flatMap((d) =>
    listedSections(d).map((field) => ({ value: field.value.trim(), line: d.line })),
  );
}

/** A flags field as SetupGetIntField reads it, as an unsigned 32-bit value (0 when absent or unreadable). */
export function flagsOf(value: string | undefined): number {
  return (infInt(value) ?? 0) >>> 0;
}

/**
 * A field's value with the plan's DIRIDs: SetupAPI's substitution redone from the raw
 * text, so that `%12%` is a real path even in a document parsed without a DIRID table.
 */
export function fieldValue(state: PlanState, doc: InfDocument, field: InfField | undefined): string {
  if (!field) return '';
  if (!field.text.includes('%')) return field.value;
  return substitute(field.text, { lookupString: (key) => doc.string(key), dirids: state.dirids });
}
