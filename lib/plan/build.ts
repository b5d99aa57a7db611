// Document + target + kind of install → the ordered operations Windows would perform.
// Each kind starts from its own sections ([ClassInstall32], [InterfaceInstall32], a named
// section, or [Manufacturer] → Models → DDInstall) and runs them through the same
// install-section walker, which follows Needs/Include and gives HKR its meaning.
import { InfkitError } from '../errors.js';
import { parseInfSync, readInfFile } from '../inf/index.js';
import { selectInstallSection, selectModelsSection, type PlatformChoice } from '../inf/platform.js';
import {
  directivesNamed,
  readAddInterface,
  readInstallSection,
  readInterfaceInstall32,
  readManufacturers,
  readModels,
  readVersion,
  type ManufacturerEntry,
} from '../inf/model.js';
import type { InfDocument, PlatformTarget } from '../inf/types.js';
import { normalizeGuid } from '../base/guid.js';
import { SYSTEM_CLASSES } from '../rules/classes.js';
import { PlanState, sourceOf, type PlanEnv } from './context.js';
import { diridTable } from './dirids.js';
import { planFiles, planIniUpdates, planRegisterDlls } from './files.js';
import { IncludeLoader, expandNeeds, type Scope } from './includes.js';
import { checkSafety } from './paths.js';
import { DEVICE_INSTANCE_SUFFIX, hkrKey, planRegistry } from './registry.js';
import { planServices } from './services.js';
import type { HkrContext, MachineFacts, OperationSource, Plan, PlanKind, SectionChoice } from './types.js';

export interface BuildPlanOptions {
  kind: PlanKind;
  /** kind 'section': the install section to plan (its decorated variant is chosen). */
  section?: string;
  /** kind 'interfaces': only this [InterfaceInstall32] entry. */
  interfaceGuid?: string;
  target: PlatformTarget;
  /** Folders searched for Include= INFs after the INF's own folder. */
  searchPaths?: string[];
  /** What is known of the target machine; what is left out is assumed (a PLAN_ASSUMED note says what). */
  machine?: MachineFacts;
  /**
   * What HKR stands for. Kind 'section' uses it for the section (default: HKR undefined,
   * as for DefaultInstall); kind 'package' takes a device instance from a 'device-hardware'
   * context and a driver-key instance from a 'device-driver' one instead of placeholders.
   */
  context?: HkrContext;
}

export const DEFAULT_SYSTEM_ROOT = 'C:\\Windows';

/** The setup classes every Windows has, for a plan without the machine's list. */
const SYSTEM_CLASS_GUIDS: readonly string[] = SYSTEM_CLASSES.map((c) => c.guid);

/** Reads and parses an INF for planning; SetupAPI's refusal of the file is E_INF_REFUSED. */
function openInf(input: InfDocument | string, env: PlanEnv): InfDocument {
  const doc = typeof input === 'string' ? parseInfSync(readInfFile(input), { file: input, dirids: diridTable(env, input) }) : input;
  if (doc.openError) {
    throw new InfkitError('E_INF_REFUSED', `SetupAPI would refuse this INF: ${doc.openError.message} (${doc.openError.name})`, {
      file: doc.file,
      ...(doc.openError.line !== undefined && { line: doc.openError.line }),
    });
  }
  return doc;
}

/** Records a platform choice in the plan; returns the chosen section or null. */
function choose(state: PlanState, doc: InfDocument, requested: string, choice: PlatformChoice): string | null {
  if (choice.section === null) return null;
  const entry: SectionChoice = {
    requested,
    chosen: choice.section,
    candidates: choice.candidates.map((name) => ({ name, exists: doc.hasSection(name) })),
    reason: choice.reason,
  };
  const seen = state.sections.some((s) => s.requested === entry.requested && s.chosen === entry.chosen);
  if (!seen) state.sections.push(entry);
  return choice.section;
}

function headerSource(doc: InfDocument, section: string): OperationSource {
  const s = doc.section(section);
  return { file: doc.file, section: s?.name ?? section, line: s?.line ?? 0 };
}

/** The directives of one section, in SetupInstallFromInfSection's order. */
function runDirectives(state: PlanState, doc: InfDocument, section: string, hkr: HkrContext): void {
  planFiles(state, doc, section);
  planIniUpdates(state, doc, section);
  planRegisterDlls(state, doc, section);
  planRegistry(state, doc, section, 'DelReg', hkr);
  planRegistry(state, doc, section, 'AddReg', hkr);
  planRegistry(state, doc, section, 'BitReg', hkr);
  for (const kind of ['reboot', 'restart'] as const) {
    for (const line of doc.linesWithKey(section, kind)) {
      state.add({ op: 'reboot', kind, source: sourceOf(doc, section, line), reason: `${line.fields[0]?.value ?? kind} directive` });
    }
  }
}

class Planner {
  readonly loader: IncludeLoader;

  constructor(
    readonly state: PlanState,
    readonly options: BuildPlanOptions,
  ) {
    this.loader = new IncludeLoader(state);
  }

  get doc(): InfDocument {
    return this.state.root;
  }

  /** An install section with its Needs, against `hkr`. */
  install(scope: Scope, hkr: HkrContext): void {
    for (const s of expandNeeds(this.state, this.loader, scope)) runDirectives(this.state, s.doc, s.section, hkr);
  }

  /** `<section>.Services`, when it exists, with its Needs. */
  services(section: string): void {
    const name = `${section}.Services`;
    if (!this.doc.hasSection(name)) return;
    for (const s of expandNeeds(this.state, this.loader, { doc: this.doc, section: this.doc.section(name)!.name })) {
      planServices(this.state, s.doc, s.section);
    }
  }

  /** Version's ClassGuid and Class; E_INF_INVALID without a usable ClassGuid. */
  versionClass(): { classGuid: string; className: string } {
    const version = readVersion(this.doc);
    const classGuid = normalizeGuid(version.classGuid?.value ?? '');
    if (!classGuid) {
      const written = version.classGuid?.value;
      throw new InfkitError(
        'E_INF_INVALID',
        written !== undefined ? `ClassGuid '${written}' is not a GUID` : '[Version] has no ClassGuid',
        {
          file: this.doc.file,
          line: version.classGuid?.line.line ?? version.section?.line ?? 1,
          hint: 'a class install needs [Version] ClassGuid={xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}',
        },
      );
    }
    return { classGuid, className: version.class?.value ?? '' };
  }

  /** [ClassInstall32] (decorated): create the class, then run the section against the class key. */
  classInstall(required: boolean): void {
    const choice = selectInstallSection(this.doc, 'ClassInstall32', this.options.target);
    const chosen = choose(this.state, this.doc, 'ClassInstall32', choice);
    if (!chosen) {
      if (required)
        throw new InfkitError('E_NOT_FOUND', `the INF has no [ClassInstall32] section (${choice.reason})`, { file: this.doc.file });
      return;
    }
    const { classGuid, className } = this.versionClass();
    this.state.consultedClasses = true;
    if (this.state.env.classes.has(classGuid)) {
      // The INF ClassInstall32 page: the section installs a new class; Windows ignores it for one that exists.
      this.state.add({ op: 'class-skip-existing', classGuid, className, source: headerSource(this.doc, chosen) });
      return;
    }
    this.state.add({ op: 'class-create', classGuid, className, source: headerSource(this.doc, chosen) });
    const hkr: HkrContext = { kind: 'class', classGuid };
    // SetupDiInstallClass names the class key after [Version] Class before running the section.
    const classLine = readVersion(this.doc).class?.line;
    if (classLine && className !== '') {
      const value = { type: 'REG_SZ', data: className } as const;
      const where = { root: 'HKLM', key: hkrKey(hkr)!.key } as const;
      const flags = { flags: 0, noClobber: false, append: false, keyOnly: false };
      this.state.add({ op: 'reg-set', ...where, name: 'Class', value, ...flags, source: sourceOf(this.doc, 'Version', classLine) });
    }
    this.install({ doc: this.doc, section: chosen }, hkr);
    this.services(chosen);
  }

  interfaces(): void {
    const section = this.doc.section('InterfaceInstall32');
    if (!section) throw new InfkitError('E_NOT_FOUND', 'the INF has no [InterfaceInstall32] section', { file: this.doc.file });
    const wanted = this.options.interfaceGuid === undefined ? null : normalizeGuid(this.options.interfaceGuid);
    if (this.options.interfaceGuid !== undefined && !wanted) {
      throw new InfkitError('E_USAGE', `'${this.options.interfaceGuid}' is not a GUID`);
    }
    let matched = 0;
    for (const entry of readInterfaceInstall32(this.doc)) {
      const source = sourceOf(this.doc, section.name, entry.line);
      const guid = normalizeGuid(entry.interfaceClassGuid);
      if (!guid) {
        this.state.note(
          'error',
          'PLAN_BAD_GUID',
          `'${entry.interfaceClassGuid}' is not an interface class GUID; the line is skipped`,
          source,
        );
        continue;
      }
      if (wanted && guid !== wanted) continue;
      matched++;
      const installName = entry.installSection?.trim() ?? '';
      const chosen =
        installName === ''
          ? null
          : choose(this.state, this.doc, installName, selectInstallSection(this.doc, installName, this.options.target));
      if (installName !== '' && !chosen) {
        throw new InfkitError(
          'E_NOT_FOUND',
          `install-interface section [${installName}] of ${guid} does not exist: the install fails with ERROR_SECTION_NOT_FOUND`,
          {
            file: this.doc.file,
            line: entry.line.line,
          },
        );
      }
      this.state.add({ op: 'interface-class-create', interfaceGuid: guid, section: chosen ?? '', source });
      if (chosen) this.install({ doc: this.doc, section: chosen }, { kind: 'interface-class', interfaceGuid: guid });
    }
    if (wanted && matched === 0) {
      throw new InfkitError('E_NOT_FOUND', `[InterfaceInstall32] has no entry for ${wanted}`, { file: this.doc.file, line: section.line });
    }
  }

  section(): void {
    const requested = this.options.section;
    if (!requested) throw new InfkitError('E_USAGE', "a 'section' plan needs the name of a section");
    const choice = selectInstallSection(this.doc, requested, this.options.target);
    const chosen = choose(this.state, this.doc, requested, choice);
    if (!chosen) throw new InfkitError('E_NOT_FOUND', `section [${requested}] not found: ${choice.reason}`, { file: this.doc.file });
    const hkr = this.options.context ?? { kind: 'none' };
    this.install({ doc: this.doc, section: chosen }, hkr);
    this.services(chosen);
  }

  package(): void {
    this.state.add({ op: 'stage-package', inf: this.doc.file, source: headerSource(this.doc, 'Version') });
    const manufacturer = this.doc.section('Manufacturer');
    if (!manufacturer) {
      this.state.note(
        'info',
        'PLAN_NO_MANUFACTURER',
        'the INF has no [Manufacturer] section: the package is staged, no device is installed',
      );
      return;
    }
    // Windows runs [ClassInstall32] when the device's class does not exist yet.
    this.classInstall(false);
    const classGuid = normalizeGuid(readVersion(this.doc).classGuid?.value ?? '') ?? '{00000000-0000-0000-0000-000000000000}';
    const done = new Set<string>();
    for (const entry of readManufacturers(this.doc)) this.manufacturerEntry(manufacturer.name, entry, classGuid, done);
  }

  /** One [Manufacturer] line → its Models section for the target → each model's DDInstall. */
  manufacturerEntry(section: string, entry: ManufacturerEntry, classGuid: string, done: Set<string>): void {
    const modelsBase = entry.modelsSection.trim();
    if (modelsBase === '') return;
    const choice = selectModelsSection(this.doc, modelsBase, entry.decorations, this.options.target);
    const models = choose(this.state, this.doc, modelsBase, choice);
    if (!models) {
      const { arch, osVersion } = this.options.target;
      const source = sourceOf(this.doc, section, entry.line);
      this.state.note(
        'warning',
        'PLAN_NO_MODELS',
        `no Models section of ${entry.name} applies to ${arch} ${osVersion}: ${choice.reason}`,
        source,
      );
      return;
    }
    for (const model of readModels(this.doc, models)) {
      const installSection = model.installSection.trim();
      if (installSection === '') continue;
      const modelSource = sourceOf(this.doc, models, model.line);
      const ddChoice = selectInstallSection(this.doc, installSection, this.options.target);
      const chosen = choose(this.state, this.doc, installSection, ddChoice);
      const { description, hardwareIds } = model;
      this.state.models.push({
        manufacturer: entry.name,
        modelsSection: models,
        description,
        hardwareIds,
        installSection,
        chosen,
        source: modelSource,
      });
      if (!chosen) {
        this.state.note('error', 'PLAN_SECTION_MISSING', `install section [${installSection}] not found: ${ddChoice.reason}`, modelSource);
        continue;
      }
      // Models that share a DDInstall run it once: one device of the package is installed.
      if (done.has(chosen.toLowerCase())) continue;
      done.add(chosen.toLowerCase());
      this.deviceInstall(chosen, classGuid, hardwareIds[0] ?? installSection);
    }
  }

  /** What SetupDiInstallDevice runs for a DDInstall, in its order. */
  deviceInstall(ddInstall: string, classGuid: string, hardwareId: string): void {
    const context = this.options.context;
    const deviceInstanceId =
      context?.kind === 'device-hardware' ? context.deviceInstanceId : `${hardwareId.replace(/^\*/, 'ROOT\\')}\\${DEVICE_INSTANCE_SUFFIX}`;
    const driver: HkrContext =
      context?.kind === 'device-driver' ? context : { kind: 'device-driver', classGuid, instance: DEVICE_INSTANCE_SUFFIX };
    const sub = (suffix: string) => this.doc.section(`${ddInstall}.${suffix}`)?.name ?? null;

    const coInstallers = sub('CoInstallers');
    if (coInstallers) this.install({ doc: this.doc, section: coInstallers }, driver);
    const interfaces = sub('Interfaces');
    if (interfaces) this.deviceInterfaces(interfaces, deviceInstanceId);
    this.install({ doc: this.doc, section: ddInstall }, driver);
    const hw = sub('HW');
    if (hw) this.install({ doc: this.doc, section: hw }, { kind: 'device-hardware', deviceInstanceId });
    this.services(ddInstall);
  }

  /** DDInstall.Interfaces: AddInterface={guid}[,[reference][,[add-interface-section][,flags]]]. */
  deviceInterfaces(section: string, deviceInstanceId: string): void {
    for (const directive of directivesNamed(readInstallSection(this.doc, section), 'AddInterface')) {
      const entry = readAddInterface(directive);
      const [reference, addSection] = [entry.referenceString ?? '', entry.installSection?.trim() ?? ''];
      const source = sourceOf(this.doc, section, directive.line);
      const interfaceGuid = normalizeGuid(entry.interfaceClassGuid);
      if (!interfaceGuid) {
        this.state.note('error', 'PLAN_BAD_GUID', `AddInterface '${entry.interfaceClassGuid}' is not a GUID; the line is skipped`, source);
        continue;
      }
      this.state.add({ op: 'interface-add', interfaceGuid, referenceString: reference, section: addSection, source });
      if (addSection === '') continue;
      if (!this.doc.hasSection(addSection)) {
        this.state.note('warning', 'PLAN_SECTION_MISSING', `add-interface section [${addSection}] does not exist`, source);
        continue;
      }
      this.install(
        { doc: this.doc, section: this.doc.section(addSection)!.name },
        { kind: 'interface', interfaceGuid, referenceString: reference, deviceInstanceId },
      );
    }
  }
}

/** The PLAN_ASSUMED note: the facts of the machine the plan took without being told. */
function noteAssumptions(state: PlanState, machine: MachineFacts): void {
  const assumed = [
    machine.systemRoot === undefined && `the Windows directory is ${DEFAULT_SYSTEM_ROOT}`,
    machine.classes === undefined && state.consultedClasses && "the setup classes that exist are Windows' system-defined ones",
  ].filter((a) => a !== false);
  if (assumed.length === 0) return;
  state.note('info', 'PLAN_ASSUMED', `assumed that ${assumed.join(', and that ')}: plan with --backend or --state to read the machine's`);
}

/**
 * The plan of an install: the ordered operations Windows would perform for `kind`, with
 * the sections chosen for the target and why. Touches nothing. Throws InfkitError:
 * E_IO (unreadable file), E_INF_REFUSED (SetupAPI would refuse it), E_NOT_FOUND (the
 * section or class install asked for, or an install-interface section, does not exist), E_INF_INVALID (no usable ClassGuid
 * for a class install), E_USAGE (bad options), E_UNSAFE (a write outside the allowed roots).
 */
export function buildPlan(input: InfDocument | string, options: BuildPlanOptions): Plan {
  const machine = options.machine ?? {};
  const env: PlanEnv = {
    target: options.target,
    systemRoot: (machine.systemRoot ?? DEFAULT_SYSTEM_ROOT).replace(/[\\/]+$/, ''),
    // A device install runs the INF from the driver store (DIRID 1 is its folder there).
    source: options.kind === 'package' ? 'driver-store' : 'inf-folder',
    searchPaths: options.searchPaths ?? [],
    classes: new Set((machine.classes ?? SYSTEM_CLASS_GUIDS).map((g) => normalizeGuid(g)).filter((g) => g !== null)),
  };
  const doc = openInf(input, env);
  const state = new PlanState(doc, env);
  const planner = new Planner(state, options);
  switch (options.kind) {
    case 'class':
      planner.classInstall(true);
      break;
    case 'interfaces':
      planner.interfaces();
      break;
    case 'section':
      planner.section();
      break;
    case 'package':
      planner.package();
      break;
    default:
      throw new InfkitError('E_USAGE', `unknown plan kind '${String(options.kind)}'`);
  }
  checkSafety(state.operations, env.systemRoot);
  noteAssumptions(state, machine);
  return {
    inf: doc.file,
    kind: options.kind,
    target: options.target,
    sections: state.sections,
    operations: state.operations,
    includes: state.includes,
    notes: state.notes,
    rebootRequired: state.rebootRequired,
    ...(options.kind === 'package' && { models: state.models }),
  };
}
