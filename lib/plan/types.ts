// What an install would do, as data. lib/plan builds a Plan from a document, a target
// and an operation; nothing here touches a machine. The mock backend applies the same
// operations to its simulated machine; `infkit plan` prints them.
import type { PlatformTarget } from '../inf/types.js';
import type { RegistryRoot, RegistryValue } from '../base/registry-values.js';

/** Where in which INF an operation comes from. */
export interface OperationSource {
  file: string;
  section: string;
  line: number;
}

/** What `HKR` stands for in this context, resolved to a real key. */
export type HkrContext =
  | { kind: 'class'; classGuid: string } // HKLM\SYSTEM\CurrentControlSet\Control\Class\{guid}
  | { kind: 'interface-class'; interfaceGuid: string } // ...\Control\DeviceClasses\{guid}
  /** The interface's Device Parameters key; deviceInstanceId defaults to a documented placeholder. */
  | { kind: 'interface'; interfaceGuid: string; referenceString: string; deviceInstanceId?: string }
  | { kind: 'device-hardware'; deviceInstanceId: string } // ...\Enum\<id>\Device Parameters
  | { kind: 'device-driver'; classGuid: string; instance: string } // ...\Control\Class\{guid}\NNNN
  | { kind: 'service'; serviceName: string } // ...\Services\<name>
  | { kind: 'eventlog'; log: string; serviceName: string }
  | { kind: 'none' }; // DefaultInstall: HKR is not defined

export type Operation =
  | { op: 'class-create'; classGuid: string; className: string; source: OperationSource }
  /** [ClassInstall32] is ignored because the class exists (known only when a backend's state is given). */
  | { op: 'class-skip-existing'; classGuid: string; className: string; source: OperationSource }
  | { op: 'interface-class-create'; interfaceGuid: string; section: string; source: OperationSource }
  | {
      op: 'interface-add';
      interfaceGuid: string;
      referenceString: string;
      section: string;
      source: OperationSource;
    }
  | {
      op: 'reg-set';
      root: RegistryRoot;
      key: string;
      /** '' is the key's default value. */
      name: string;
      value: RegistryValue;
      /** AddReg flags as written (FLG_ADDREG_*). */
      flags: number;
      /** FLG_ADDREG_NOCLOBBER: only when the value does not exist yet. */
      noClobber: boolean;
      /** FLG_ADDREG_APPEND: append to a REG_MULTI_SZ. */
      append: boolean;
      /** FLG_ADDREG_KEYONLY: create the key, write no value. */
      keyOnly: boolean;
      source: OperationSource;
    }
  | { op: 'reg-delete-value'; root: RegistryRoot; key: string; name: string; source: OperationSource }
  /** FLG_DELREG_MULTI_SZ_DELSTRING: every occurrence of `string` (any case) leaves the REG_MULTI_SZ. */
  | { op: 'reg-delete-string'; root: RegistryRoot; key: string; name: string; string: string; source: OperationSource }
  | { op: 'reg-delete-key'; root: RegistryRoot; key: string; source: OperationSource }
  | {
      op: 'reg-bit';
      root: RegistryRoot;
      key: string;
      name: string;
      set: boolean;
      mask: number;
      byte: number;
      source: OperationSource;
    }
  | {
      op: 'file-copy';
      /** Source file name and where it comes from ([SourceDisksNames]/[SourceDisksFiles]). */
      sourceFile: string;
      sourceDisk: { id: string; description: string; path: string } | null;
      /** Absolute Windows path of the target file, DIRIDs resolved. */
      target: string;
      /** DIRID and subdirectory the target directory came from. */
      dirid: number;
      /** Path of the source file relative to the INF's folder (disk path, SourceDisksFiles subdir, name). */
      sourcePath?: string;
      flags: number;
      source: OperationSource;
    }
  | { op: 'file-delete'; target: string; source: OperationSource }
  | { op: 'file-rename'; from: string; to: string; source: OperationSource }
  | {
      op: 'service-add';
      name: string;
      /** '' when the service-install section has none (as for the other strings). */
      displayName: string;
      description: string;
      serviceType: number;
      startType: number;
      errorControl: number;
      /** ServiceBinary, DIRIDs resolved. */
      binary: string;
      loadOrderGroup: string;
      /** Dependencies as written: a service, or a load-order group after '+'. */
      dependencies: string[];
      startName: string;
      /** Security: an SDDL string the service control manager stores as a binary descriptor. */
      security: string;
      /** The service control manager gives the driver a Tag in its load-order group (its value is the machine's). */
      tag: boolean;
      /** The values the service control manager writes under `key` (HKLM), in its order. */
      key: string;
      values: Array<{ name: string; value: RegistryValue }>;
      /** SPSVCINST_* flags. */
      flags: number;
      source: OperationSource;
    }
  | { op: 'service-delete'; name: string; flags: number; source: OperationSource }
  | { op: 'stage-package'; inf: string; source: OperationSource }
  /** reason: the Reboot/Restart directive, or the COPYFLG flag that forces a reboot. */
  | { op: 'reboot'; kind: 'reboot' | 'restart'; source: OperationSource; reason?: string }
  | { op: 'register-dll'; target: string; unregister: boolean; source: OperationSource }
  | { op: 'ini-update'; file: string; section: string; entry: string; source: OperationSource };

export type PlanKind = 'class' | 'interfaces' | 'section' | 'package';

/**
 * The target when neither the user nor a machine names one: amd64 Windows 11 23H2. `infkit
 * plan`, `drivers --for --inf` and the trust check's list of copied files all assume it, so
 * that they choose the same Models sections.
 */
export const DEFAULT_TARGET: PlatformTarget = { arch: 'amd64', osVersion: '10.0.22631' };

/**
 * What a plan knows of the target machine. A fact left out is assumed, and the plan says
 * so in a PLAN_ASSUMED note: `infkit plan --backend ...` reads them from the machine.
 */
export interface MachineFacts {
  /** The Windows directory, e.g. 'C:\\windows' under Wine. Assumed: 'C:\\Windows'. */
  systemRoot?: string;
  /**
   * The GUIDs of the setup classes the machine has (Windows ignores [ClassInstall32] for
   * those). Assumed: the system-defined classes, which every Windows has.
   */
  classes?: readonly string[];
}

export interface SectionChoice {
  /** The name asked for, e.g. 'DefaultInstall'. */
  requested: string;
  /** The section SetupAPI would run, e.g. 'DefaultInstall.NTamd64'. */
  chosen: string;
  /** Every candidate tried, best first, with whether it exists. */
  candidates: Array<{ name: string; exists: boolean }>;
  /** One sentence on why. */
  reason: string;
}

export interface PlanNote {
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  source?: OperationSource;
}

/** One device a package installs for the target: a Models line and the DDInstall chosen for it. */
export interface PlanModel {
  manufacturer: string;
  /** The Models section chosen for the target (decoration included). */
  modelsSection: string;
  description: string;
  hardwareIds: string[];
  /** The install section named on the Models line, as written. */
  installSection: string;
  /** The DDInstall section that would run, or null when none exists for the target. */
  chosen: string | null;
  source: OperationSource;
}

export interface Plan {
  inf: string;
  kind: PlanKind;
  target: PlatformTarget;
  sections: SectionChoice[];
  operations: Operation[];
  /** INFs followed through Include/Needs, and those that could not be found. */
  includes: Array<{ name: string; path: string | null }>;
  notes: PlanNote[];
  rebootRequired: boolean;
  /** --package: every model the package installs for the target, in [Manufacturer] order. */
  models?: PlanModel[];
}
