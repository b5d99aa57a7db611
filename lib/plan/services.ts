// An install section's `.Services` section: AddService and DelService lines → service
// operations, with the values the service control manager writes under Services\<name>,
// each service's registry lines against its own key (HKR = the service key), and the
// event-log sections against the event source's key.
import {
  directivesNamed,
  readAddService,
  readInstallSection,
  readServiceInstallSection,
  type AddServiceEntry,
  type Directive,
} from '../inf/model.js';
import type { InfDocument } from '../inf/types.js';
import type { RegistryValue } from '../base/registry-values.js';
import { type PlanState, fieldValue, flagsOf, sourceOf } from './context.js';
import { hkrKey, planRegistry } from './registry.js';
import type { HkrContext, OperationSource } from './types.js';

/** SPSVCINST_ASSOCSERVICE: the service is the device's function driver. */
export const SPSVCINST_ASSOCSERVICE = 0x00000002;
/** SPSVCINST_DELETEEVENTLOGENTRY: DelService also removes the service's event source. */
const SPSVCINST_DELETEEVENTLOGENTRY = 0x00000004;
/** SERVICE_KERNEL_DRIVER | SERVICE_FILE_SYSTEM_DRIVER, and SERVICE_WIN32 (winnt.h). */
const SERVICE_DRIVER = 0x0000000b;
const SERVICE_WIN32 = 0x00000030;
/** SERVICE_BOOT_START and SERVICE_SYSTEM_START: the start types whose drivers get a Tag. */
const SERVICE_SYSTEM_START = 1;

function planSectionRegistry(state: PlanState, doc: InfDocument, section: string, hkr: HkrContext): void {
  for (const directive of ['DelReg', 'AddReg', 'BitReg'] as const) planRegistry(state, doc, section, directive, hkr);
}

/** The event source key of a service (AddService's and DelService's EventLogType, default System, and EventName). */
function eventLogContext(logType: string | null | undefined, eventName: string | null | undefined, service: string): HkrContext {
  return { kind: 'eventlog', log: logType || 'System', serviceName: eventName || service };
}

/**
 * What CreateService (then ChangeServiceConfig2 for the description) writes under the
 * service key for a service-install section: Type, Start, ErrorControl, ImagePath
 * (REG_EXPAND_SZ), DisplayName, Group (LoadOrderGroup), DependOnService and DependOnGroup
 * (Dependencies, groups after '+'), ObjectName (StartName; a Win32 service without one
 * runs as LocalSystem) and Description. Optional values are written only when given.
 */
function serviceValues(service: {
  serviceType: number;
  startType: number;
  errorControl: number;
  binary: string;
  displayName: string;
  loadOrderGroup: string;
  dependencies: string[];
  startName: string;
  description: string;
}): Array<{ name: string; value: RegistryValue }> {
  const values: Array<{ name: string; value: RegistryValue }> = [
    { name: 'Type', value: { type: 'REG_DWORD', data: service.serviceType } },
    { name: 'Start', value: { type: 'REG_DWORD', data: service.startType } },
    { name: 'ErrorControl', value: { type: 'REG_DWORD', data: service.errorControl } },
    { name: 'ImagePath', value: { type: 'REG_EXPAND_SZ', data: service.binary } },
  ];
  const text = (name: string, data: string) => {
    if (data !== '') values.push({ name, value: { type: 'REG_SZ', data } });
  };
  const list = (name: string, data: string[]) => {
    if (data.length > 0) values.push({ name, value: { type: 'REG_MULTI_SZ', data } });
  };
  text('DisplayName', service.displayName);
  text('Group', service.loadOrderGroup);
  list(
    'DependOnService',
    service.dependencies.filter((d) => !d.startsWith('+')),
  );
  list(
    'DependOnGroup',
    service.dependencies.filter((d) => d.startsWith('+')).map((d) => d.slice(1)),
  );
  text('ObjectName', service.startName !== '' ? service.startName : service.serviceType & SERVICE_WIN32 ? 'LocalSystem' : '');
  text('Description', service.description);
  return values;
}

function addService(state: PlanState, doc: InfDocument, servicesSection: string, directive: Directive): void {
  const entry = readAddService(directive);
  const source = sourceOf(doc, servicesSection, directive.line);
  const name = entry.serviceName.trim();
  const flags = flagsOf(directive.values[1]?.value);
  if (name === '') {
    // `AddService = ,0x2`: the device runs without a function driver (a "null" service).
    if (!(flags & SPSVCINST_ASSOCSERVICE)) state.note('warning', 'PLAN_SERVICE_NAME', 'AddService names no service', source);
    return;
  }
  const install = entry.installSection === null ? undefined : readServiceInstallSection(doc, entry.installSection);
  if (!install) {
    state.note(
      'error',
      'PLAN_SECTION_MISSING',
      `service-install section [${entry.installSection ?? ''}] of ${name} does not exist`,
      source,
    );
    return;
  }
  const { serviceType, startType, errorControl } = install;
  const text = (key: string) => fieldValue(state, doc, install.byKey.get(key)?.[0]?.fields[0]);
  const binary = text('servicebinary');
  if (serviceType === undefined || startType === undefined || errorControl === undefined || binary === '') {
    // SetupAPI fails the install with ERROR_BAD_SERVICE_INSTALLSECT.
    state.note(
      'error',
      'PLAN_BAD_SERVICE_SECTION',
      `[${install.name}] needs ServiceType, StartType, ErrorControl and ServiceBinary (ERROR_BAD_SERVICE_INSTALLSECT)`,
      source,
    );
    return;
  }
  const service = {
    serviceType,
    startType,
    errorControl,
    binary,
    displayName: text('displayname'),
    description: text('description'),
    loadOrderGroup: text('loadordergroup'),
    dependencies: install.dependencies,
    startName: text('startname'),
  };
  const hkr: HkrContext = { kind: 'service', serviceName: name };
  state.add({
    op: 'service-add',
    name,
    ...service,
    security: text('security'),
    // CreateService: "Tags are only evaluated for driver services that have SERVICE_BOOT_START or SERVICE_SYSTEM_START".
    tag: service.loadOrderGroup !== '' && (serviceType & SERVICE_DRIVER) !== 0 && startType <= SERVICE_SYSTEM_START,
    key: hkrKey(hkr)!.key,
    values: serviceValues(service),
    flags,
    source,
  });
  planSectionRegistry(state, doc, install.name, hkr);
  eventLog(state, doc, entry, name, source);
}

/** The event-log-install section of an AddService line, against the event source's key. */
function eventLog(state: PlanState, doc: InfDocument, entry: AddServiceEntry, name: string, source: OperationSource): void {
  const section = entry.eventLogInstallSection;
  if (section === null) return;
  if (!doc.hasSection(section)) {
    state.note('warning', 'PLAN_SECTION_MISSING', `event-log section [${section}] of ${name} does not exist`, source);
    return;
  }
  planSectionRegistry(state, doc, doc.section(section)!.name, eventLogContext(entry.eventLogType, entry.eventName, name));
}

/** DelService=ServiceName[,[flags][,[EventLogType][,EventName]]]. */
function delService(state: PlanState, doc: InfDocument, servicesSection: string, directive: Directive): string | null {
  const [name, flagsField, logType, eventName] = [0, 1, 2, 3].map((i) => directive.values[i]?.value.trim() ?? '');
  if (name === '') return null;
  const flags = flagsOf(flagsField);
  const source = sourceOf(doc, servicesSection, directive.line);
  state.add({ op: 'service-delete', name, flags, source });
  if (flags & SPSVCINST_DELETEEVENTLOGENTRY) {
    const key = hkrKey(eventLogContext(logType, eventName, name))!;
    state.add({ op: 'reg-delete-key', ...key, source });
  }
  return name;
}

/**
 * The service operations of a `.Services` section: its AddService lines, then its DelService
 * lines, each in file order. Microsoft's pages (AddService, DelService, DDInstall.Services)
 * give no order; SetupAPI's SetupInstallServicesFromInfSection in Wine and ReactOS runs every
 * AddService before any DelService, so a service a section both adds and deletes ends deleted.
 */
export function planServices(state: PlanState, doc: InfDocument, servicesSection: string): void {
  const install = readInstallSection(doc, servicesSection);
  const added = directivesNamed(install, 'AddService');
  for (const directive of added) addService(state, doc, servicesSection, directive);
  const addedNames = new Set(added.map((d) => readAddService(d).serviceName.trim().toLowerCase()));
  for (const directive of directivesNamed(install, 'DelService')) {
    const name = delService(state, doc, servicesSection, directive);
    if (name !== null && addedNames.has(name.toLowerCase())) {
      const source = sourceOf(doc, servicesSection, directive.line);
      state.note(
        'warning',
        'PLAN_SERVICE_ADD_DELETE',
        `[${source.section}] adds and deletes ${name}: AddService runs first, so the service is deleted`,
        source,
      );
    }
  }
}
