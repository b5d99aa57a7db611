// Win32, SetupAPI and CONFIGRET codes → symbolic name, fallback message and hint, and the
// one helper (winErrorFrom) that every backend uses to turn a failed call into a WinError.
//
// Sources: winerror.h (Win32 codes and the SPAPI_E_* message texts), setupapi.h (the
// 0xE000xxxx codes: APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR | n) and cfgmgr32.h
// (CONFIGRET). The messages here are the fallback for when FormatMessage has nothing
// (Wine has no SetupAPI message table; CONFIGRET has no message table at all).
import { WinError, type WinErrorSource } from './errors.js';

export interface WinErrorEntry {
  name: string;
  message: string;
  /** One line on the common cause, when there is a common cause. */
  hint?: string;
}

// ---------------------------------------------------------------------------------------
// Hints: one line per common cause (not elevated, unsigned package, section missing,
// class exists, ...). Shared by the tables below.
// ---------------------------------------------------------------------------------------
export const HINTS = {
  notElevated: 'Run from an elevated prompt (Run as administrator): this needs administrator rights.',
  unsigned:
    'The driver package is not signed by a trusted publisher: sign its catalog, or on a test machine enable test signing and trust the test certificate.',
  sectionMissing:
    'The INF has no such section: check its name and platform decoration (e.g. .NTamd64); `infkit plan INF --section NAME` shows which section would be chosen.',
  lineMissing: 'A required line is missing from the INF: run `infkit validate` on it.',
  syntax: 'SetupAPI could not parse the INF: run `infkit validate` on it.',
  fileMissing: 'Check the path, and that the files the INF names sit next to it (or under its SourceDisksNames path).',
  exists: 'It already exists: remove it first, or reuse it.',
  invalidClass: "The INF's [Version] Class/ClassGUID is missing or malformed, or the class is not installed.",
  noDevice: 'No such device instance: list devices to find its instance ID.',
  wow64: 'Run the native-architecture Node (e.g. 64-bit Node on 64-bit Windows), not a WOW64 one.',
  infInUse: 'Devices still use this driver package: remove them first, or force the removal.',
  noInterfaceClass: "Install the interface class first (the INF's [InterfaceInstall32]).",
  referenceString: "A reference string may not contain '/' or '\\'.",
  notOemInf: 'Give the published name of a staged package (oemNN.inf), as listed by `infkit drivers`.',
  noMatchingDevice: 'No present device has a matching hardware ID: create or plug in the device first.',
  noBetterDriver: 'The installed driver is as good or better: use force to install this one anyway.',
  pendingInstalls: 'Another device installation is in progress: wait for it and retry.',
} as const;

const SETUPAPI_BASE = 0xe0000000;

/** Win32 codes that matter to infkit (winerror.h). */
const WIN32: Record<number, WinErrorEntry> = {
  0: { name: 'ERROR_SUCCESS', message: 'The operation completed successfully.' },
  1: { name: 'ERROR_INVALID_FUNCTION', message: 'Incorrect function.' },
  2: { name: 'ERROR_FILE_NOT_FOUND', message: 'The system cannot find the file specified.', hint: HINTS.fileMissing },
  3: { name: 'ERROR_PATH_NOT_FOUND', message: 'The system cannot find the path specified.', hint: HINTS.fileMissing },
  5: { name: 'ERROR_ACCESS_DENIED', message: 'Access is denied.', hint: HINTS.notElevated },
  6: { name: 'ERROR_INVALID_HANDLE', message: 'The handle is invalid.' },
  8: { name: 'ERROR_NOT_ENOUGH_MEMORY', message: 'Not enough memory resources are available to process this command.' },
  13: { name: 'ERROR_INVALID_DATA', message: 'The data is invalid.' },
  14: { name: 'ERROR_OUTOFMEMORY', message: 'Not enough memory resources are available to complete this operation.' },
  31: { name: 'ERROR_GEN_FAILURE', message: 'A device attached to the system is not functioning.' },
  32: {
    name: 'ERROR_SHARING_VIOLATION',
    message: 'The process cannot access the file because it is being used by another process.',
  },
  50: { name: 'ERROR_NOT_SUPPORTED', message: 'The request is not supported.' },
  80: { name: 'ERROR_FILE_EXISTS', message: 'The file exists.', hint: HINTS.exists },
  87: { name: 'ERROR_INVALID_PARAMETER', message: 'The parameter is incorrect.' },
  120: { name: 'ERROR_CALL_NOT_IMPLEMENTED', message: 'This function is not supported on this system.' },
  122: { name: 'ERROR_INSUFFICIENT_BUFFER', message: 'The data area passed to a system call is too small.' },
  123: { name: 'ERROR_INVALID_NAME', message: 'The filename, directory name, or volume label syntax is incorrect.' },
  126: { name: 'ERROR_MOD_NOT_FOUND', message: 'The specified module could not be found.' },
  127: { name: 'ERROR_PROC_NOT_FOUND', message: 'The specified procedure could not be found.' },
  183: { name: 'ERROR_ALREADY_EXISTS', message: 'Cannot create a file when that file already exists.', hint: HINTS.exists },
  234: { name: 'ERROR_MORE_DATA', message: 'More data is available.' },
  258: { name: 'WAIT_TIMEOUT', message: 'The wait operation timed out.' },
  259: { name: 'ERROR_NO_MORE_ITEMS', message: 'No more data is available.' },
  740: {
    name: 'ERROR_ELEVATION_REQUIRED',
    message: 'The requested operation requires elevation.',
    hint: HINTS.notElevated,
  },
  1004: { name: 'ERROR_INVALID_FLAGS', message: 'Invalid flags.' },
  1015: { name: 'ERROR_REGISTRY_CORRUPT', message: 'The registry is corrupted.' },
  1060: { name: 'ERROR_SERVICE_DOES_NOT_EXIST', message: 'The specified service does not exist as an installed service.' },
  1062: { name: 'ERROR_SERVICE_NOT_ACTIVE', message: 'The service has not been started.' },
  1072: { name: 'ERROR_SERVICE_MARKED_FOR_DELETE', message: 'The specified service has been marked for deletion.' },
  1073: { name: 'ERROR_SERVICE_EXISTS', message: 'The specified service already exists.' },
  1168: { name: 'ERROR_NOT_FOUND', message: 'Element not found.' },
  1223: { name: 'ERROR_CANCELLED', message: 'The operation was canceled by the user.' },
  1460: { name: 'ERROR_TIMEOUT', message: 'This operation returned because the timeout period expired.' },
  1641: { name: 'ERROR_SUCCESS_REBOOT_INITIATED', message: 'The requested operation is successful. The system will be restarted.' },
  1784: { name: 'ERROR_INVALID_USER_BUFFER', message: 'The supplied user buffer is not valid for the requested operation.' },
  3010: {
    name: 'ERROR_SUCCESS_REBOOT_REQUIRED',
    message: 'The requested operation is successful. Changes will not be effective until the system is rebooted.',
  },
  // HRESULTs that signature checks hand back through GetLastError.
  0x800b0100: { name: 'TRUST_E_NOSIGNATURE', message: 'No signature was present in the subject.', hint: HINTS.unsigned },
  0x800b0004: {
    name: 'TRUST_E_SUBJECT_NOT_TRUSTED',
    message: 'The subject is not trusted for the specified action.',
    hint: HINTS.unsigned,
  },
  0x800b0109: {
    name: 'CERT_E_UNTRUSTEDROOT',
    message: 'A certificate chain processed, but terminated in a root certificate which is not trusted by the trust provider.',
    hint: HINTS.unsigned,
  },
  0x800b0101: {
    name: 'CERT_E_EXPIRED',
    message:
      'A required certificate is not within its validity period when verifying against the current system clock or the timestamp in the signed file.',
    hint: HINTS.unsigned,
  },
  // What WinVerifyTrust returns (wintrust.h, winerror.h).
  0x800b0001: { name: 'TRUST_E_PROVIDER_UNKNOWN', message: 'Unknown trust provider.' },
  0x800b0002: {
    name: 'TRUST_E_ACTION_UNKNOWN',
    message: 'The trust verification action specified is not supported by the specified trust provider.',
  },
  0x800b0003: {
    name: 'TRUST_E_SUBJECT_FORM_UNKNOWN',
    message: 'The form specified for the subject is not one supported or known by the specified trust provider.',
  },
  0x800b010a: {
    name: 'CERT_E_CHAINING',
    message: 'A certificate chain could not be built to a trusted root authority.',
    hint: HINTS.unsigned,
  },
  0x800b010c: { name: 'CERT_E_REVOKED', message: 'A certificate was explicitly revoked by its issuer.', hint: HINTS.unsigned },
  0x800b0111: {
    name: 'TRUST_E_EXPLICIT_DISTRUST',
    message: 'The certificate was explicitly marked as untrusted by the user.',
    hint: HINTS.unsigned,
  },
  0x80096010: { name: 'TRUST_E_BAD_DIGEST', message: 'The digital signature of the object did not verify.', hint: HINTS.unsigned },
  0x80096004: { name: 'TRUST_E_CERT_SIGNATURE', message: 'The signature of the certificate cannot be verified.', hint: HINTS.unsigned },
  0x80092003: { name: 'CRYPT_E_FILE_ERROR', message: 'An error occurred while reading or writing to a file.' },
  0x80092004: { name: 'CRYPT_E_NOT_FOUND', message: 'Cannot find object or property.' },
  0x80092005: { name: 'CRYPT_E_EXISTS', message: 'The object or property already exists.' },
};

/** SetupAPI codes by their low bits (setupapi.h: APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR | n). */
const SETUPAPI: Record<number, WinErrorEntry> = {
  0x000: {
    name: 'ERROR_EXPECTED_SECTION_NAME',
    message: 'A non-empty line was encountered in the INF before the start of a section.',
    hint: HINTS.syntax,
  },
  0x001: {
    name: 'ERROR_BAD_SECTION_NAME_LINE',
    message: 'A section name marker in the INF is not complete, or does not exist on a line by itself.',
    hint: HINTS.syntax,
  },
  0x002: {
    name: 'ERROR_SECTION_NAME_TOO_LONG',
    message: 'An INF section was encountered whose name exceeds the maximum section name length.',
    hint: HINTS.syntax,
  },
  0x003: { name: 'ERROR_GENERAL_SYNTAX', message: 'The syntax of the INF is invalid.', hint: HINTS.syntax },
  0x100: { name: 'ERROR_WRONG_INF_STYLE', message: 'The style of the INF is different than what was requested.', hint: HINTS.syntax },
  0x101: { name: 'ERROR_SECTION_NOT_FOUND', message: 'The required section was not found in the INF.', hint: HINTS.sectionMissing },
  0x102: { name: 'ERROR_LINE_NOT_FOUND', message: 'The required line was not found in the INF.', hint: HINTS.lineMissing },
  0x103: {
    name: 'ERROR_NO_BACKUP',
    message: 'The files affected by the installation of this file queue have not been backed up for uninstall.',
  },
  0x200: {
    name: 'ERROR_NO_ASSOCIATED_CLASS',
    message: 'The INF or the device information set or element does not have an associated install class.',
    hint: HINTS.invalidClass,
  },
  0x201: {
    name: 'ERROR_CLASS_MISMATCH',
    message: 'The INF or the device information set or element does not match the specified install class.',
    hint: HINTS.invalidClass,
  },
  0x202: {
    name: 'ERROR_DUPLICATE_FOUND',
    message: 'An existing device was found that is a duplicate of the device being manually installed.',
    hint: HINTS.exists,
  },
  0x203: { name: 'ERROR_NO_DRIVER_SELECTED', message: 'There is no driver selected for the device information set or element.' },
  0x204: { name: 'ERROR_KEY_DOES_NOT_EXIST', message: 'The requested device registry key does not exist.' },
  0x205: { name: 'ERROR_INVALID_DEVINST_NAME', message: 'The device instance name is invalid.' },
  0x206: { name: 'ERROR_INVALID_CLASS', message: 'The install class is not present or is invalid.', hint: HINTS.invalidClass },
  0x207: {
    name: 'ERROR_DEVINST_ALREADY_EXISTS',
    message: 'The device instance cannot be created because it already exists.',
    hint: HINTS.exists,
  },
  0x208: {
    name: 'ERROR_DEVINFO_NOT_REGISTERED',
    message: 'The operation cannot be performed on a device information element that has not been registered.',
  },
  0x209: { name: 'ERROR_INVALID_REG_PROPERTY', message: 'The device property code is invalid.' },
  0x20a: { name: 'ERROR_NO_INF', message: 'The INF from which a driver list is to be built does not exist.', hint: HINTS.fileMissing },
  0x20b: { name: 'ERROR_NO_SUCH_DEVINST', message: 'The device instance does not exist in the hardware tree.', hint: HINTS.noDevice },
  0x20c: { name: 'ERROR_CANT_LOAD_CLASS_ICON', message: 'The icon representing this install class cannot be loaded.' },
  0x20d: { name: 'ERROR_INVALID_CLASS_INSTALLER', message: 'The class installer registry entry is invalid.' },
  0x20e: {
    name: 'ERROR_DI_DO_DEFAULT',
    message: 'The class installer has indicated that the default action should be performed for this installation request.',
  },
  0x20f: { name: 'ERROR_DI_NOFILECOPY', message: 'The operation does not require any files to be copied.' },
  0x210: { name: 'ERROR_INVALID_HWPROFILE', message: 'The specified hardware profile does not exist.' },
  0x211: {
    name: 'ERROR_NO_DEVICE_SELECTED',
    message: 'There is no device information element currently selected for this device information set.',
  },
  0x212: { name: 'ERROR_DEVINFO_LIST_LOCKED', message: 'The operation cannot be performed because the device information set is locked.' },
  0x213: {
    name: 'ERROR_DEVINFO_DATA_LOCKED',
    message: 'The operation cannot be performed because the device information element is locked.',
  },
  0x214: { name: 'ERROR_DI_BAD_PATH', message: 'The specified path does not contain any applicable device INFs.' },
  0x215: {
    name: 'ERROR_NO_CLASSINSTALL_PARAMS',
    message: 'No class installer parameters have been set for the device information set or element.',
  },
  0x216: { name: 'ERROR_FILEQUEUE_LOCKED', message: 'The operation cannot be performed because the file queue is locked.' },
  0x217: { name: 'ERROR_BAD_SERVICE_INSTALLSECT', message: 'A service installation section in this INF is invalid.', hint: HINTS.syntax },
  0x218: { name: 'ERROR_NO_CLASS_DRIVER_LIST', message: 'There is no class driver list for the device information element.' },
  0x219: {
    name: 'ERROR_NO_ASSOCIATED_SERVICE',
    message: 'The installation failed because a function driver was not specified for this device instance.',
  },
  0x21a: {
    name: 'ERROR_NO_DEFAULT_DEVICE_INTERFACE',
    message: 'There is presently no default device interface designated for this interface class.',
  },
  0x21b: {
    name: 'ERROR_DEVICE_INTERFACE_ACTIVE',
    message: 'The operation cannot be performed because the device interface is currently active.',
  },
  0x21c: {
    name: 'ERROR_DEVICE_INTERFACE_REMOVED',
    message: 'The operation cannot be performed because the device interface has been removed from the system.',
  },
  0x21d: {
    name: 'ERROR_BAD_INTERFACE_INSTALLSECT',
    message: 'An interface installation section in this INF is invalid.',
    hint: HINTS.syntax,
  },
  0x21e: {
    name: 'ERROR_NO_SUCH_INTERFACE_CLASS',
    message: 'This interface class does not exist in the system.',
    hint: HINTS.noInterfaceClass,
  },
  0x21f: {
    name: 'ERROR_INVALID_REFERENCE_STRING',
    message: 'The reference string supplied for this interface device is invalid.',
    hint: HINTS.referenceString,
  },
  0x220: { name: 'ERROR_INVALID_MACHINENAME', message: 'The specified machine name does not conform to UNC naming conventions.' },
  0x221: { name: 'ERROR_REMOTE_COMM_FAILURE', message: 'A general remote communication error occurred.' },
  0x222: { name: 'ERROR_MACHINE_UNAVAILABLE', message: 'The machine selected for remote communication is not available at this time.' },
  0x223: { name: 'ERROR_NO_CONFIGMGR_SERVICES', message: 'The Plug and Play service is not available on the remote machine.' },
  0x224: { name: 'ERROR_INVALID_PROPPAGE_PROVIDER', message: 'The property page provider registry entry is invalid.' },
  0x225: { name: 'ERROR_NO_SUCH_DEVICE_INTERFACE', message: 'The requested device interface is not present in the system.' },
  0x226: {
    name: 'ERROR_DI_POSTPROCESSING_REQUIRED',
    message: "The device's co-installer has additional work to perform after installation is complete.",
  },
  0x227: { name: 'ERROR_INVALID_COINSTALLER', message: "The device's co-installer is invalid." },
  0x228: { name: 'ERROR_NO_COMPAT_DRIVERS', message: 'There are no compatible drivers for this device.' },
  0x229: { name: 'ERROR_NO_DEVICE_ICON', message: 'There is no icon that represents this device or device type.' },
  0x22a: { name: 'ERROR_INVALID_INF_LOGCONFIG', message: 'A logical configuration specified in this INF is invalid.' },
  0x22b: { name: 'ERROR_DI_DONT_INSTALL', message: 'The class installer has denied the request to install or upgrade this device.' },
  0x22c: { name: 'ERROR_INVALID_FILTER_DRIVER', message: 'One of the filter drivers installed for this device is invalid.' },
  0x22d: { name: 'ERROR_NON_WINDOWS_NT_DRIVER', message: 'The driver selected for this device does not support this version of Windows.' },
  0x22e: { name: 'ERROR_NON_WINDOWS_DRIVER', message: 'The driver selected for this device does not support Windows.' },
  0x22f: {
    name: 'ERROR_NO_CATALOG_FOR_OEM_INF',
    message: 'The third-party INF does not contain digital signature information.',
    hint: HINTS.unsigned,
  },
  0x230: {
    name: 'ERROR_DEVINSTALL_QUEUE_NONNATIVE',
    message:
      'An invalid attempt was made to use a device installation file queue for verification of digital signatures relative to other platforms.',
  },
  0x231: { name: 'ERROR_NOT_DISABLEABLE', message: 'The device cannot be disabled.' },
  0x232: { name: 'ERROR_CANT_REMOVE_DEVINST', message: 'The device could not be dynamically removed.' },
  0x233: { name: 'ERROR_INVALID_TARGET', message: 'Cannot copy to specified target.' },
  0x234: { name: 'ERROR_DRIVER_NONNATIVE', message: 'The driver is not intended for this platform.' },
  0x235: { name: 'ERROR_IN_WOW64', message: 'The operation is not allowed in WOW64.', hint: HINTS.wow64 },
  0x236: {
    name: 'ERROR_SET_SYSTEM_RESTORE_POINT',
    message: 'The operation involving unsigned file copying was rolled back, so that a system restore point could be set.',
  },
  0x237: { name: 'ERROR_INCORRECTLY_COPIED_INF', message: 'An INF was copied into the Windows INF directory in an improper manner.' },
  0x238: {
    name: 'ERROR_SCE_DISABLED',
    message: 'The Security Configuration Editor (SCE) APIs have been disabled on this Embedded product.',
  },
  0x239: { name: 'ERROR_UNKNOWN_EXCEPTION', message: 'An unknown exception was encountered.' },
  0x23a: { name: 'ERROR_PNP_REGISTRY_ERROR', message: 'A problem was encountered when accessing the Plug and Play registry database.' },
  0x23b: { name: 'ERROR_REMOTE_REQUEST_UNSUPPORTED', message: 'The requested operation is not supported for a remote machine.' },
  0x23c: {
    name: 'ERROR_NOT_AN_INSTALLED_OEM_INF',
    message: 'The specified file is not an installed original equipment manufacturer (OEM) INF.',
    hint: HINTS.notOemInf,
  },
  0x23d: {
    name: 'ERROR_INF_IN_USE_BY_DEVICES',
    message: 'One or more devices are presently installed using the specified INF.',
    hint: HINTS.infInUse,
  },
  0x23e: { name: 'ERROR_DI_FUNCTION_OBSOLETE', message: 'The requested device install operation is obsolete.' },
  0x23f: {
    name: 'ERROR_NO_AUTHENTICODE_CATALOG',
    message: 'A file could not be verified because it does not have an associated catalog signed via Authenticode(tm).',
    hint: HINTS.unsigned,
  },
  0x240: {
    name: 'ERROR_AUTHENTICODE_DISALLOWED',
    message: 'Authenticode(tm) signature verification is not supported for the specified INF.',
    hint: HINTS.unsigned,
  },
  0x241: {
    name: 'ERROR_AUTHENTICODE_TRUSTED_PUBLISHER',
    message: 'The INF was signed with an Authenticode(tm) catalog from a trusted publisher.',
  },
  0x242: {
    name: 'ERROR_AUTHENTICODE_TRUST_NOT_ESTABLISHED',
    message: 'The publisher of an Authenticode(tm)-signed catalog has not yet been established as trusted.',
    hint: HINTS.unsigned,
  },
  0x243: {
    name: 'ERROR_AUTHENTICODE_PUBLISHER_NOT_TRUSTED',
    message: 'The publisher of an Authenticode(tm)-signed catalog was not established as trusted.',
    hint: HINTS.unsigned,
  },
  0x244: {
    name: 'ERROR_SIGNATURE_OSATTRIBUTE_MISMATCH',
    message:
      'The software was tested for compliance with Windows logo requirements on a different version of Windows, and may not be compatible with this version.',
  },
  0x245: {
    name: 'ERROR_ONLY_VALIDATE_VIA_AUTHENTICODE',
    message: 'The file may only be validated by a catalog signed via Authenticode(tm).',
    hint: HINTS.unsigned,
  },
  0x246: {
    name: 'ERROR_DEVICE_INSTALLER_NOT_READY',
    message: 'One of the installers for this device cannot perform the installation at this time.',
    hint: HINTS.pendingInstalls,
  },
  0x247: {
    name: 'ERROR_DRIVER_STORE_ADD_FAILED',
    message: 'A problem was encountered while attempting to add the driver to the store.',
    hint: HINTS.unsigned,
  },
  0x248: { name: 'ERROR_DEVICE_INSTALL_BLOCKED', message: 'The installation of this device is forbidden by system policy.' },
  0x249: { name: 'ERROR_DRIVER_INSTALL_BLOCKED', message: 'The installation of this driver is forbidden by system policy.' },
  0x24a: { name: 'ERROR_WRONG_INF_TYPE', message: 'The specified INF is the wrong type for this operation.' },
  0x24b: {
    name: 'ERROR_FILE_HASH_NOT_IN_CATALOG',
    message: 'The hash for the file is not present in the specified catalog file.',
    hint: HINTS.unsigned,
  },
  0x24c: {
    name: 'ERROR_DRIVER_STORE_DELETE_FAILED',
    message: 'A problem was encountered while attempting to delete the driver from the store.',
  },
  0x300: { name: 'ERROR_UNRECOVERABLE_STACK_OVERFLOW', message: 'An unrecoverable stack overflow was encountered.' },
  0x1000: { name: 'ERROR_NOT_INSTALLED', message: 'No installed components were detected.' },
};

interface ConfigRetEntry extends WinErrorEntry {
  /** What CM_MapCrToWin32Err returns for it; absent: the call site's default. */
  win32?: number;
}

/** CONFIGRET values (cfgmgr32.h), with CM_MapCrToWin32Err's mapping where it has one. */
const CONFIGRET: Record<number, ConfigRetEntry> = {
  0x00: { name: 'CR_SUCCESS', message: 'The operation succeeded.', win32: 0 },
  0x01: { name: 'CR_DEFAULT', message: 'The default action was taken.' },
  0x02: { name: 'CR_OUT_OF_MEMORY', message: 'Out of memory.', win32: 8 },
  0x03: { name: 'CR_INVALID_POINTER', message: 'An invalid pointer was passed.', win32: 1784 },
  0x04: { name: 'CR_INVALID_FLAG', message: 'An invalid flag was passed.', win32: 1004 },
  0x05: { name: 'CR_INVALID_DEVNODE', message: 'The device node is invalid.', win32: 13 },
  0x06: { name: 'CR_INVALID_RES_DES', message: 'The resource descriptor is invalid.' },
  0x07: { name: 'CR_INVALID_LOG_CONF', message: 'The logical configuration is invalid.' },
  0x08: { name: 'CR_INVALID_ARBITRATOR', message: 'The arbitrator is invalid.' },
  0x09: { name: 'CR_INVALID_NODELIST', message: 'The node list is invalid.' },
  0x0a: { name: 'CR_DEVNODE_HAS_REQS', message: 'The device node has requirements.' },
  0x0b: { name: 'CR_INVALID_RESOURCEID', message: 'The resource ID is invalid.' },
  0x0c: { name: 'CR_DLVXD_NOT_FOUND', message: 'The dynamically loadable VxD was not found.' },
  0x0d: { name: 'CR_NO_SUCH_DEVNODE', message: 'No such device node.', win32: 1168, hint: HINTS.noDevice },
  0x0e: { name: 'CR_NO_MORE_LOG_CONF', message: 'No more logical configurations.' },
  0x0f: { name: 'CR_NO_MORE_RES_DES', message: 'No more resource descriptors.' },
  0x10: { name: 'CR_ALREADY_SUCH_DEVNODE', message: 'The device node already exists.', win32: 183, hint: HINTS.exists },
  0x11: { name: 'CR_INVALID_RANGE_LIST', message: 'The range list is invalid.' },
  0x12: { name: 'CR_INVALID_RANGE', message: 'The range is invalid.' },
  0x13: { name: 'CR_FAILURE', message: 'The configuration manager call failed.' },
  0x14: { name: 'CR_NO_SUCH_LOGICAL_DEV', message: 'No such logical device.' },
  0x15: { name: 'CR_CREATE_BLOCKED', message: 'Device node creation is blocked.' },
  0x16: { name: 'CR_NOT_SYSTEM_VM', message: 'Not the system virtual machine.' },
  0x17: { name: 'CR_REMOVE_VETOED', message: 'The removal was vetoed.' },
  0x18: { name: 'CR_APM_VETOED', message: 'APM vetoed the operation.' },
  0x19: { name: 'CR_INVALID_LOAD_TYPE', message: 'The load type is invalid.' },
  0x1a: { name: 'CR_BUFFER_SMALL', message: 'The buffer is too small.', win32: 122 },
  0x1b: { name: 'CR_NO_ARBITRATOR', message: 'No arbitrator.' },
  0x1c: { name: 'CR_NO_REGISTRY_HANDLE', message: 'No registry handle.', win32: 6 },
  0x1d: { name: 'CR_REGISTRY_ERROR', message: 'A registry error occurred.', win32: 1015 },
  0x1e: { name: 'CR_INVALID_DEVICE_ID', message: 'The device instance ID is invalid.', win32: 13 },
  0x1f: { name: 'CR_INVALID_DATA', message: 'The data is invalid.' },
  0x20: { name: 'CR_INVALID_API', message: 'The API is invalid.' },
  0x21: { name: 'CR_DEVLOADER_NOT_READY', message: 'The device loader is not ready.' },
  0x22: { name: 'CR_NEED_RESTART', message: 'A restart is needed.' },
  0x23: { name: 'CR_NO_MORE_HW_PROFILES', message: 'No more hardware profiles.' },
  0x24: { name: 'CR_DEVICE_NOT_THERE', message: 'The device is not there.' },
  0x25: { name: 'CR_NO_SUCH_VALUE', message: 'No such value.', win32: 1168 },
  0x26: { name: 'CR_WRONG_TYPE', message: 'Wrong type.' },
  0x27: { name: 'CR_INVALID_PRIORITY', message: 'The priority is invalid.' },
  0x28: { name: 'CR_NOT_DISABLEABLE', message: 'The device cannot be disabled.' },
  0x29: { name: 'CR_FREE_RESOURCES', message: 'Free the resources.' },
  0x2a: { name: 'CR_QUERY_VETOED', message: 'The query was vetoed.' },
  0x2b: { name: 'CR_CANT_SHARE_IRQ', message: 'The IRQ cannot be shared.' },
  0x2c: { name: 'CR_NO_DEPENDENT', message: 'No dependent.' },
  0x2d: { name: 'CR_SAME_RESOURCES', message: 'Same resources.' },
  0x2e: { name: 'CR_NO_SUCH_REGISTRY_KEY', message: 'No such registry key.', win32: 2 },
  0x2f: { name: 'CR_INVALID_MACHINENAME', message: 'The machine name is invalid.', win32: 13 },
  0x30: { name: 'CR_REMOTE_COMM_FAILURE', message: 'Remote communication failed.', win32: 1062 },
  0x31: { name: 'CR_MACHINE_UNAVAILABLE', message: 'The machine is unavailable.', win32: 1062 },
  0x32: { name: 'CR_NO_CM_SERVICES', message: 'The Plug and Play service is not available.', win32: 1062 },
  0x33: { name: 'CR_ACCESS_DENIED', message: 'Access denied.', win32: 5, hint: HINTS.notElevated },
  0x34: { name: 'CR_CALL_NOT_IMPLEMENTED', message: 'The call is not implemented.', win32: 120 },
  0x35: { name: 'CR_INVALID_PROPERTY', message: 'The property is invalid.', win32: 13 },
  0x36: { name: 'CR_DEVICE_INTERFACE_ACTIVE', message: 'The device interface is active.' },
  0x37: { name: 'CR_NO_SUCH_DEVICE_INTERFACE', message: 'No such device interface.', win32: 1168 },
  0x38: { name: 'CR_INVALID_REFERENCE_STRING', message: 'The reference string is invalid.', win32: 13, hint: HINTS.referenceString },
  0x39: { name: 'CR_INVALID_CONFLICT_LIST', message: 'The conflict list is invalid.' },
  0x3a: { name: 'CR_INVALID_INDEX', message: 'The index is invalid.' },
  0x3b: { name: 'CR_INVALID_STRUCTURE_SIZE', message: 'The structure size is invalid.' },
};

/** Named codes for backends and tests, so no one writes 0xE0000101 by hand. */
export const ERR = {
  SUCCESS: 0,
  INVALID_FUNCTION: 1,
  FILE_NOT_FOUND: 2,
  PATH_NOT_FOUND: 3,
  ACCESS_DENIED: 5,
  INVALID_HANDLE: 6,
  INVALID_DATA: 13,
  GEN_FAILURE: 31,
  FILE_EXISTS: 80,
  INVALID_PARAMETER: 87,
  CALL_NOT_IMPLEMENTED: 120,
  INSUFFICIENT_BUFFER: 122,
  PROC_NOT_FOUND: 127,
  ALREADY_EXISTS: 183,
  MORE_DATA: 234,
  WAIT_TIMEOUT: 258,
  NO_MORE_ITEMS: 259,
  ELEVATION_REQUIRED: 740,
  NOT_FOUND: 1168,
  SUCCESS_REBOOT_REQUIRED: 3010,
  EXPECTED_SECTION_NAME: 0xe0000000,
  BAD_SECTION_NAME_LINE: 0xe0000001,
  GENERAL_SYNTAX: 0xe0000003,
  WRONG_INF_STYLE: 0xe0000100,
  SECTION_NOT_FOUND: 0xe0000101,
  LINE_NOT_FOUND: 0xe0000102,
  INVALID_CLASS: 0xe0000206,
  DEVINST_ALREADY_EXISTS: 0xe0000207,
  NO_SUCH_DEVINST: 0xe000020b,
  INVALID_CLASS_INSTALLER: 0xe000020d,
  DI_DO_DEFAULT: 0xe000020e,
  NO_SUCH_INTERFACE_CLASS: 0xe000021e,
  INVALID_REFERENCE_STRING: 0xe000021f,
  NO_SUCH_DEVICE_INTERFACE: 0xe0000225,
  NO_CATALOG_FOR_OEM_INF: 0xe000022f,
  IN_WOW64: 0xe0000235,
  NOT_AN_INSTALLED_OEM_INF: 0xe000023c,
  INF_IN_USE_BY_DEVICES: 0xe000023d,
} as const;

/** The trust and certificate-store HRESULTs the backends test for (as unsigned numbers). */
export const HRESULT = {
  TRUST_E_SUBJECT_NOT_TRUSTED: 0x800b0004,
  TRUST_E_NOSIGNATURE: 0x800b0100,
  CERT_E_UNTRUSTEDROOT: 0x800b0109,
  CRYPT_E_NOT_FOUND: 0x80092004,
  CRYPT_E_EXISTS: 0x80092005,
} as const;

export const CR = {
  SUCCESS: 0x00,
  /** Also CR_NO_SUCH_DEVINST. */
  NO_SUCH_DEVNODE: 0x0d,
  FAILURE: 0x13,
  BUFFER_SMALL: 0x1a,
  NO_SUCH_VALUE: 0x25,
  NO_SUCH_REGISTRY_KEY: 0x2e,
  NO_CM_SERVICES: 0x32,
  ACCESS_DENIED: 0x33,
  CALL_NOT_IMPLEMENTED: 0x34,
  NO_SUCH_DEVICE_INTERFACE: 0x37,
  INVALID_REFERENCE_STRING: 0x38,
} as const;

function hex8(code: number): string {
  return `0x${(code >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

/** True for SetupAPI's own codes (APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR set). */
export function isSetupapiCode(code: number): boolean {
  return ((code >>> 0) & SETUPAPI_BASE) >>> 0 === SETUPAPI_BASE;
}

/**
 * HRESULT_FROM_SETUPAPI: the HRESULT FormatMessage knows a SetupAPI code by
 * (0x800F0000 | low 16 bits); other codes go through HRESULT_FROM_WIN32.
 */
export function hresultFromSetupapi(code: number): number {
  const c = code >>> 0;
  if (isSetupapiCode(c)) return (0x800f0000 | (c & 0xffff)) >>> 0;
  return hresultFromWin32(c);
}

/** HRESULT_FROM_WIN32: values that already are HRESULTs (or 0) pass unchanged. */
export function hresultFromWin32(code: number): number {
  const c = code >>> 0;
  if (c === 0 || (c & 0x80000000) !== 0) return c;
  return (0x80070000 | (c & 0xffff)) >>> 0;
}

/** CM_MapCrToWin32Err: the Win32 error for a CONFIGRET, or `defaultError` when it has none. */
export function crToWin32(cr: number, defaultError: number): number {
  return CONFIGRET[cr >>> 0]?.win32 ?? defaultError;
}

/** The table entry of a code, or a made-up name for an unknown one (never throws). */
export function describeWinError(code: number, source?: WinErrorSource): WinErrorEntry {
  const c = code >>> 0;
  const src = source ?? sourceOf(c);
  if (src === 'configret') {
    return CONFIGRET[c] ?? { name: `CR_${hex8(c)}`, message: `Unknown CONFIGRET ${hex8(c)}.` };
  }
  if (src === 'setupapi' || isSetupapiCode(c)) {
    const entry = isSetupapiCode(c) ? SETUPAPI[c & 0x0fffffff] : undefined;
    return entry ?? { name: `SPAPI_${hex8(c)}`, message: `Unknown SetupAPI error ${hex8(c)}.` };
  }
  return WIN32[c] ?? { name: `WIN32_${c > 0xffff ? hex8(c) : c}`, message: `Unknown error ${c > 0xffff ? hex8(c) : c}.` };
}

/** The symbolic name of a code: ERROR_SECTION_NOT_FOUND, CR_NO_SUCH_VALUE, ... */
export function winErrorName(code: number, source?: WinErrorSource): string {
  return describeWinError(code, source).name;
}

function sourceOf(code: number): WinErrorSource {
  return isSetupapiCode(code) ? 'setupapi' : 'win32';
}

/**
 * The code to hand FormatMessage for this failure: HRESULT_FROM_SETUPAPI for 0xE000xxxx
 * codes, CM_MapCrToWin32Err(cr, ERROR_INVALID_DATA) for CONFIGRET, the code itself otherwise.
 */
export function systemMessageCode(code: number, source?: WinErrorSource): number {
  const c = code >>> 0;
  const src = source ?? sourceOf(c);
  if (src === 'configret') return crToWin32(c, ERR.INVALID_DATA);
  if (src === 'setupapi') return hresultFromSetupapi(c);
  return c;
}

export interface WinErrorOptions {
  /** The system message (FormatMessage); the table's text is used when absent or empty. */
  message?: string;
  /** 'configret' for CONFIGRET values; otherwise inferred from the code. */
  source?: WinErrorSource;
  /** A hint for this call site; overrides the code's usual hint. */
  hint?: string;
  /** Whether the process is elevated: access-denied failures only blame elevation when it is not. */
  elevated?: boolean;
}

const ACCESS_CODES = new Set<string>(['ERROR_ACCESS_DENIED', 'CR_ACCESS_DENIED', 'ERROR_ELEVATION_REQUIRED']);

/** Builds the WinError for `code` returned by `api`: name, message and hint from the tables. */
export function winErrorFrom(code: number, api: string, options: WinErrorOptions = {}): WinError {
  const c = code >>> 0;
  const source = options.source ?? sourceOf(c);
  const entry = describeWinError(c, source);
  const message = options.message?.trim() || entry.message;
  let hint = options.hint ?? entry.hint;
  if (options.hint === undefined && options.elevated === true && ACCESS_CODES.has(entry.name)) {
    // Elevated and still denied: something else holds the key or file.
    hint = 'The process is elevated: another program or a security policy holds this object.';
  }
  return new WinError({ code: c, name: entry.name, message, api, source, ...(hint !== undefined && { hint }) });
}
