// Where Windows keeps device installation state in HKLM, for every layer that reads or writes it.

export const CCS = 'SYSTEM\\CurrentControlSet';
/** Setup classes, and the driver keys below them (Class\{guid}\NNNN). */
export const CLASS_KEY = `${CCS}\\Control\\Class`;
/** Device interface classes and their interfaces. */
export const DEVICE_CLASSES_KEY = `${CCS}\\Control\\DeviceClasses`;
/** Device nodes by instance ID. */
export const ENUM_KEY = `${CCS}\\Enum`;
export const SERVICES_KEY = `${CCS}\\Services`;
