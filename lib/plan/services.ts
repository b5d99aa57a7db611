// An install section's `.Services` section: DelService and AddService lines → service
// operations, each service's registry lines against its own key (HKR = the service key),
// and the event-log sections against the event source's key.
import { directivesNamed, readAddService, readInstallSection, readServiceInstallSection, type Directive } from '../inf/model.js';
import type { InfDocument } from '../inf/types.js';
import { PlanState, fieldValue, flagsOf, sourceOf } from './context.js';
import { planRegistry } from './registry.js';
import type { HkrContext } from './types.js';

/** SPSVCINST_ASSOCSERVICE: the service is the device's function driver. */
export const SPSVCINST_ASSOCSERVICE = 0x00000002;

function planSectionRegistry(state: PlanState, doc: InfDocument, section: string, hkr: HkrContext): void {
  for (const directive of ['DelReg', 'AddReg', 'BitReg'] as const) planRegistry(state, doc, section, directive, hkr);
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
    state.note('error', 'PLAN_SECTION_MISSING', `service-install section [${entry.installSection ?? ''}] of ${name} does not exist`, source);
    return;
  }
  const { serviceType, startType, errorControl, serviceBinary } = install;
  if (serviceType === undefined || startType === undefined || errorControl === undefined || !serviceBinary) {
    // SetupAPI fails the install with ERROR_BAD_SERVICE_INSTALLSECT.
    state.note(
      'error',
      'PLAN_BAD_SERVICE_SECTION',
      `[${install.name}] needs ServiceType, StartType, ErrorControl and ServiceBinary (ERROR_BAD_SERVICE_INSTALLSECT)`,
      source,
    );
    return;
  }
  state.add({
    op: 'service-add',
    name,
    displayName: install.displayName ?? '',
    serviceType,
    startType,
    errorControl,
    binary: fieldValue(state, doc, install.byKey.get('servicebinary')?.[0]?.fields[0]),
    flags,
    source,
  });
  planSectionRegistry(state, doc, install.name, { kind: 'service', serviceName: name });
  const eventLog = entry.eventLogInstallSection;
  if (eventLog === null) return;
  if (!doc.hasSection(eventLog)) {
    state.note('warning', 'PLAN_SECTION_MISSING', `event-log section [${eventLog}] of ${name} does not exist`, source);
    return;
  }
  const context: HkrContext = { kind: 'eventlog', log: entry.eventLogType ?? 'System', serviceName: entry.eventName ?? name };
  planSectionRegistry(state, doc, eventLog, context);
}

/**
 * The service operations of a `.Services` section: its DelService lines, then its
 * AddService lines (so that a section can replace a service), each in file order.
 */
export function planServices(state: PlanState, doc: InfDocument, servicesSection: string): void {
  const install = readInstallSection(doc, servicesSection);
  for (const directive of directivesNamed(install, 'DelService')) {
    const name = directive.values[0]?.value.trim() ?? '';
    if (name === '') continue;
    const flags = flagsOf(directive.values[1]?.value);
    state.add({ op: 'service-delete', name, flags, source: sourceOf(doc, servicesSection, directive.line) });
  }
  for (const directive of directivesNamed(install, 'AddService')) addService(state, doc, servicesSection, directive);
}
