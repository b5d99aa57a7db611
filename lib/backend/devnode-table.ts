// Device node status bits (DN_*, cfg.h) and problem codes (CM_PROB_*, cfg.h), with the
// messages Device Manager shows for them ("Device Manager error messages", Microsoft Learn).

/** DN_* bits by name, in cfg.h's order. */
const DN_FLAGS: ReadonlyArray<readonly [number, string]> = [
  [0x00000001, 'DN_ROOT_ENUMERATED'],
  [0x00000002, 'DN_DRIVER_LOADED'],
  [0x00000004, 'DN_ENUM_LOADED'],
  [0x00000008, 'DN_STARTED'],
  [0x00000010, 'DN_MANUAL'],
  [0x00000020, 'DN_NEED_TO_ENUM'],
  [0x00000040, 'DN_NOT_FIRST_TIME'],
  [0x00000080, 'DN_HARDWARE_ENUM'],
  [0x00000100, 'DN_LIAR'],
  [0x00000200, 'DN_HAS_MARK'],
  [0x00000400, 'DN_HAS_PROBLEM'],
  [0x00000800, 'DN_FILTERED'],
  [0x00001000, 'DN_MOVED'],
  [0x00002000, 'DN_DISABLEABLE'],
  [0x00004000, 'DN_REMOVABLE'],
  [0x00008000, 'DN_PRIVATE_PROBLEM'],
  [0x00010000, 'DN_MF_PARENT'],
  [0x00020000, 'DN_MF_CHILD'],
  [0x00040000, 'DN_WILL_BE_REMOVED'],
  [0x00080000, 'DN_NOT_FIRST_TIMEE'],
  [0x00100000, 'DN_STOP_FREE_RES'],
  [0x00200000, 'DN_REBAL_CANDIDATE'],
  [0x00400000, 'DN_BAD_PARTIAL'],
  [0x00800000, 'DN_NT_ENUMERATOR'],
  [0x01000000, 'DN_NT_DRIVER'],
  [0x02000000, 'DN_NEEDS_LOCKING'],
  [0x04000000, 'DN_ARM_WAKEUP'],
  [0x08000000, 'DN_APM_ENUMERATOR'],
  [0x10000000, 'DN_APM_DRIVER'],
  [0x20000000, 'DN_SILENT_INSTALL'],
  [0x40000000, 'DN_NO_SHOW_IN_DM'],
  [0x80000000, 'DN_CHILD_WITH_INVALID_ID'],
];

export const DN = {
  ROOT_ENUMERATED: 0x1,
  DRIVER_LOADED: 0x2,
  STARTED: 0x8,
  HAS_PROBLEM: 0x400,
  DISABLEABLE: 0x2000,
  NT_ENUMERATOR: 0x800000,
  NT_DRIVER: 0x1000000,
} as const;

/** The names of the bits set in `status`, in cfg.h's order (unknown bits as 0x...). */
export function statusFlagNames(status: number): string[] {
  const names: string[] = [];
  let rest = status >>> 0;
  for (const [bit, name] of DN_FLAGS) {
    if ((rest & bit) === 0) continue;
    names.push(name);
    rest = (rest & ~bit) >>> 0;
  }
  if (rest !== 0) names.push(`0x${rest.toString(16).toUpperCase().padStart(8, '0')}`);
  return names;
}

/** CM_PROB_* codes with Device Manager's message. */
const PROBLEMS: Record<number, readonly [string, string]> = {
  1: ['CM_PROB_NOT_CONFIGURED', 'This device is not configured correctly.'],
  3: ['CM_PROB_OUT_OF_MEMORY', 'The driver for this device might be corrupted, or the system may be low on memory.'],
  10: ['CM_PROB_FAILED_START', 'This device cannot start.'],
  12: ['CM_PROB_NORMAL_CONFLICT', 'This device cannot find enough free resources that it can use.'],
  14: ['CM_PROB_NEED_RESTART', 'This device cannot work properly until you restart your computer.'],
  16: ['CM_PROB_PARTIAL_LOG_CONF', 'Windows cannot identify all the resources this device uses.'],
  18: ['CM_PROB_REINSTALL', 'Reinstall the drivers for this device.'],
  19: [
    'CM_PROB_REGISTRY',
    'Windows cannot start this hardware device because its configuration information in the registry is incomplete or damaged.',
  ],
  21: ['CM_PROB_WILL_BE_REMOVED', 'Windows is removing this device.'],
  22: ['CM_PROB_DISABLED', 'This device is disabled.'],
  24: ['CM_PROB_DEVICE_NOT_THERE', 'This device is not present, is not working properly, or does not have all its drivers installed.'],
  28: ['CM_PROB_FAILED_INSTALL', 'The drivers for this device are not installed.'],
  29: ['CM_PROB_HARDWARE_DISABLED', 'This device is disabled because the firmware of the device did not give it the required resources.'],
  31: ['CM_PROB_FAILED_ADD', 'This device is not working properly because Windows cannot load the drivers required for this device.'],
  32: ['CM_PROB_DISABLED_SERVICE', 'A driver (service) for this device has been disabled.'],
  33: ['CM_PROB_TRANSLATION_FAILED', 'Windows cannot determine which resources are required for this device.'],
  34: ['CM_PROB_NO_SOFTCONFIG', 'Windows cannot determine the settings for this device.'],
  35: [
    'CM_PROB_BIOS_TABLE',
    "Your computer's system firmware does not include enough information to properly configure and use this device.",
  ],
  36: [
    'CM_PROB_IRQ_TRANSLATION_FAILED',
    'This device is requesting a PCI interrupt but is configured for an ISA interrupt (or vice versa).',
  ],
  37: ['CM_PROB_FAILED_DRIVER_ENTRY', 'Windows cannot initialize the device driver for this hardware.'],
  38: [
    'CM_PROB_DRIVER_FAILED_PRIOR_UNLOAD',
    'Windows cannot load the device driver for this hardware because a previous instance of the device driver is still in memory.',
  ],
  39: ['CM_PROB_DRIVER_FAILED_LOAD', 'Windows cannot load the device driver for this hardware. The driver may be corrupted or missing.'],
  40: [
    'CM_PROB_DRIVER_SERVICE_KEY_INVALID',
    'Windows cannot access this hardware because its service key information in the registry is missing or recorded incorrectly.',
  ],
  41: [
    'CM_PROB_LEGACY_SERVICE_NO_DEVICES',
    'Windows successfully loaded the device driver for this hardware but cannot find the hardware device.',
  ],
  42: [
    'CM_PROB_DUPLICATE_DEVICE',
    'Windows cannot load the device driver for this hardware because there is a duplicate device already running in the system.',
  ],
  43: ['CM_PROB_FAILED_POST_START', 'Windows has stopped this device because it has reported problems.'],
  44: ['CM_PROB_HALTED', 'An application or service has shut down this hardware device.'],
  45: ['CM_PROB_PHANTOM', 'Currently, this hardware device is not connected to the computer.'],
  46: [
    'CM_PROB_SYSTEM_SHUTDOWN',
    'Windows cannot gain access to this hardware device because the operating system is in the process of shutting down.',
  ],
  47: [
    'CM_PROB_HELD_FOR_EJECT',
    'Windows cannot use this hardware device because it has been prepared for safe removal, but it has not been removed from the computer.',
  ],
  48: [
    'CM_PROB_DRIVER_BLOCKED',
    'The software for this device has been blocked from starting because it is known to have problems with Windows.',
  ],
  49: ['CM_PROB_REGISTRY_TOO_LARGE', 'Windows cannot start new hardware devices because the system hive is too large.'],
  50: ['CM_PROB_SETPROPERTIES_FAILED', 'Windows cannot apply all of the properties for this device.'],
  51: ['CM_PROB_WAITING_ON_DEPENDENCY', 'This device is currently waiting on another device or set of devices to start.'],
  52: ['CM_PROB_UNSIGNED_DRIVER', 'Windows cannot verify the digital signature for the drivers required for this device.'],
  53: ['CM_PROB_USED_BY_DEBUGGER', 'This device has been reserved for use by the Windows kernel debugger.'],
  54: ['CM_PROB_DEVICE_RESET', 'This device has failed and is undergoing a reset.'],
  55: ['CM_PROB_CONSOLE_LOCKED', 'This device is waiting for the console to be unlocked.'],
  56: ['CM_PROB_NEED_CLASS_CONFIG', 'This device is waiting for its class configuration to finish.'],
  57: ['CM_PROB_GUEST_ASSIGNMENT_FAILED', 'This device could not be assigned to a guest.'],
};

export const CM_PROB = { NEED_RESTART: 14, DISABLED: 22, FAILED_INSTALL: 28 } as const;

/** A problem code's name and message (a made-up name for an unknown one). */
export function describeProblem(code: number): { code: number; name: string; message: string } {
  const [name, message] = PROBLEMS[code] ?? [`CM_PROB_0x${code.toString(16).toUpperCase()}`, `Problem code ${code}.`];
  return { code, name, message };
}

/** A problem by its number or CM_PROB_ name (any case, prefix optional); undefined when unknown. */
export function problemCodeOf(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const wanted = text.toUpperCase().replace(/^(CM_PROB_)?/, 'CM_PROB_');
  const hit = Object.entries(PROBLEMS).find(([, [name]]) => name === wanted);
  return hit === undefined ? undefined : Number(hit[0]);
}
