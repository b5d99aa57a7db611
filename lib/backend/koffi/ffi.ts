// The koffi primitives' whole Win32 surface in one place: every function they call, declared
// once, plus the small helpers that turn a failed call into a PrimitiveError with its raw code.
//
// Conventions that keep the declarations simple and the same on x64, x86 and arm64:
// - Every handle (HDEVINFO, HINF, HSPFILEQ, HKEY, HANDLE, contexts) is an intptr_t, so it
//   is a JS number; INVALID_HANDLE_VALUE is -1 and HKEY_LOCAL_MACHINE is (int32)0x80000002.
// - GUIDs and SetupAPI structs are Buffers laid out by hand (see the struct helpers below):
//   koffi passes a Buffer to a `void *` parameter by reference, so the callee fills it in.
// - Structs that point to other memory (WINTRUST_DATA, CRYPT_HASH_BLOB) are koffi struct
//   types instead, passed as JS objects: koffi keeps what they point to alive for the call.
// - Strings in are JS strings (`const char16_t *`); strings out are Buffers decoded as UTF-16.
// koffi keeps the thread's last Win32 error across its own work (since koffi 2.6.10), so
// GetLastError() right after a call returns that call's error.
import { createRequire } from 'node:module';
import { PrimitiveError } from '../errors.js';
import { ERR } from '../winerror-table.js';
import { fromWide, wideBuffer } from '../../base/utf16.js';

// koffi's types, loaded only for their shape: the module itself is loaded at run time.
type Koffi = typeof import('koffi');
type KoffiFunction = (...args: unknown[]) => unknown;
type KoffiType = ReturnType<Koffi['type']>;

/** File-queue callback prototype (PSP_FILE_CALLBACK_W). */
const FILE_CALLBACK = 'uint32_t __stdcall SP_FILE_CALLBACK_W(intptr_t Context, uint32_t Notification, void *Param1, void *Param2)';

const PROTOTYPES = {
  kernel32: [
    'uint32_t __stdcall GetLastError()',
    'void __stdcall SetLastError(uint32_t code)',
    'uint32_t __stdcall FormatMessageW(uint32_t flags, void *source, uint32_t id, uint32_t lang, void *buf, uint32_t size, void *args)',
    'int __stdcall CloseHandle(intptr_t h)',
    'intptr_t __stdcall GetCurrentProcess()',
    'uint32_t __stdcall GetWindowsDirectoryW(void *buf, uint32_t size)',
    'uint32_t __stdcall GetFileAttributesW(const char16_t *path)',
    'intptr_t __stdcall FindFirstFileW(const char16_t *pattern, void *data)',
    'int __stdcall FindNextFileW(intptr_t find, void *data)',
    'int __stdcall FindClose(intptr_t find)',
  ],
  advapi32: [
    'int __stdcall OpenProcessToken(intptr_t process, uint32_t access, _Out_ intptr_t *token)',
    'int __stdcall GetTokenInformation(intptr_t token, uint32_t cls, void *buf, uint32_t len, _Out_ uint32_t *ret)',
    'int32_t __stdcall RegOpenKeyExW(intptr_t key, const char16_t *sub, uint32_t options, uint32_t sam, _Out_ intptr_t *result)',
    'int32_t __stdcall RegCreateKeyExW(intptr_t key, const char16_t *sub, uint32_t reserved, const char16_t *cls, uint32_t options, uint32_t sam, void *sa, _Out_ intptr_t *result, _Out_ uint32_t *disposition)',
    'int32_t __stdcall RegCloseKey(intptr_t key)',
    'int32_t __stdcall RegSetValueExW(intptr_t key, const char16_t *name, uint32_t reserved, uint32_t type, const void *data, uint32_t size)',
    'int32_t __stdcall RegDeleteValueW(intptr_t key, const char16_t *name)',
    'int32_t __stdcall RegDeleteTreeW(intptr_t key, const char16_t *sub)',
    'int32_t __stdcall RegDeleteKeyW(intptr_t key, const char16_t *sub)',
    'int32_t __stdcall RegEnumKeyExW(intptr_t key, uint32_t index, void *name, _Inout_ uint32_t *nameLen, void *reserved, void *cls, void *clsLen, void *lastWrite)',
    'int32_t __stdcall RegEnumValueW(intptr_t key, uint32_t index, void *name, _Inout_ uint32_t *nameLen, void *reserved, _Out_ uint32_t *type, void *data, _Inout_ uint32_t *dataLen)',
    'int32_t __stdcall RegQueryInfoKeyW(intptr_t key, void *cls, void *clsLen, void *reserved, _Out_ uint32_t *subKeys, _Out_ uint32_t *maxSubKeyLen, _Out_ uint32_t *maxClassLen, _Out_ uint32_t *values, _Out_ uint32_t *maxValueNameLen, _Out_ uint32_t *maxValueLen, void *sd, void *lastWrite)',
  ],
  setupapi: [
    // Device information sets
    'intptr_t __stdcall SetupDiCreateDeviceInfoList(const void *classGuid, intptr_t hwnd)',
    'int __stdcall SetupDiDestroyDeviceInfoList(intptr_t set)',
    'intptr_t __stdcall SetupDiGetClassDevsW(const void *classGuid, const char16_t *enumerator, intptr_t hwnd, uint32_t flags)',
    'int __stdcall SetupDiEnumDeviceInfo(intptr_t set, uint32_t index, void *devinfo)',
    'int __stdcall SetupDiEnumDeviceInterfaces(intptr_t set, void *devinfo, const void *guid, uint32_t index, void *ifdata)',
    'int __stdcall SetupDiGetDeviceInterfaceDetailW(intptr_t set, void *ifdata, void *detail, uint32_t size, _Out_ uint32_t *required, void *devinfo)',
    'int __stdcall SetupDiOpenDeviceInterfaceW(intptr_t set, const char16_t *path, uint32_t flags, void *ifdata)',
    'int __stdcall SetupDiGetDeviceInstanceIdW(intptr_t set, void *devinfo, void *buf, uint32_t size, _Out_ uint32_t *required)',
    'int __stdcall SetupDiOpenDeviceInfoW(intptr_t set, const char16_t *id, intptr_t hwnd, uint32_t flags, void *devinfo)',
    'int __stdcall SetupDiCreateDeviceInfoW(intptr_t set, const char16_t *name, const void *guid, const char16_t *desc, intptr_t hwnd, uint32_t flags, void *devinfo)',
    'int __stdcall SetupDiSetDeviceRegistryPropertyW(intptr_t set, void *devinfo, uint32_t property, const void *buf, uint32_t size)',
    'int __stdcall SetupDiGetDeviceRegistryPropertyW(intptr_t set, void *devinfo, uint32_t property, _Out_ uint32_t *type, void *buf, uint32_t size, _Out_ uint32_t *required)',
    'int __stdcall SetupDiGetDevicePropertyW(intptr_t set, void *devinfo, const void *key, _Out_ uint32_t *type, void *buf, uint32_t size, _Out_ uint32_t *required, uint32_t flags)',
    'int __stdcall SetupDiCallClassInstaller(uint32_t dif, intptr_t set, void *devinfo)',
    'int __stdcall SetupDiSetClassInstallParamsW(intptr_t set, void *devinfo, const void *params, uint32_t size)',
    'int __stdcall SetupDiGetDeviceInstallParamsW(intptr_t set, void *devinfo, void *params)',
    'int __stdcall SetupDiCreateDeviceInterfaceW(intptr_t set, void *devinfo, const void *guid, const char16_t *ref, uint32_t flags, void *ifdata)',
    // Classes
    'int __stdcall SetupDiBuildClassInfoListExW(uint32_t flags, void *list, uint32_t size, _Out_ uint32_t *required, const char16_t *machine, void *reserved)',
    'int __stdcall SetupDiClassNameFromGuidW(const void *guid, void *buf, uint32_t size, _Out_ uint32_t *required)',
    'int __stdcall SetupDiGetClassDescriptionW(const void *guid, void *buf, uint32_t size, _Out_ uint32_t *required)',
    'int __stdcall SetupDiClassGuidsFromNameW(const char16_t *name, void *list, uint32_t size, _Out_ uint32_t *required)',
    'intptr_t __stdcall SetupDiOpenClassRegKeyExW(const void *guid, uint32_t sam, uint32_t flags, const char16_t *machine, void *reserved)',
    'int __stdcall SetupDiInstallClassW(intptr_t hwnd, const char16_t *inf, uint32_t flags, intptr_t queue)',
    'int __stdcall SetupDiInstallClassExW(intptr_t hwnd, const char16_t *inf, uint32_t flags, intptr_t queue, const void *interfaceGuid, void *reserved1, void *reserved2)',
    'int __stdcall SetupDiGetINFClassW(const char16_t *inf, void *guid, void *name, uint32_t size, _Out_ uint32_t *required)',
    'int __stdcall SetupDiGetActualSectionToInstallW(intptr_t hinf, const char16_t *section, void *buf, uint32_t size, _Out_ uint32_t *required, void *extension)',
    // INF files
    'intptr_t __stdcall SetupOpenInfFileW(const char16_t *name, const char16_t *cls, uint32_t style, _Out_ uint32_t *errorLine)',
    'void __stdcall SetupCloseInfFile(intptr_t hinf)',
    'int32_t __stdcall SetupGetLineCountW(intptr_t hinf, const char16_t *section)',
    'int __stdcall SetupFindFirstLineW(intptr_t hinf, const char16_t *section, const char16_t *key, void *context)',
    'int __stdcall SetupFindNextLine(const void *contextIn, void *contextOut)',
    'uint32_t __stdcall SetupGetFieldCount(const void *context)',
    'int __stdcall SetupGetStringFieldW(const void *context, uint32_t index, void *buf, uint32_t size, _Out_ uint32_t *required)',
    'int __stdcall SetupGetLineTextW(const void *context, intptr_t hinf, const char16_t *section, const char16_t *key, void *buf, uint32_t size, _Out_ uint32_t *required)',
    // Installing sections
    'intptr_t __stdcall SetupOpenFileQueue()',
    'int __stdcall SetupCloseFileQueue(intptr_t queue)',
    'int __stdcall SetupCommitFileQueueW(intptr_t hwnd, intptr_t queue, SP_FILE_CALLBACK_W *callback, intptr_t context)',
    'intptr_t __stdcall SetupInitDefaultQueueCallbackEx(intptr_t hwnd, intptr_t alternate, uint32_t msg, uint32_t reserved, void *reserved2)',
    'void __stdcall SetupTermDefaultQueueCallback(intptr_t context)',
    'uint32_t __stdcall SetupDefaultQueueCallbackW(intptr_t context, uint32_t notification, void *param1, void *param2)',
    'int __stdcall SetupInstallFromInfSectionW(intptr_t hwnd, intptr_t hinf, const char16_t *section, uint32_t flags, intptr_t relativeKey, const char16_t *source, uint32_t copyFlags, SP_FILE_CALLBACK_W *callback, intptr_t context, intptr_t devset, void *devinfo)',
    'int __stdcall SetupInstallServicesFromInfSectionW(intptr_t hinf, const char16_t *section, uint32_t flags)',
    'void __stdcall InstallHinfSectionW(intptr_t hwnd, intptr_t hinst, const char16_t *cmdline, int show)',
    // Driver packages
    'int __stdcall SetupCopyOEMInfW(const char16_t *source, const char16_t *media, uint32_t mediaType, uint32_t style, void *dest, uint32_t size, _Out_ uint32_t *required, void *component)',
    'int __stdcall SetupGetInfInformationW(const char16_t *spec, uint32_t search, void *buf, uint32_t size, _Out_ uint32_t *required)',
    'int __stdcall SetupQueryInfOriginalFileInformationW(const void *info, uint32_t index, void *altPlatform, void *original)',
    'int __stdcall SetupUninstallOEMInfW(const char16_t *name, uint32_t flags, void *reserved)',
  ],
  cfgmgr32: [
    'uint32_t __stdcall CM_Get_Device_Interface_List_SizeW(_Out_ uint32_t *length, const void *guid, const char16_t *deviceId, uint32_t flags)',
    'uint32_t __stdcall CM_Get_Device_Interface_ListW(const void *guid, const char16_t *deviceId, void *buf, uint32_t length, uint32_t flags)',
    'uint32_t __stdcall CMP_WaitNoPendingInstallEvents(uint32_t timeout)',
    'uint32_t __stdcall CM_Get_DevNode_Status(_Out_ uint32_t *status, _Out_ uint32_t *problem, uint32_t devInst, uint32_t flags)',
    'uint32_t __stdcall CM_Get_DevNode_PropertyW(uint32_t devInst, const void *key, _Out_ uint32_t *type, void *buf, _Inout_ uint32_t *size, uint32_t flags)',
    'uint32_t __stdcall CM_Locate_DevNodeW(_Out_ uint32_t *devInst, const char16_t *id, uint32_t flags)',
    'uint32_t __stdcall CM_Reenumerate_DevNode(uint32_t devInst, uint32_t flags)',
  ],
  newdev: [
    'int __stdcall UpdateDriverForPlugAndPlayDevicesW(intptr_t hwnd, const char16_t *hardwareId, const char16_t *inf, uint32_t flags, _Out_ int *reboot)',
    'int __stdcall DiInstallDriverW(intptr_t hwnd, const char16_t *inf, uint32_t flags, _Out_ int *reboot)',
  ],
  wintrust: ['int32_t __stdcall WinVerifyTrust(intptr_t hwnd, const void *action, _Inout_ WINTRUST_DATA *data)'],
  crypt32: [
    'intptr_t __stdcall CertOpenStore(intptr_t provider, uint32_t encoding, intptr_t cryptProv, uint32_t flags, const char16_t *name)',
    'int __stdcall CertCloseStore(intptr_t store, uint32_t flags)',
    'intptr_t __stdcall CertEnumCertificatesInStore(intptr_t store, intptr_t previous)',
    'int __stdcall CertAddEncodedCertificateToStore(intptr_t store, uint32_t encoding, const void *der, uint32_t size, uint32_t disposition, void *added)',
    'intptr_t __stdcall CertFindCertificateInStore(intptr_t store, uint32_t encoding, uint32_t flags, uint32_t type, const CRYPT_HASH_BLOB *para, intptr_t previous)',
    'int __stdcall CertDeleteCertificateFromStore(intptr_t context)',
  ],
  ntdll: [
    'int32_t __stdcall NtQuerySystemInformation(uint32_t cls, void *info, uint32_t size, void *returned)',
    'uint32_t __stdcall RtlNtStatusToDosError(int32_t status)',
  ],
} as const;

type Prototype = (typeof PROTOTYPES)[keyof typeof PROTOTYPES][number];
/** The function name inside a prototype string: 'int __stdcall Foo(...)' → 'Foo'. */
type NameOf<P extends string> = P extends `${string}__stdcall ${infer N}(${string}` ? N : never;
export type ApiName = NameOf<Prototype>;
export type Api = Record<ApiName, KoffiFunction>;

export interface Ffi {
  koffi: Koffi;
  api: Api;
  /** The functions a DLL of this system lacks (calling one throws ERROR_PROC_NOT_FOUND). */
  missing: Set<ApiName>;
  /** Wine's version when running on Wine (ntdll exports wine_get_version). */
  wineVersion: string | undefined;
  /** Whether the process token is elevated (TokenElevation). */
  elevated: boolean;
  pointerSize: number;
  /** koffi prototype of PSP_FILE_CALLBACK_W, for koffi.register. */
  fileCallback: KoffiType;
  /** FILEPATHS_W and SOURCE_MEDIA_W, for decoding queue notifications. */
  filePaths: KoffiType;
  sourceMedia: KoffiType;
}

let loaded: Ffi | Error | undefined;

/**
 * Loads koffi and binds every function, once per process; throws a plain Error saying why
 * when it cannot (and the same Error again on later calls: koffi's named types are global).
 */
export function loadFfi(): Ffi {
  if (loaded instanceof Error) throw loaded;
  if (loaded) return loaded;
  try {
    loaded = bind();
  } catch (e) {
    loaded = e instanceof Error ? e : new Error(String(e));
    throw loaded;
  }
  return loaded;
}

function bind(): Ffi {
  if (process.platform !== 'win32') throw new Error(`koffi backend needs Windows, this is ${process.platform}`);
  const require = createRequire(import.meta.url);
  let koffi: Koffi;
  try {
    koffi = require('koffi') as Koffi;
  } catch (e) {
    throw new Error(`the koffi package could not be loaded for win32-${process.arch}: ${(e as Error).message}`);
  }
  koffi.proto(FILE_CALLBACK);
  const filePaths = koffi.struct('FILEPATHS_W', {
    Target: 'const char16_t *',
    Source: 'const char16_t *',
    Win32Error: 'uint32_t',
    Flags: 'uint32_t',
  });
  const sourceMedia = koffi.struct('SOURCE_MEDIA_W', {
    Reserved: 'const char16_t *',
    Tagfile: 'const char16_t *',
    Description: 'const char16_t *',
    SourcePath: 'const char16_t *',
    SourceFile: 'const char16_t *',
    Flags: 'uint32_t',
  });
  // The trust structs (./trust.ts): koffi fills them from JS objects, strings and nested
  // structs included, for the length of the call.
  koffi.struct('WINTRUST_FILE_INFO', {
    cbStruct: 'uint32_t',
    pcwszFilePath: 'const char16_t *',
    hFile: 'intptr_t',
    pgKnownSubject: 'void *',
  });
  koffi.struct('WINTRUST_DATA', {
    cbStruct: 'uint32_t',
    pPolicyCallbackData: 'void *',
    pSIPClientData: 'void *',
    dwUIChoice: 'uint32_t',
    fdwRevocationChecks: 'uint32_t',
    dwUnionChoice: 'uint32_t',
    pFile: 'WINTRUST_FILE_INFO *',
    dwStateAction: 'uint32_t',
    hWVTStateData: 'intptr_t',
    pwszURLReference: 'void *',
    dwProvFlags: 'uint32_t',
    dwUIContext: 'uint32_t',
  });
  koffi.struct('CRYPT_HASH_BLOB', { cbData: 'uint32_t', pbData: 'const uint8_t *' });
  koffi.struct('CERT_CONTEXT', {
    dwCertEncodingType: 'uint32_t',
    pbCertEncoded: 'void *',
    cbCertEncoded: 'uint32_t',
    pCertInfo: 'void *',
    hCertStore: 'intptr_t',
  });

  const api = {} as Api;
  const missing = new Set<ApiName>();
  for (const [dll, prototypes] of Object.entries(PROTOTYPES)) {
    let lib: ReturnType<Koffi['load']>;
    try {
      lib = koffi.load(`${dll}.dll`);
    } catch (e) {
      throw new Error(`${dll}.dll could not be loaded: ${(e as Error).message}`);
    }
    for (const proto of prototypes) {
      const name = /__stdcall (\w+)\(/.exec(proto)![1] as ApiName;
      try {
        api[name] = lib.func(proto);
      } catch {
        // Not exported by this Windows (or Wine): fail when used, naming the API.
        missing.add(name);
        api[name] = () => {
          throw new PrimitiveError(name, ERR.PROC_NOT_FOUND);
        };
      }
    }
  }

  let wineVersion: string | undefined;
  try {
    const ntdll = koffi.load('ntdll.dll');
    wineVersion = String(ntdll.func('const char * __cdecl wine_get_version()')());
  } catch {
    wineVersion = undefined; // real Windows
  }

  const ffi: Omit<Ffi, 'elevated'> = {
    koffi,
    api,
    missing,
    wineVersion,
    pointerSize: koffi.sizeof('void *'),
    fileCallback: koffi.pointer(koffi.type('SP_FILE_CALLBACK_W')),
    filePaths,
    sourceMedia,
  };
  return { ...ffi, elevated: isElevated(api) };
}

const TOKEN_QUERY = 0x0008;
const TOKEN_ELEVATION = 20;

/** TokenElevation of the process token; false when it cannot be read. */
function isElevated(api: Api): boolean {
  const token: [number] = [0];
  if (!api.OpenProcessToken(api.GetCurrentProcess(), TOKEN_QUERY, token)) return false;
  try {
    const buf = Buffer.alloc(4);
    const ret: [number] = [0];
    if (!api.GetTokenInformation(token[0], TOKEN_ELEVATION, buf, 4, ret)) return false;
    return buf.readUInt32LE(0) !== 0;
  } finally {
    api.CloseHandle(token[0]);
  }
}

// ---------------------------------------------------------------------------------------
// Errors: the raw code of the failed call; lib/backend/core.ts names and explains it
// ---------------------------------------------------------------------------------------

const FORMAT_MESSAGE_FROM_SYSTEM = 0x1000;
const FORMAT_MESSAGE_IGNORE_INSERTS = 0x200;
/** MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), as the addon asks. */
const LANG_NEUTRAL_DEFAULT = 0x400;

/** FormatMessageW's text for the number given, without trailing white space and '.'; '' when none. */
export function formatMessage(ffi: Ffi, code: number): string {
  const chars = 1024;
  const buf = wideBuffer(chars);
  const n = ffi.api.FormatMessageW(
    FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
    null,
    code >>> 0,
    LANG_NEUTRAL_DEFAULT,
    buf,
    chars,
    null,
  ) as number;
  return fromWide(buf, n).replace(/[\s.]+$/, '');
}

/** The failure of `api` with the thread's last error, as it is (0 included). */
export function lastError(ffi: Ffi, api: string): PrimitiveError {
  return new PrimitiveError(api, ffi.api.GetLastError() as number);
}

/** Throws the last error of `api` unless `ok` is truthy. */
export function check(ffi: Ffi, ok: unknown, api: string): void {
  if (!ok) throw lastError(ffi, api);
}

/** Throws a registry status (Reg* functions return the code) other than ERROR_SUCCESS. */
export function checkStatus(status: number, api: string): void {
  if (status !== 0) throw new PrimitiveError(api, status);
}

/** Throws a CONFIGRET other than CR_SUCCESS, as a CONFIGRET (the core maps it to Win32). */
export function checkCr(cr: number, api: string): void {
  if (cr !== 0) throw new PrimitiveError(api, cr, 'configret');
}

export const INVALID_HANDLE_VALUE = -1;

export function isValidHandle(h: number | bigint | null): h is number | bigint {
  return h !== null && h !== 0 && h !== 0n && h !== -1 && h !== -1n;
}

// ---------------------------------------------------------------------------------------
// Wide strings (the pure coding is lib/base/utf16.ts)
// ---------------------------------------------------------------------------------------

/**
 * Calls `get(buf, chars, required)` for a string out-parameter, growing the buffer when the
 * call says ERROR_INSUFFICIENT_BUFFER. Returns the string or throws the API's failure.
 */
export function readWideString(
  ffi: Ffi,
  api: string,
  get: (buf: Buffer, chars: number, required: [number]) => unknown,
  initialChars = 256,
): string {
  let chars = initialChars;
  for (let attempt = 0; attempt < 3; attempt++) {
    const buf = wideBuffer(chars);
    const required: [number] = [0];
    if (get(buf, chars, required)) return fromWide(buf, chars);
    const err = ffi.api.GetLastError() as number;
    if (err !== ERR.INSUFFICIENT_BUFFER || required[0] <= chars) throw new PrimitiveError(api, err);
    chars = required[0];
  }
  throw new PrimitiveError(api, ERR.INSUFFICIENT_BUFFER);
}

// ---------------------------------------------------------------------------------------
// SetupAPI structs, laid out by hand (cbSize first; pointer-sized Reserved last)
// ---------------------------------------------------------------------------------------

/** SP_DEVINFO_DATA / SP_DEVICE_INTERFACE_DATA: cbSize, GUID, DWORD, ULONG_PTR Reserved. */
export function spData(ffi: Ffi): Buffer {
  const size = 24 + ffi.pointerSize; // 32 on 64-bit, 28 on 32-bit
  const b = Buffer.alloc(size);
  b.writeUInt32LE(size, 0);
  return b;
}

/** The GUID of an SP_DEVINFO_DATA (ClassGuid) or SP_DEVICE_INTERFACE_DATA (InterfaceClassGuid). */
export const SP_DATA_GUID_OFFSET = 4;
/** DevInst of SP_DEVINFO_DATA, Flags of SP_DEVICE_INTERFACE_DATA. */
export const SP_DATA_DWORD_OFFSET = 20;

/** INFCONTEXT: PVOID Inf, PVOID CurrentInf, UINT Section, UINT Line. */
export function infContext(ffi: Ffi): Buffer {
  return Buffer.alloc(2 * ffi.pointerSize + 8);
}

/** cbSize of SP_DEVICE_INTERFACE_DETAIL_DATA_W: 8 on 64-bit, 6 on 32-bit (packing). */
export function interfaceDetailCbSize(ffi: Ffi): number {
  return ffi.pointerSize === 8 ? 8 : 6;
}
