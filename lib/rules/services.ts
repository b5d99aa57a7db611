// Services: AddService and service-install sections, which hardware has a service, service
// binaries, KMDF/UMDF service sections, event logs and event channels.
import { foldCase } from '../inf/lexer.js';
import {
  infInt,
  readAddService,
  readDestinationDirs,
  readManufacturers,
  readModels,
  readServiceInstallSection,
  readVersion,
  type AddServiceEntry,
  type DestinationDirs,
  type ServiceInstall,
} from '../inf/model.js';
import { ARCHITECTURES, parseTargetOsVersion, selectInstallSection } from '../inf/platform.js';
import { standardDirids } from '../inf/dirids.js';
import type { InfDocument, InfField, InfLine, InfSection } from '../inf/types.js';
import type { Rule } from './types.js';
import { includesOtherInfs, installSectionVariants, linesOfDirective, perDocument, stringTokens } from './helpers.js';
import { systemClassByGuid } from './classes.js';
import { getOrInsertComputed } from '../base/maps.js';

const SPSVCINST_ASSOCSERVICE = 0x2;
const SPSVCINST_UNIQUE_NAME = 0x10000;

// ---------------------------------------------------------------- shared queries

/** One AddService line with its fields. */
interface AddServiceLine {
  section: InfSection;
  line: InfLine;
  entry: AddServiceEntry;
  /** The service name, trimmed ('' for `AddService = ,2`). */
  name: string;
  flags: number;
  nameField: InfField | undefined;
  installField: InfField | undefined;
}

/** Every AddService line of the INF, in file order (remembered per document). */
const addServiceLines = perDocument((doc: InfDocument): AddServiceLine[] => {
  return linesOfDirective(doc, 'addservice').map(({ section, line }) => {
    const entry = readAddService({ line, name: 'AddService', known: true, values: line.fields });
    return {
      section,
      line,
      entry,
      name: entry.serviceName.trim(),
      flags: entry.flags ?? 0,
      nameField: line.fields[0],
      installField: line.fields[2],
    };
  });
});

/** The first line of `section` whose key is `key` (case-insensitive). */
function keyLine(section: InfSection, key: string): InfLine | undefined {
  const wanted = foldCase(key);
  return section.lines.find((l) => l.key !== null && foldCase(l.key.trim()) === wanted);
}

/** The install section a `.Services` (or `.Wdf`, `.Events`) section belongs to: `X.NTamd64.Services` → `X.NTamd64`. */
function baseOf(sectionName: string, suffix: string): string | null {
  const s = `.${suffix}`.toLowerCase();
  return sectionName.toLowerCase().endsWith(s) ? sectionName.slice(0, -s.length) : null;
}

const ARCH_DECORATION = new RegExp(`\\.nt(${ARCHITECTURES.join('|')})$`, 'i');

/**
 * The architectures an install section serves: [X.NTamd64] amd64; [X.NT] every architecture
 * without its own [X.NT<arch>]; [X] those without [X.NT<arch>] or [X.NT] (SetupAPI's choice).
 */
function archesServed(doc: InfDocument, install: string): string[] {
  const m = ARCH_DECORATION.exec(install);
  if (m) return [m[1]!.toLowerCase()];
  const nt = /\.nt$/i.test(install);
  const base = nt ? install.slice(0, -3) : install;
  if (!nt && doc.hasSection(`${base}.NT`)) return [];
  return ARCHITECTURES.filter((a) => !doc.hasSection(`${base}.NT${a}`));
}

/** The Class of the INF, lower-case, from Class= or, failing that, a system ClassGuid. */
function classOf(doc: InfDocument): string {
  const version = readVersion(doc);
  const name = version.class?.value.trim();
  if (name) return name.toLowerCase();
  const guid = version.classGuid?.value.trim();
  return (guid ? systemClassByGuid(guid)?.name : undefined)?.toLowerCase() ?? '';
}

// ---------------------------------------------------------------- service names

/**
 * Service names of Microsoft's driver samples (AddService, KmdfService and UmdfService in
 * github.com/microsoft/Windows-driver-samples at 26a27df80772), each with the file names
 * (without extension) of the samples that use it. InfVerif's 1293 reserves them: its posted
 * logs report 'dynambus', 'statbus' and 'ECHO' on the samples themselves, which Microsoft
 * builds with InfVerif /samples (formerly /sw1293). Left out: WUDFRd, disk and Serial, the
 * names of Windows' own services that those samples add as Windows does (the UMDF reflector,
 * disk.sys, serial.sys), which other INFs rightly use too.
 */
const SAMPLE_SERVICES: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ['activity', ['activity']],
  ['adxl345acc', ['adxl345acc']],
  ['audiocodec', ['audiocodec']],
  ['avscamera', ['avscamera']],
  ['avscan', ['avscan']],
  ['avshws', ['avshws']],
  ['avssamp', ['avssamp']],
  ['bthechosamplecli', ['bthechosamplecli']],
  ['bthechosamplesrv', ['bthechosamplesrv']],
  ['cancelsafe', ['cancelsafe']],
  ['cdo', ['cdo']],
  ['change', ['change']],
  ['ctx', ['ctx']],
  ['customsensors', ['customsensors']],
  ['cxwmbclass', ['cxwmbclass']],
  ['ddproxy', ['ddproxy']],
  ['defect_toastmon', ['defect_toastmon']],
  ['delete', ['delete']],
  ['dynambus', ['dynambus']],
  ['echo', ['echo', 'echoum']],
  ['echo_2', ['echo_2']],
  ['fakemdm', ['mdmfake']],
  ['fakemodem', ['fakemodem2um']],
  ['filterum', ['filterum']],
  ['firefly', ['firefly']],
  ['fmm', ['fmm']],
  ['fusionsensor', ['fusionsensor']],
  ['genpci', ['genpci']],
  ['gnssumdf', ['gnssumdf']],
  ['hidusbfx2', ['hidusbfx2']],
  ['iddsampledriver', ['iddsampledriver']],
  ['inspect', ['inspect']],
  ['kbfiltr', ['kbfiltr']],
  ['kdodsamp', ['sampledisplay']],
  ['kmdf_enumswitches', ['kmdf_enumswitches']],
  ['lsi_u3', ['lsi_u3']],
  ['minispy', ['minispy']],
  ['moufiltr', ['moufiltr']],
  ['msforwardext', ['msforwardext']],
  ['msnmntr', ['msnmntr']],
  ['mspassthroughext', ['mspassthroughext']],
  ['muxmp', ['mux_mp']],
  ['muxmp_nc', ['mux_mp']],
  ['muxp', ['muxp']],
  ['muxp_nc', ['muxp']],
  ['namechanger', ['namechanger']],
  ['ndislwf', ['netlwf']],
  ['ndisprot60', ['ndisprot', 'ndisprot60']],
  ['ndisprot630', ['ndisprot630']],
  ['netvadapter', ['netvadapter', 'netvadapterum']],
  ['netvmini60', ['netvmini60']],
  ['netvmini620', ['netvmini620']],
  ['netvmini630', ['netvmini630']],
  ['netvmini680', ['netvmini680']],
  ['nullfilter', ['nullfilter']],
  ['osrfx2_dchu_usersvc', ['osrfx2_dchu_base']],
  ['osrusbfx2', ['osrusbfx2']],
  ['passthrough', ['passthrough']],
  ['pci9x5x', ['pci9x5x']],
  ['pedometer', ['pedometer']],
  ['plclient', ['plclient']],
  ['plpolicy', ['plpolicy']],
  ['prmfuncsample', ['prmfuncsample']],
  ['rtlwlans', ['netrtwlans']],
  ['sampleacpipep', ['sampleacpipep']],
  ['samplebarcodescannerdrv', ['samplebarcodescannerdrv']],
  ['sampledsm', ['sampledsm']],
  ['samplemagneticstripereaderdrv', ['samplemagneticstripereaderdrv']],
  ['scanner', ['scanner']],
  ['scm488c', ['pscr']],
  ['sdcavcodec', ['sdcavcodec']],
  ['sdcavdsp', ['sdcavdsp']],
  ['sdcavxu', ['sdcavxu']],
  ['sdhc', ['sdhc']],
  ['sensorscombodriver', ['sensorscombodriver']],
  ['serialbuswdk', ['serialbuswdk']],
  ['simbatt', ['simbatt']],
  ['simdevice', ['simdevice']],
  ['simdeviceumdf', ['simdeviceumdf']],
  ['simgpio', ['simgpio']],
  ['simgpio_i2c', ['simgpio_i2c']],
  ['simpleaudiosample', ['simpleaudiosample']],
  ['simpledeviceorientationsensor', ['simpledeviceorientationsensor']],
  ['simplemediasource', ['simplemediasourcedriver']],
  ['simrep', ['simrep']],
  ['simsensor', ['simsensor']],
  ['simtc', ['simtc']],
  ['singlecomponentfstatesvc', ['singlecomponentfstatesample']],
  ['singlecomponentsinglestateum', ['singlecomponentsinglestateum']],
  ['skeletoni2c', ['skeletoni2c']],
  ['spbtesttool', ['spbtesttool']],
  ['statbus', ['statbus']],
  ['swapbuffers', ['swapbuffers']],
  ['sysvad_componentizedaudiosample', ['componentizedaudiosample']],
  ['toaster', ['toastpkg']],
  ['toasterfilter', ['filter']],
  ['treeminiportsample', ['treeminiportsample']],
  ['treeosservicesample', ['treeosservicesample']],
  ['ucmcxucsi', ['ucmcxucsi']],
  ['ucmtcpcicxclientsample', ['ucmtcpcicxclientsample']],
  ['ucmucsiacpisample', ['ucmucsiacpisample']],
  ['ufxclientsample', ['ufxclientsample']],
  ['usbsamp', ['usbsamp']],
  ['vhidmini', ['vhidmini']],
  ['vhidminium', ['vhidminium']],
  ['virtualserial', ['virtualserial2um']],
  ['wdffeatured', ['filter', 'wdffeatured']],
  ['wdffeaturedum', ['wdffeaturedum']],
  ['wdfmulticomp', ['wdfmulticomp']],
  ['wdfsimple', ['wdfsimple']],
  ['wdfsimpleum', ['filterum', 'wdfsimpleum']],
  ['wdftoastmon', ['wdftoastmon']],
  ['wfpsamplercallouts', ['wfpsamplercalloutdriver']],
  ['wificxsampleclientkm', ['wificxsampleclientkm']],
  ['wificxsampleclientum', ['wificxsampleclientum']],
  ['windows-drivertemplate-nfc', ['windows-drivertemplate-nfc']],
  ['wmisamp', ['wmisamp']],
  ['wudfosrfx2', ['osrfx2_dchu_base']],
  ['wudfosrfx2filter', ['osrfx2_dchu_base']],
  ['wudfosrusbfx2', ['osrusbfx2um']],
]);

const reservedName: Rule = {
  code: 'INF1293',
  description:
    "A service name (AddService, KmdfService or UmdfService) is one of the names of Microsoft's driver samples, which " +
    'InfVerif reserves: a driver built from a sample must be renamed before it ships, or it collides with every other ' +
    'copy of the sample. Microsoft builds the samples themselves with InfVerif /samples (`--samples`), which lets ' +
    'them keep their names.',
  fix: 'Rename the service (and its binary, if it carries the name) to something of your own, e.g. with a company prefix.',
  bad: '[Sample_Install.NT.Services]\nAddService = toaster,0x00000002,Toaster_Service',
  good: '[Sample_Install.NT.Services]\nAddService = ContosoToaster,0x00000002,Toaster_Service',
  check(ctx) {
    for (const directive of ['addservice', 'kmdfservice', 'umdfservice']) {
      for (const { line } of linesOfDirective(ctx.doc, directive)) {
        const field = line.fields[0];
        const name = field?.value.trim() ?? '';
        const stems = SAMPLE_SERVICES.get(name.toLowerCase());
        if (!field || !stems) continue;
        ctx.report(field, `service name '${name}' is reserved: Microsoft's driver sample ${stems.join(', ')} uses it`);
      }
    }
  },
};

// ---------------------------------------------------------------- AddService lines

const EVENT_LOG_TYPES = new Set(['system', 'application', 'security']);

const eventLogType: Rule = {
  code: 'INF1250',
  description:
    'The EventLogType field of AddService (the fifth) names the event log the service writes to: System (the default), ' +
    'Application or Security. Any other value is not a log Windows has.',
  fix: 'Use System (or leave the field empty), Application or Security.',
  bad: '[Sample_Install.NT.Services]\nAddService = Sample,0x2,Sample_Service,Sample_EventLog,Driver',
  good: '[Sample_Install.NT.Services]\nAddService = Sample,0x2,Sample_Service,Sample_EventLog,System',
  check(ctx) {
    for (const s of addServiceLines(ctx.doc)) {
      const field = s.line.fields[4];
      const type = field?.value.trim() ?? '';
      if (field && type !== '' && !EVENT_LOG_TYPES.has(type.toLowerCase())) {
        ctx.report(field, `EventLogType '${type}' of service '${s.name}' is not System, Application or Security`);
      }
    }
  },
};

const multipleAssociated: Rule = {
  code: 'INF1211',
  description:
    'Two AddService lines of one .Services section set SPSVCINST_ASSOCSERVICE (0x2) for different services. The flag ' +
    'makes a service the function driver of the device, and a device has one function driver; filters go without the flag.',
  fix: 'Keep 0x2 on the function driver only; add filter services without it.',
  bad: '[Sample_Install.NT.Services]\nAddService = Sample,0x2,Sample_Service\nAddService = SampleFilter,0x2,Filter_Service',
  good: '[Sample_Install.NT.Services]\nAddService = Sample,0x2,Sample_Service\nAddService = SampleFilter,0,Filter_Service',
  check(ctx) {
    const first = new Map<InfSection, AddServiceLine>();
    for (const s of addServiceLines(ctx.doc)) {
      if (!(s.flags & SPSVCINST_ASSOCSERVICE)) continue;
      const earlier = first.get(s.section);
      if (!earlier) first.set(s.section, s);
      else if (foldCase(earlier.name) !== foldCase(s.name)) {
        ctx.report(
          s.line,
          `[${s.section.name}] has more than one associated service: "${earlier.name}" and "${s.name}" both set SPSVCINST_ASSOCSERVICE`,
        );
      }
    }
  },
};

const unnamedSkipped: Rule = {
  code: 'INF1253',
  description:
    'An AddService or DelService line gives no service name. Without SPSVCINST_ASSOCSERVICE (0x2) an unnamed AddService ' +
    'is not the null driver (`AddService = ,2`) either, so SetupAPI skips the line; a DelService without a name deletes nothing.',
  fix: 'Name the service, or write `AddService = ,2` for a device that needs no function driver.',
  bad: '[Sample_Install.NT.Services]\nAddService = ,0,Sample_Service',
  good: '[Sample_Install.NT.Services]\nAddService = Sample,0x2,Sample_Service',
  check(ctx) {
    for (const s of addServiceLines(ctx.doc)) {
      if (s.name === '' && !(s.flags & SPSVCINST_ASSOCSERVICE)) {
        ctx.report(s.line, `skipping AddService without a service name in [${s.section.name}] (only AddService = ,2 may omit it)`);
      }
    }
    for (const { section, line } of linesOfDirective(ctx.doc, 'delservice')) {
      if ((line.fields[0]?.value.trim() ?? '') === '') ctx.report(line, `skipping DelService without a service name in [${section.name}]`);
    }
  },
};

const unnamedWithSection: Rule = {
  code: 'INF1272',
  description:
    'An AddService line with no service name but SPSVCINST_ASSOCSERVICE is the null driver (`AddService = ,2`): the ' +
    'device runs without a function driver. A service-install section named on that line is never used.',
  fix: 'Name the service that section installs, or drop the section from the line.',
  bad: '[Sample_Install.NT.Services]\nAddService = ,0x2,Sample_Service',
  good: '[Sample_Install.NT.Services]\nAddService = ,0x2',
  check(ctx) {
    for (const s of addServiceLines(ctx.doc)) {
      if (s.name === '' && s.flags & SPSVCINST_ASSOCSERVICE && s.entry.installSection) {
        ctx.report(s.installField, `ignoring service section [${s.entry.installSection}] for an unnamed service (the null driver)`);
      }
    }
  },
};

const undefinedService: Rule = {
  code: 'INF2006',
  description:
    'An AddService line names a service-install section that does not exist, or names none: SetupAPI cannot create the ' +
    'service (the null driver `AddService = ,2` needs no section). In an INF that uses Include=, the section may come ' +
    'from the included INF, so it is only a warning there.',
  fix: 'Add the service-install section (ServiceType, StartType, ErrorControl, ServiceBinary) or correct its name.',
  bad: '[Sample_Install.NT.Services]\nAddService = Sample,0x2,Sample_Srvice\n\n[Sample_Service]\nServiceType = 1',
  good: '[Sample_Install.NT.Services]\nAddService = Sample,0x2,Sample_Service\n\n[Sample_Service]\nServiceType = 1',
  check(ctx) {
    const included = includesOtherInfs(ctx.doc);
    for (const s of addServiceLines(ctx.doc)) {
      if (s.name === '') continue; // the null driver, or INF1253
      const install = s.entry.installSection?.trim() ?? '';
      if (install !== '' && ctx.doc.hasSection(install)) continue;
      const what = install === '' ? 'names no service-install section' : `names service-install section [${install}], which does not exist`;
      const message = `undefined service '${s.name}' under [${s.section.name}]: AddService ${what}`;
      if (included) ctx.report(s.installField ?? s.line, `${message} in this INF; it must come from an included INF`, 'warning');
      else ctx.report(s.installField ?? s.line, message);
    }
  },
};

/** The service-install sections AddService names, each once, with the AddService lines that name it. */
const serviceInstallSections = perDocument((doc: InfDocument): Array<{ install: ServiceInstall; via: AddServiceLine[] }> => {
  const bySection = new Map<InfSection, { install: ServiceInstall; via: AddServiceLine[] }>();
  for (const s of addServiceLines(doc)) {
    if (s.name === '' || !s.entry.installSection) continue;
    const section = doc.section(s.entry.installSection.trim());
    if (!section) continue;
    let entry = bySection.get(section);
    if (!entry) {
      const install = readServiceInstallSection(doc, section.name);
      if (!install) continue;
      entry = { install, via: [] };
      bySection.set(section, entry);
    }
    entry.via.push(s);
  }
  return [...bySection.values()];
});

const disabledAssociated: Rule = {
  code: 'INF1251',
  description:
    "The device's associated service (AddService with SPSVCINST_ASSOCSERVICE, 0x2) is installed with StartType = 4 " +
    '(SERVICE_DISABLED): the function driver can never start, and Windows does not install a device that way.',
  fix: 'Use StartType = 3 (demand start) for a PnP function driver.',
  bad: '[Sample_Install.NT.Services]\nAddService = Sample,0x2,Sample_Service\n\n[Sample_Service]\nServiceType = 1\nStartType = 4',
  good: '[Sample_Install.NT.Services]\nAddService = Sample,0x2,Sample_Service\n\n[Sample_Service]\nServiceType = 1\nStartType = 3',
  check(ctx) {
    for (const { install, via } of serviceInstallSections(ctx.doc)) {
      if (install.startType !== 4) continue;
      for (const s of via) {
        if (s.flags & SPSVCINST_ASSOCSERVICE) {
          ctx.report(
            s.line,
            `cannot add disabled (StartType=4, in [${install.name}]) service '${s.name}' with the SPSVCINST_ASSOCSERVICE flag`,
          );
        }
      }
    }
  },
};

const KERNEL_TYPES = new Set([0x1, 0x2]);
const isWin32Type = (type: number): boolean => (type & 0x30) !== 0;
/** Service-install entries that Windows applies to Win32 services only. */
const WIN32_ONLY_KEYS = ['RequiredPrivileges', 'ServiceSidType', 'DelayedAutoStart', 'AddTrigger'];

const conflictingType: Rule = {
  code: 'INF1252',
  description:
    'A service-install section combines its ServiceType with a setting that type cannot have: StartType 0 (boot) or 1 ' +
    '(system) for a Win32 service (only drivers are started by the loader or the kernel), RequiredPrivileges, ' +
    'ServiceSidType, DelayedAutoStart or AddTrigger for a kernel or file system driver (Win32 services only), or BootFlags ' +
    'for a service that is not a kernel driver.',
  fix: 'Correct ServiceType, or drop the setting the service type does not support.',
  bad: '[Sample_Install.NT.Services]\nAddService = Sample,0x2,Sample_Service\n\n[Sample_Service]\nServiceType = 0x10\nStartType = 1\nErrorControl = 1\nServiceBinary = %13%\\sample.exe',
  good: '[Sample_Install.NT.Services]\nAddService = Sample,0x2,Sample_Service\n\n[Sample_Service]\nServiceType = 0x10\nStartType = 3\nErrorControl = 1\nServiceBinary = %13%\\sample.exe',
  check(ctx) {
    for (const { install, via } of serviceInstallSections(ctx.doc)) {
      const type = install.serviceType;
      if (type === undefined) continue;
      const name = via[0]!.name;
      const hex = `0x${type.toString(16)}`;
      const conflict = (key: string, value: string): void => {
        const line = keyLine(install.section, key);
        ctx.report(line ?? install.section, `cannot add service '${name}' with ${key}=${value} and ServiceType=${hex} ([${install.name}])`);
      };
      if (isWin32Type(type) && (install.startType === 0 || install.startType === 1)) conflict('StartType', String(install.startType));
      if (KERNEL_TYPES.has(type)) {
        for (const key of WIN32_ONLY_KEYS) {
          const line = keyLine(install.section, key);
          if (line) conflict(key, line.fields.map((f) => f.value).join(','));
        }
      }
      const boot = keyLine(install.section, 'BootFlags');
      if (boot && type !== 0x1) conflict('BootFlags', boot.fields[0]?.value ?? '');
    }
  },
};

const uniqueNames: Rule = {
  code: 'INF1022',
  description:
    'A service name is added by several AddService lines, and only some of them set SPSVCINST_UNIQUE_NAME (0x10000), which ' +
    'has Windows make the name unique to the driver package. The lines then create two different services; all ' +
    'declarations of one service must agree.',
  fix: 'Set 0x10000 on every AddService line for the service, or on none.',
  bad: '[A_Install.NT.Services]\nAddService = Sample,0x10002,Sample_Service\n\n[B_Install.NT.Services]\nAddService = Sample,0x2,Sample_Service',
  good: '[A_Install.NT.Services]\nAddService = Sample,0x10002,Sample_Service\n\n[B_Install.NT.Services]\nAddService = Sample,0x10002,Sample_Service',
  check(ctx) {
    const byName = new Map<string, AddServiceLine[]>();
    for (const s of addServiceLines(ctx.doc)) {
      if (s.name === '') continue;
      const key = foldCase(s.name);
      const lines = byName.get(key);
      if (lines) lines.push(s);
      else byName.set(key, [s]);
    }
    for (const lines of byName.values()) {
      const unique = lines.filter((s) => s.flags & SPSVCINST_UNIQUE_NAME);
      if (unique.length === 0 || unique.length === lines.length) continue;
      for (const s of lines) {
        if (s.flags & SPSVCINST_UNIQUE_NAME) continue;
        ctx.report(
          s.line.fields[1] ?? s.line,
          `service name '${s.name}' must use the unique names feature (SPSVCINST_UNIQUE_NAME, 0x10000) in every declaration: [${unique[0]!.section.name}] sets it, [${s.section.name}] does not`,
        );
      }
    }
  },
};

/** `X.NTamd64.10.0...22000` → base `X`, decoration head `ntamd64`, OS part `.10.0...22000`. */
const TARGET_DECORATION = /^(.*?)\.(nt(?:x86|amd64|arm64|arm|ia64|\$arch\$)?)((?:\.[^.]*)*)$/i;

/** The targets (`arch|os-version`) a section serves, from its own name: [DefaultInstall.NTamd64.10.0...25952.Services]. */
function ownTargets(doc: InfDocument, servicesName: string, arches: readonly string[]): string[] {
  const install = baseOf(servicesName, 'Services') ?? servicesName;
  const m = TARGET_DECORATION.exec(install);
  if (!m)
    return archesServed(doc, install)
      .filter((a) => arches.includes(a))
      .map((a) => `${a}|`);
  const head = m[2]!.toLowerCase();
  const os = m[3]!.toLowerCase();
  const served = head === 'nt$arch$' ? arches : head === 'nt' ? archesServed(doc, `${m[1]}.NT`) : [head.slice(2)];
  return served.filter((a) => arches.includes(a)).map((a) => `${a}|${os}`);
}

/**
 * The targets (`arch|os-version`) whose devices use each .Services section: the Models section
 * of each TargetOSVersion decoration, its devices' install sections for that architecture, and
 * their .Services sections. A package's sections for different targets never run on one system.
 */
function servicesTargets(doc: InfDocument, arches: readonly string[]): Map<InfSection, Set<string>> {
  const out = new Map<InfSection, Set<string>>();
  for (const { section, arch, os } of modelsByArch(doc, arches)) {
    for (const model of readModels(doc, section)) {
      const chosen = selectInstallSection(doc, model.installSection.trim(), { arch }).section;
      const services = chosen === null ? undefined : doc.section(`${chosen}.Services`);
      if (!services) continue;
      const set = out.get(services) ?? new Set<string>();
      set.add(`${arch}|${os}`);
      out.set(services, set);
    }
  }
  return out;
}

/** Registry directives of a service-install section: a conflict in the values they write is 1332's, not 1333's. */
const SERVICE_REGISTRY_KEYS = new Set(['addreg', 'delreg', 'bitreg']);

/** The settings of a service-install section, in a form that compares: `key=values` lines, sorted, registry directives left out. */
function configurationOf(section: InfSection): string {
  return section.lines
    .filter((l) => !SERVICE_REGISTRY_KEYS.has(foldCase(l.key?.trim() ?? '')))
    .map((l) => `${foldCase(l.key?.trim() ?? '')}=${l.fields.map((f) => foldCase(f.value.trim())).join(',')}`)
    .sort()
    .join('\n');
}

const configuredDifferently: Rule = {
  code: 'INF1333',
  description:
    'One service is added by two install sections with different service-install sections whose settings differ ' +
    '(binary, start type, display name, ...) for the same target (architecture and TargetOSVersion). When Windows ' +
    'processes both (two devices of the package, or offline servicing that performs every service operation in ' +
    "advance), the result depends on the order. The registry values the sections write are INF1332's. See " +
    '"InfVerif Error 1330 - 1333".',
  fix: 'Give each configuration its own service name, or make the service-install sections the same.',
  bad:
    '[A_Install.NT.Services]\nAddService = Sample,0x2,SampleA_Service\n\n[B_Install.NT.Services]\nAddService = Sample,0x2,SampleB_Service\n\n' +
    '[SampleA_Service]\nServiceBinary = %13%\\samplea.sys\n\n[SampleB_Service]\nServiceBinary = %13%\\sampleb.sys',
  good:
    '[A_Install.NT.Services]\nAddService = SampleA,0x2,SampleA_Service\n\n[B_Install.NT.Services]\nAddService = SampleB,0x2,SampleB_Service\n\n' +
    '[SampleA_Service]\nServiceBinary = %13%\\samplea.sys\n\n[SampleB_Service]\nServiceBinary = %13%\\sampleb.sys',
  check(ctx) {
    // Per target (architecture and OS version): the first configuration of each service.
    const targets = servicesTargets(ctx.doc, ctx.arches);
    const seen = new Map<string, { config: string; s: AddServiceLine; install: InfSection }>();
    const configs = new Map<InfSection, string>();
    const configOf = (section: InfSection): string => getOrInsertComputed(configs, section, configurationOf);
    for (const s of addServiceLines(ctx.doc)) {
      const name = s.entry.installSection?.trim();
      if (s.name === '' || !name) continue;
      const install = ctx.doc.section(name);
      if (!install) continue;
      const reported = new Set<InfSection>();
      for (const target of targets.get(s.section) ?? ownTargets(ctx.doc, s.section.name, ctx.arches)) {
        const key = `${target}\0${foldCase(s.name)}`;
        const earlier = seen.get(key);
        if (!earlier) {
          seen.set(key, { config: configOf(install), s, install });
          continue;
        }
        if (earlier.install === install || reported.has(earlier.install)) continue;
        if (earlier.config === configOf(install)) continue;
        reported.add(earlier.install);
        ctx.report(
          s.installField,
          `cannot configure service '${s.name}' differently between sections [${earlier.install.name}] (from [${earlier.s.section.name}]) and [${install.name}] (from [${s.section.name}])`,
        );
      }
    }
  },
};

// ---------------------------------------------------------------- service binaries

/** The executable path of a service image path (`"%13%\a b.exe" -x` → `%13%\a b.exe`), or null when it does not parse. */
export function imagePath(value: string): string | null {
  const text = value.trim();
  if (text.startsWith('"')) {
    const end = text.indexOf('"', 1);
    if (end < 0) return null;
    const rest = text.slice(end + 1);
    if (rest !== '' && !/^\s/.test(rest)) return null;
    const path = text.slice(1, end).trim();
    return path === '' ? null : path;
  }
  const path = text.split(/\s/)[0]!;
  return path.includes('"') ? null : path;
}

const DIRID_PATH = /^%(-?\d+)%(?:\\+(.*))?$/;

/** A `%strkey%` token of the field that [Strings] does not define (DIRIDs such as %13% stay as written on purpose). */
function unresolvedToken(field: InfField): boolean {
  return stringTokens(field.raw).some((t) => !/^-?\d+$/.test(t.name) && field.value.includes(`%${t.name}%`));
}

/** A path as `%dirid%\rest`, split; null when it does not start with a DIRID. */
function diridPath(path: string): { dirid: number; rest: string } | null {
  const m = DIRID_PATH.exec(path);
  return m ? { dirid: Number(m[1]), rest: m[2] ?? '' } : null;
}

const DIRID_PATHS = standardDirids();

/** A comparable form of DIRID + relative path: the standard path where the DIRID has one. */
function fullPath(dirid: number, rest: string): string {
  const root = DIRID_PATHS[dirid] ?? `<${dirid}>`;
  return [root, rest]
    .filter((p) => p !== '')
    .join('\\')
    .replace(/[\\/]+/g, '\\')
    .toLowerCase();
}

/** The files a set of install sections copy: full paths, and file names (all, and those whose directory [DestinationDirs] does not give). */
interface CopiedFiles {
  paths: Set<string>;
  names: Set<string>;
  anywhere: Set<string>;
}

function copiedBy(doc: InfDocument, dirs: DestinationDirs, installs: readonly InfSection[] | null): CopiedFiles {
  const out: CopiedFiles = { paths: new Set(), names: new Set(), anywhere: new Set() };
  const add = (destination: string, listSection: string | null): void => {
    const file = destination.trim();
    if (file === '') return;
    const name = file.replace(/^.*\\/, '').toLowerCase();
    out.names.add(name);
    const dest = listSection === null ? dirs.defaultDestDir : dirs.forSection(listSection);
    if (dest?.dirid !== undefined) out.paths.add(fullPath(dest.dirid, [dest.subdir ?? '', file].join('\\')));
    else out.anywhere.add(name);
  };
  for (const { section, line } of linesOfDirective(doc, 'copyfiles')) {
    if (installs && !installs.includes(section)) continue;
    for (const field of line.fields) {
      const value = field.value.trim();
      if (value.startsWith('@')) {
        add(value.slice(1), null);
        continue;
      }
      for (const list of installSectionVariants(doc, value)) {
        for (const l of list.lines) {
          const dest = l.keyField ?? l.fields[0];
          if (dest) add(dest.value, list.name);
        }
      }
    }
  }
  return out;
}

/** An install section and the sections its Needs name in this INF (one level, as SetupAPI runs them); null when it includes another INF. */
function withNeeds(doc: InfDocument, install: InfSection): InfSection[] | null {
  const out = [install];
  for (const line of install.lines) {
    const key = line.key?.trim().toLowerCase();
    if (key === 'include') return null;
    if (key !== 'needs') continue;
    for (const f of line.fields) {
      const needed = doc.section(f.value.trim());
      if (needed) out.push(needed);
    }
  }
  return out;
}

const unparsableBinary: Rule = {
  code: 'INF1254',
  description:
    'ServiceBinary is a command line: the path of the binary, then any arguments. A path with spaces must be quoted, which ' +
    'INF syntax writes with tripled quotes (`"""%13%\\My Dir\\svc.exe"""`). A quote that is not closed, or text stuck to the ' +
    'closing quote, leaves no path Windows can read.',
  fix: 'Quote the whole path: `ServiceBinary = """%13%\\My Dir\\svc.exe""" -arg`.',
  bad: '[Sample_Install.NT.Services]\nAddService = Sample,0x2,Sample_Service\n\n[Sample_Service]\nServiceBinary = """%13%\\My Dir\\sample.exe',
  good: '[Sample_Install.NT.Services]\nAddService = Sample,0x2,Sample_Service\n\n[Sample_Service]\nServiceBinary = """%13%\\My Dir\\sample.exe"""',
  check(ctx) {
    for (const { install, via } of serviceInstallSections(ctx.doc)) {
      const line = keyLine(install.section, 'ServiceBinary');
      const field = line?.fields[0];
      if (!field || field.value.trim() === '' || imagePath(field.value) !== null) continue;
      ctx.report(
        field,
        `invalid service image path for service '${via[0]!.name}' with ServiceBinary='${field.value}': check its quotation marks`,
      );
    }
  },
};

const binaryNotUnderDirid: Rule = {
  code: 'INF2085',
  description:
    'ServiceBinary must be written as a path under a DIRID, `%13%\\sample.sys` (the driver store) or `%12%\\sample.sys`: ' +
    'an absolute path, `\\SystemRoot\\...` or an environment variable does not follow the package to where Windows installs it.',
  fix: 'Write the path under the DIRID of the directory the file is copied to, e.g. `%13%\\sample.sys`.',
  bad: '[Sample_Install.NT.Services]\nAddService = Sample,0x2,Sample_Service\n\n[Sample_Service]\nServiceBinary = \\SystemRoot\\System32\\drivers\\sample.sys',
  good: '[Sample_Install.NT.Services]\nAddService = Sample,0x2,Sample_Service\n\n[Sample_Service]\nServiceBinary = %12%\\sample.sys',
  check(ctx) {
    for (const { install } of serviceInstallSections(ctx.doc)) {
      const field = keyLine(install.section, 'ServiceBinary')?.fields[0];
      const path = field ? imagePath(field.value) : null;
      if (!field || path === null || diridPath(path) || unresolvedToken(field)) continue; // INF1235 for a %token%
      ctx.report(field, `service binary '${path}' should be a path under a DIRID, such as %13%\\${path.replace(/^.*[\\/]/, '')}`);
    }
  },
};

const binaryNotCopied: Rule = {
  code: 'INF2084',
  description:
    'The binary ServiceBinary names is not a file the INF copies: no CopyFiles of the install section that adds the ' +
    'service (or of the sections its Needs name) writes that file to that directory. The service would run a file that is ' +
    'not part of the driver package, or nothing: a typo, an inbox binary used directly (reference it with Include/Needs), ' +
    'or a path with spaces that is not quoted (`"""%13%\\My Dir\\svc.exe"""`). Install sections that Include another INF ' +
    'are not checked.',
  fix: 'Copy the file with CopyFiles in the install section whose .Services section adds the service, or correct the path.',
  bad: '[DestinationDirs]\nDefaultDestDir = 13\n\n[Sample_Install.NT]\nCopyFiles = Sample_Files\n\n[Sample_Install.NT.Services]\nAddService = Sample,0x2,Sample_Service\n\n[Sample_Files]\nsample.sys\n\n[Sample_Service]\nServiceBinary = %13%\\smaple.sys',
  good: '[DestinationDirs]\nDefaultDestDir = 13\n\n[Sample_Install.NT]\nCopyFiles = Sample_Files\n\n[Sample_Install.NT.Services]\nAddService = Sample,0x2,Sample_Service\n\n[Sample_Files]\nsample.sys\n\n[Sample_Service]\nServiceBinary = %13%\\sample.sys',
  check(ctx) {
    const { doc } = ctx;
    const dirs = readDestinationDirs(doc);
    const cache = new Map<string, CopiedFiles | null>();
    const copiedFor = (services: InfSection): { files: CopiedFiles; where: string } | null => {
      const base = baseOf(services.name, 'Services');
      const install = base === null ? undefined : doc.section(base);
      const key = install ? foldCase(install.name) : '';
      if (!cache.has(key)) {
        const sections = install ? withNeeds(doc, install) : [];
        cache.set(key, sections === null ? null : copiedBy(doc, dirs, install ? sections : null));
      }
      const files = cache.get(key);
      return files ? { files, where: install ? `[${install.name}]` : 'the INF' } : null;
    };
    for (const { install, via } of serviceInstallSections(doc)) {
      const field = keyLine(install.section, 'ServiceBinary')?.fields[0];
      const path = field ? imagePath(field.value) : null;
      if (!field || path === null || unresolvedToken(field)) continue; // INF1235 for a %token%
      const dirid = diridPath(path);
      const name = path.replace(/^.*\\/, '').toLowerCase();
      for (const s of via) {
        const base = baseOf(s.section.name, 'Services');
        if (base !== null && !archesServed(doc, base).some((a) => ctx.arches.includes(a))) continue;
        const copied = copiedFor(s.section);
        if (!copied) continue;
        const { paths, names, anywhere } = copied.files;
        const found = dirid ? paths.has(fullPath(dirid.dirid, dirid.rest)) || anywhere.has(name) : names.has(name);
        if (found) continue;
        ctx.report(
          field,
          `service binary '${path}' of service '${s.name}' should reference a CopyFiles destination file: ${copied.where} (whose [${s.section.name}] adds the service) copies no such file`,
        );
      }
    }
  },
};

// ---------------------------------------------------------------- devices and their services

/** The Models sections each architecture in `arches` uses, with that architecture and the decoration's OS version part ('.10.0...22000'). */
function modelsByArch(doc: InfDocument, arches: readonly string[]): Array<{ section: string; arch: string; os: string }> {
  const out: Array<{ section: string; arch: string; os: string }> = [];
  for (const entry of readManufacturers(doc)) {
    const base = entry.modelsSection.trim();
    if (base === '') continue;
    let plainOnX86 = true;
    for (const raw of entry.decorations) {
      const d = parseTargetOsVersion(raw.trim());
      if (!d) continue;
      const forArches = d.arch === null || d.arch === '$ARCH$' ? arches : arches.filter((a) => a === d.arch);
      if ((d.arch === null || d.arch === 'x86') && d.major === undefined) plainOnX86 = false;
      const os = raw.trim().slice(raw.trim().split('.')[0]!.length).toLowerCase();
      for (const arch of forArches) out.push({ section: `${base}.${raw.trim()}`, arch, os });
    }
    if (plainOnX86 && arches.includes('x86')) out.push({ section: base, arch: 'x86', os: '' });
  }
  return out;
}

/** Whether a .Services section, or a section its Needs name, adds an associated service; true when it may come from an included INF. */
function hasAssociatedService(doc: InfDocument, services: InfSection): boolean {
  const pending = [services];
  const visited = new Set<InfSection>();
  while (pending.length > 0) {
    const section = pending.pop()!;
    if (visited.has(section)) continue;
    visited.add(section);
    for (const line of section.lines) {
      const key = line.key?.trim().toLowerCase();
      if (key === 'addservice' && (infInt(line.fields[1]?.value.trim()) ?? 0) & SPSVCINST_ASSOCSERVICE) return true;
      if (key === 'include') return true;
      if (key === 'needs') {
        for (const f of line.fields) {
          const needed = doc.section(f.value.trim());
          if (needed) pending.push(needed);
          else if (f.value.trim() !== '') return true; // a section of another INF (INF1203 when there is no Include)
        }
      }
    }
  }
  return false;
}

/**
 * Classes whose INFs install no function driver: Extension INFs extend a base INF; network
 * components (NetService, NetTrans, NetClient) are installed by NetCfg, not as PnP devices;
 * modems and monitors "do not require any drivers" (inf-addservice-directive.md), and printer
 * drivers are loaded by the spooler.
 */
const NO_FUNCTION_DRIVER_CLASSES = new Set(['extension', 'netservice', 'nettrans', 'netclient', 'modem', 'monitor', 'printer']);

const noAssociatedService: Rule = {
  code: 'INF1296',
  description:
    "A device of a Models section has no associated service on one of the INF's architectures: the .Services section of " +
    'the install section chosen for it (e.g. [Install.NTamd64.Services]) is missing or has no AddService with ' +
    'SPSVCINST_ASSOCSERVICE (0x2), so the device gets no function driver. Since Windows 10 1809 this is an error. A device ' +
    'that needs no function driver says so with `AddService = ,2`; one that uses an inbox driver reaches its .Services ' +
    'section with Include/Needs. Extension INFs are not checked.',
  fix: 'Add the .Services section with `AddService = <service>,0x00000002,<service-install-section>` (or `AddService = ,2`).',
  bad: '[Manufacturer]\n%Mfg% = Models,NTamd64\n\n[Models.NTamd64]\n%DeviceDesc% = Sample_Install, Root\\Sample\n\n[Sample_Install.NT]\nCopyFiles = Sample_Files',
  good:
    '[Manufacturer]\n%Mfg% = Models,NTamd64\n\n[Models.NTamd64]\n%DeviceDesc% = Sample_Install, Root\\Sample\n\n[Sample_Install.NT]\nCopyFiles = Sample_Files\n\n' +
    '[Sample_Install.NT.Services]\nAddService = Sample,0x00000002,Sample_Service',
  check(ctx) {
    const { doc } = ctx;
    if (NO_FUNCTION_DRIVER_CLASSES.has(classOf(doc))) return;
    const verdict = new Map<string, boolean>();
    for (const { section, arch } of modelsByArch(doc, ctx.arches)) {
      for (const model of readModels(doc, section)) {
        if (model.line.key === null || !model.hardwareId) continue;
        const chosen = selectInstallSection(doc, model.installSection.trim(), { arch }).section;
        if (chosen === null) continue; // INF1203
        const key = foldCase(chosen);
        if (!verdict.has(key)) {
          const services = doc.section(`${chosen}.Services`);
          verdict.set(key, services !== undefined && hasAssociatedService(doc, services));
        }
        if (verdict.get(key)) continue;
        ctx.report(
          model.line.fields[1] ?? model.line,
          `hardware '${model.hardwareId}' does not have an associated service using install section '${chosen}' (on ${arch}): [${chosen}.Services] ${doc.hasSection(`${chosen}.Services`) ? 'has no AddService with SPSVCINST_ASSOCSERVICE (0x2)' : 'does not exist'}`,
        );
      }
    }
  },
};

const noDevices: Rule = {
  code: 'INF1297',
  description:
    'The INF is a device driver (it has a [Manufacturer] section) but no Models section lists a device with a hardware ' +
    'or compatible ID, so it installs on nothing. The driver store treats device drivers and primitive drivers ' +
    'differently: a driver that is not meant for devices should drop [Manufacturer] and install from [DefaultInstall].',
  fix: 'List the hardware IDs in the Models section, or make the INF a primitive driver ([DefaultInstall], no [Manufacturer]).',
  bad: '[Manufacturer]\n%Mfg% = Models,NTamd64\n\n[Models.NTamd64]\n',
  good: '[Manufacturer]\n%Mfg% = Models,NTamd64\n\n[Models.NTamd64]\n%DeviceDesc% = Sample_Install, Root\\Sample',
  check(ctx) {
    const { doc } = ctx;
    const manufacturer = doc.section('Manufacturer');
    if (!manufacturer || includesOtherInfs(doc)) return;
    for (const entry of readManufacturers(doc)) {
      const base = entry.modelsSection.trim();
      // The undecorated section also serves x86 Windows older than every decoration.
      if (readModels(doc, base).some((m) => m.hardwareIds.length > 0)) return;
      for (const name of entry.decorations.map((d) => `${base}.${d.trim()}`)) {
        if (!doc.hasSection(name)) return; // INF1203: the devices may be listed in the section meant
        if (readModels(doc, name).some((m) => m.hardwareIds.length > 0)) return;
      }
      if (entry.decorations.length === 0 && !doc.hasSection(base)) return; // INF1203
    }
    ctx.report(
      null,
      'device driver does not install on any devices ([Manufacturer] lists no hardware ID); use a primitive driver if this is intended',
    );
  },
};

const displayStartType: Rule = {
  code: 'INF2602',
  description:
    'A display driver (Class = Display) is a PnP WDDM driver and must be demand-started: the service-install section of its ' +
    'associated service needs StartType = 3 (the "driver services start type directive" of the graphics INF requirements).',
  fix: 'Set StartType = 3 in the service-install section of the display driver.',
  bad: '[Version]\nClass = Display\n\n[Display_Install.Services]\nAddService = Sample,0x2,Sample_Service\n\n[Sample_Service]\nStartType = 1',
  good: '[Version]\nClass = Display\n\n[Display_Install.Services]\nAddService = Sample,0x2,Sample_Service\n\n[Sample_Service]\nStartType = 3',
  check(ctx) {
    if (classOf(ctx.doc) !== 'display') return;
    for (const { install, via } of serviceInstallSections(ctx.doc)) {
      const associated = via.find((s) => s.flags & SPSVCINST_ASSOCSERVICE);
      if (!associated || install.startType === 3) continue;
      const line = keyLine(install.section, 'StartType');
      ctx.report(
        line?.fields[0] ?? install.section,
        `service '${associated.name}' must have a StartType value of 3 (display drivers are demand-started)`,
      );
    }
  },
};

// ---------------------------------------------------------------- KMDF and UMDF

/** `KmdfService`/`UmdfService = name, section` lines with their sections. */
function wdfServices(
  doc: InfDocument,
  directive: 'kmdfservice' | 'umdfservice',
): Array<{ section: InfSection; line: InfLine; name: string; install: InfSection | undefined }> {
  return linesOfDirective(doc, directive).map(({ section, line }) => ({
    section,
    line,
    name: line.fields[0]?.value.trim() ?? '',
    install: line.fields[1] ? doc.section(line.fields[1].value.trim()) : undefined,
  }));
}

/** `major.minor` of a KMDF/UMDF library version, or undefined when it is not one (`$UMDFVERSION$` in a template). */
function libraryVersion(text: string | undefined): { major: number; minor: number } | undefined {
  const m = /^(\d+)\.(\d+)/.exec(text?.trim() ?? '');
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

const missingLibraryVersion: Rule = {
  code: 'INF1084',
  description:
    'A KmdfService or UmdfService directive names a wdf-service-install section without the directive it requires: ' +
    'KmdfLibraryVersion for KMDF, UmdfLibraryVersion for UMDF. Without it the framework version the driver needs is not ' +
    'known and the driver is not bound to it.',
  fix: 'Add `KmdfLibraryVersion = $KMDFVERSION$` (or `UmdfLibraryVersion = $UMDFVERSION$`) to the wdf-service-install section.',
  bad: '[Sample_Install.NT.Wdf]\nUmdfService = Sample,Sample_Wdf\nUmdfServiceOrder = Sample\n\n[Sample_Wdf]\nServiceBinary = %13%\\sample.dll',
  good: '[Sample_Install.NT.Wdf]\nUmdfService = Sample,Sample_Wdf\nUmdfServiceOrder = Sample\n\n[Sample_Wdf]\nUmdfLibraryVersion = 2.15.0\nServiceBinary = %13%\\sample.dll',
  check(ctx) {
    for (const [directive, needed, label] of [
      ['kmdfservice', 'KmdfLibraryVersion', 'KmdfService'],
      ['umdfservice', 'UmdfLibraryVersion', 'UmdfService'],
    ] as const) {
      for (const w of wdfServices(ctx.doc, directive)) {
        if (!w.install || keyLine(w.install, needed)) continue;
        ctx.report(
          w.line.fields[1] ?? w.line,
          `missing '${needed}' directive for '${label}' directive with service "${w.name}" in section [${w.install.name}]`,
        );
      }
    }
  },
};

const notInServiceOrder: Rule = {
  code: 'INF1400',
  description:
    'A .Wdf section creates a UMDF service with UmdfService, but its UmdfServiceOrder does not list that service (or ' +
    'the section has none). UmdfServiceOrder says where each UMDF driver goes in the device stack and is required even for ' +
    'one driver; it cannot come from Include/Needs.',
  fix: 'List the service in `UmdfServiceOrder = <service>[,<service>...]` in the same .Wdf section.',
  bad: '[Sample_Install.NT.Wdf]\nUmdfService = Sample,Sample_Wdf',
  good: '[Sample_Install.NT.Wdf]\nUmdfService = Sample,Sample_Wdf\nUmdfServiceOrder = Sample',
  check(ctx) {
    const ordered = new Map<InfSection, Set<string>>();
    for (const { section, line } of linesOfDirective(ctx.doc, 'umdfserviceorder')) {
      const names = ordered.get(section) ?? new Set<string>();
      for (const f of line.fields) names.add(foldCase(f.value.trim()));
      ordered.set(section, names);
    }
    for (const w of wdfServices(ctx.doc, 'umdfservice')) {
      if (w.name === '' || ordered.get(w.section)?.has(foldCase(w.name))) continue;
      ctx.report(
        w.line.fields[0] ?? w.line,
        `service '${w.name}' is not specified in a UMDF service directive: UmdfServiceOrder in [${w.section.name}] does not list it`,
      );
    }
  },
};

/** UMDF 1.x-only directives of a wdf-service-install section. */
const UMDF1_ONLY = ['DriverCLSID'];

const umdfDirectiveVersion: Rule = {
  code: 'INF1401',
  description:
    'A wdf-service-install section uses a directive that the UMDF version it declares (UmdfLibraryVersion) does not ' +
    'support: DriverCLSID belongs to UMDF 1.x; a UMDF 2 driver has no COM class.',
  fix: 'Remove DriverCLSID from the section of a UMDF 2 driver.',
  bad: '[Sample_Install.NT.Wdf]\nUmdfService = Sample,Sample_Wdf\nUmdfServiceOrder = Sample\n\n[Sample_Wdf]\nUmdfLibraryVersion = 2.15.0\nDriverCLSID = {d4112073-d09b-458f-a5aa-35ef21eef5de}',
  good: '[Sample_Install.NT.Wdf]\nUmdfService = Sample,Sample_Wdf\nUmdfServiceOrder = Sample\n\n[Sample_Wdf]\nUmdfLibraryVersion = 2.15.0',
  check(ctx) {
    for (const w of wdfServices(ctx.doc, 'umdfservice')) {
      if (!w.install) continue;
      const version = libraryVersion(keyLine(w.install, 'UmdfLibraryVersion')?.fields[0]?.value);
      if (!version || version.major < 2) continue;
      for (const key of UMDF1_ONLY) {
        const line = keyLine(w.install, key);
        if (line)
          ctx.report(line, `directive '${key}' is not supported in UMDF version ${version.major}.${version.minor} ([${w.install.name}])`);
      }
    }
  },
};

const deprecatedUmdf: Rule = {
  code: 'INF1402',
  description:
    'UmdfLibraryVersion declares UMDF 1.x, which is deprecated: the driver should be ported to the UMDF 2 driver model ' +
    '("Porting a driver from UMDF 1 to UMDF 2"). InfVerif checks this under /w.',
  fix: 'Port the driver to UMDF 2 and declare `UmdfLibraryVersion = $UMDFVERSION$` (2.x).',
  bad: '[Sample_Install.NT.Wdf]\nUmdfService = Sample,Sample_Wdf\nUmdfServiceOrder = Sample\n\n[Sample_Wdf]\nUmdfLibraryVersion = 1.11.0',
  good: '[Sample_Install.NT.Wdf]\nUmdfService = Sample,Sample_Wdf\nUmdfServiceOrder = Sample\n\n[Sample_Wdf]\nUmdfLibraryVersion = 2.15.0',
  check(ctx) {
    const done = new Set<InfSection>();
    for (const w of wdfServices(ctx.doc, 'umdfservice')) {
      if (!w.install || done.has(w.install)) continue;
      done.add(w.install);
      const line = keyLine(w.install, 'UmdfLibraryVersion');
      const version = libraryVersion(line?.fields[0]?.value);
      if (line && version?.major === 1) {
        ctx.report(
          line.fields[0],
          `UMDF version ${version.major}.${version.minor} has been deprecated; the driver should be ported to the version 2 UMDF driver model`,
        );
      }
    }
  },
};

// ---------------------------------------------------------------- event channels

interface Channel {
  line: InfLine;
  name: string;
  type: number | undefined;
  section: InfSection | undefined;
}

/** The event-provider-install sections AddEventProvider names, each with its AddChannel lines. */
const eventProviders = perDocument((doc: InfDocument): Array<{ provider: InfSection; channels: Channel[] }> => {
  const out: Array<{ provider: InfSection; channels: Channel[] }> = [];
  const seen = new Set<InfSection>();
  for (const { line } of linesOfDirective(doc, 'addeventprovider')) {
    const provider = line.fields[1] ? doc.section(line.fields[1].value.trim()) : undefined;
    if (!provider || seen.has(provider)) continue;
    seen.add(provider);
    const channels: Channel[] = [];
    for (const l of provider.lines) {
      if (l.key?.trim().toLowerCase() !== 'addchannel') continue;
      const sectionName = l.fields[2]?.value.trim();
      channels.push({
        line: l,
        name: l.fields[0]?.value.trim() ?? '',
        type: infInt(l.fields[1]?.value.trim()),
        section: sectionName ? doc.section(sectionName) : undefined,
      });
    }
    out.push({ provider, channels });
  }
  return out;
});

const CHANNEL_TYPES: Record<number, string> = { 1: 'Admin', 2: 'Operational', 3: 'Analytic', 4: 'Debug' };

const duplicateChannelValue: Rule = {
  code: 'INF1180',
  description:
    'Two channels of one event provider (AddChannel lines of one event-provider-install section) give the same Value in ' +
    'their channel-install sections. Value identifies the channel within the provider and must be unique.',
  fix: 'Give each channel its own Value, or leave Value out.',
  bad: '[Sample_Install.NT.Events]\nAddEventProvider = {a8a4f0b5-8d6e-4c8e-9a57-3f1f5d6b9c21},Provider_Inst\n\n[Provider_Inst]\nAddChannel = Sample/Admin,0x1,ChannelA\nAddChannel = Sample/Operational,0x2,ChannelB\n\n[ChannelA]\nValue = 16\n\n[ChannelB]\nValue = 16',
  good: '[Sample_Install.NT.Events]\nAddEventProvider = {a8a4f0b5-8d6e-4c8e-9a57-3f1f5d6b9c21},Provider_Inst\n\n[Provider_Inst]\nAddChannel = Sample/Admin,0x1,ChannelA\nAddChannel = Sample/Operational,0x2,ChannelB\n\n[ChannelA]\nValue = 16\n\n[ChannelB]\nValue = 17',
  check(ctx) {
    for (const { provider, channels } of eventProviders(ctx.doc)) {
      const byValue = new Map<number, InfSection>();
      for (const channel of channels) {
        const line = channel.section ? keyLine(channel.section, 'Value') : undefined;
        const value = infInt(line?.fields[0]?.value.trim());
        if (!line || value === undefined || !channel.section) continue;
        const earlier = byValue.get(value);
        if (earlier && earlier !== channel.section) {
          ctx.report(
            line.fields[0] ?? line,
            `invalid event channel in section [${channel.section.name}]: Value ${value} is also the value of [${earlier.name}], under section [${provider.name}]`,
          );
        } else byValue.set(value, channel.section);
      }
    }
  },
};

const channelValueForType: Rule = {
  code: 'INF1181',
  description:
    'A channel-install section sets LoggingAutoBackup = 1 for an Analytic (0x3) or Debug (0x4) channel. Automatic backup ' +
    'of the log file is only for Admin and Operational channels (ChannelLoggingType in the event manifest schema).',
  fix: 'Remove LoggingAutoBackup from the channel, or use an Admin or Operational channel.',
  bad: '[Sample_Install.NT.Events]\nAddEventProvider = {a8a4f0b5-8d6e-4c8e-9a57-3f1f5d6b9c21},Provider_Inst\n\n[Provider_Inst]\nAddChannel = Sample/Debug,0x4,Channel_Inst\n\n[Channel_Inst]\nLoggingRetention = 2\nLoggingAutoBackup = 1',
  good: '[Sample_Install.NT.Events]\nAddEventProvider = {a8a4f0b5-8d6e-4c8e-9a57-3f1f5d6b9c21},Provider_Inst\n\n[Provider_Inst]\nAddChannel = Sample/Debug,0x4,Channel_Inst\n\n[Channel_Inst]\nLoggingRetention = 2',
  check(ctx) {
    for (const { channels } of eventProviders(ctx.doc)) {
      for (const channel of channels) {
        if (!channel.section || (channel.type !== 3 && channel.type !== 4)) continue;
        const line = keyLine(channel.section, 'LoggingAutoBackup');
        const value = line?.fields[0]?.value.trim();
        if (line && infInt(value) === 1) {
          ctx.report(
            line.fields[0] ?? line,
            `invalid event channel LoggingAutoBackup value '${value}' in section [${channel.section.name}]: it cannot be used with channel type ${channel.type} (${CHANNEL_TYPES[channel.type]})`,
          );
        }
      }
    }
  },
};

const channelSettingMismatch: Rule = {
  code: 'INF1182',
  description:
    'A channel-install section sets LoggingAutoBackup = 1 without LoggingRetention = 2 (sequential). A new log file can only ' +
    'be started when the log is sequential; Admin and Operational channels are circular unless LoggingRetention says otherwise.',
  fix: 'Add `LoggingRetention = 2` to the channel-install section, or drop LoggingAutoBackup.',
  bad: '[Sample_Install.NT.Events]\nAddEventProvider = {a8a4f0b5-8d6e-4c8e-9a57-3f1f5d6b9c21},Provider_Inst\n\n[Provider_Inst]\nAddChannel = Sample/Admin,0x1,Channel_Inst\n\n[Channel_Inst]\nLoggingAutoBackup = 1',
  good: '[Sample_Install.NT.Events]\nAddEventProvider = {a8a4f0b5-8d6e-4c8e-9a57-3f1f5d6b9c21},Provider_Inst\n\n[Provider_Inst]\nAddChannel = Sample/Admin,0x1,Channel_Inst\n\n[Channel_Inst]\nLoggingRetention = 2\nLoggingAutoBackup = 1',
  check(ctx) {
    for (const { channels } of eventProviders(ctx.doc)) {
      for (const channel of channels) {
        if (!channel.section || channel.type === 3 || channel.type === 4) continue; // INF1181
        const backup = keyLine(channel.section, 'LoggingAutoBackup');
        if (!backup || infInt(backup.fields[0]?.value.trim()) !== 1) continue;
        const retention = infInt(keyLine(channel.section, 'LoggingRetention')?.fields[0]?.value.trim());
        if (retention === 2) continue;
        ctx.report(
          backup,
          `event channel LoggingRetention and LoggingAutoBackup mismatch in section [${channel.section.name}]: expecting LoggingRetention=2 for LoggingAutoBackup=1`,
        );
      }
    }
  },
};

export const rules: Rule[] = [
  reservedName,
  noAssociatedService,
  noDevices,
  undefinedService,
  multipleAssociated,
  unnamedSkipped,
  unnamedWithSection,
  eventLogType,
  disabledAssociated,
  conflictingType,
  uniqueNames,
  configuredDifferently,
  unparsableBinary,
  binaryNotCopied,
  binaryNotUnderDirid,
  displayStartType,
  missingLibraryVersion,
  notInServiceOrder,
  umdfDirectiveVersion,
  deprecatedUmdf,
  duplicateChannelValue,
  channelValueForType,
  channelSettingMismatch,
];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {
  INF1017:
    "The page says sample names are reserved, but InfVerif's posted logs report the samples' names as 1293; which names 1017 reserves 'for internal use' is listed only inside InfVerif.",
  INF1020:
    'The filter level names Windows reserves for its internal state are not documented (device-filter-driver-ordering.md names none).',
  INF2501:
    "Which service references InfVerif checks is not documented, and it is not the Ndi\\Service value: Microsoft's ndisprot60 sample names 'Ndisprot' there, adds only 'Ndisprot60', and passes InfVerif in Microsoft's build.",
  INF1021:
    'The length of the token Windows appends to a service name for SPSVCINST_UNIQUE_NAME is not documented, so the limit cannot be computed.',
};

/** For tests: the parts of the checks that are worth testing on their own. */
export const internals = { archesServed };
