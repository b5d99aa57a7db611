// Device nodes: create a root-enumerated one (SetupDiCreateDeviceInfo + DIF_REGISTERDEVICE),
// list and describe them (SetupDiGetClassDevs, device registry properties, CM_Get_DevNode_Status,
// the driver's DEVPKEY_Device_Driver* properties), read one SPDRP_* property, remove one
// (DIF_REMOVE), change its state (DIF_PROPERTYCHANGE) and re-enumerate the tree.
#include "common.h"

namespace infkit {

namespace {

// DI_NEEDREBOOT / DI_NEEDRESTART of the device's install parameters. After DIF_REMOVE, Wine
// forgets the element (ERROR_NO_SUCH_DEVINST) where Windows keeps it: nothing to restart then.
bool NeedsReboot(HDEVINFO set, SP_DEVINFO_DATA* dev, bool removed = false) {
  SP_DEVINSTALL_PARAMS_W params{};
  params.cbSize = sizeof params;
  if (!SetupDiGetDeviceInstallParamsW(set, dev, &params)) {
    DWORD err = GetLastError();
    if (removed && err == ERROR_NO_SUCH_DEVINST) return false;
    ThrowWin32("SetupDiGetDeviceInstallParamsW", err);
  }
  return (params.Flags & (DI_NEEDREBOOT | DI_NEEDRESTART)) != 0;
}

std::wstring InstanceId(HDEVINFO set, SP_DEVINFO_DATA* dev) {
  wchar_t id[MAX_DEVICE_ID_LEN] = {};
  if (!SetupDiGetDeviceInstanceIdW(set, dev, id, MAX_DEVICE_ID_LEN, nullptr))
    ThrowLastError("SetupDiGetDeviceInstanceIdW");
  return id;
}

// A set holding the one device node with this instance ID (present or not).
struct OpenedDevice {
  DevInfo set;
  SP_DEVINFO_DATA dev{};
};

// The device, or nullopt when there is no such node (ERROR_NO_SUCH_DEVINST).
std::optional<OpenedDevice> TryOpenDevice(const std::wstring& instanceId) {
  OpenedDevice d;
  d.set = DevInfo(SetupDiCreateDeviceInfoList(nullptr, nullptr));
  if (!d.set.valid()) ThrowLastError("SetupDiCreateDeviceInfoList");
  d.dev.cbSize = sizeof d.dev;
  if (!SetupDiOpenDeviceInfoW(d.set.get(), instanceId.c_str(), nullptr, 0, &d.dev)) {
    DWORD err = GetLastError();
    if (err == ERROR_NO_SUCH_DEVINST) return std::nullopt;
    ThrowWin32("SetupDiOpenDeviceInfoW", err);
  }
  return d;
}

// The device, or ERROR_NO_SUCH_DEVINST thrown.
OpenedDevice OpenDevice(const std::wstring& instanceId) {
  std::optional<OpenedDevice> d = TryOpenDevice(instanceId);
  if (!d) ThrowWin32("SetupDiOpenDeviceInfoW", ERROR_NO_SUCH_DEVINST);
  return std::move(*d);
}

// A device registry property as raw bytes; nullopt when the device does not have it.
std::optional<RegValue> DeviceProperty(HDEVINFO set, SP_DEVINFO_DATA* dev, DWORD property) {
  RegValue value;
  DWORD required = 0;
  for (int attempt = 0; attempt < 4; attempt++) {
    if (SetupDiGetDeviceRegistryPropertyW(set, dev, property, &value.type, value.data.data(),
                                          static_cast<DWORD>(value.data.size()), &required)) {
      value.data.resize(std::min<size_t>(required, value.data.size()));
      return value;
    }
    DWORD err = GetLastError();
    if (err == ERROR_INVALID_DATA || err == ERROR_NO_SUCH_DEVINST || err == ERROR_FILE_NOT_FOUND) return std::nullopt;
    if (err != ERROR_INSUFFICIENT_BUFFER) ThrowWin32("SetupDiGetDeviceRegistryPropertyW", err);
    value.data.resize(required);
  }
  ThrowWin32("SetupDiGetDeviceRegistryPropertyW", ERROR_INSUFFICIENT_BUFFER);
}

// A string value's text without its terminating NULs, whatever its type tag; '' when absent.
std::wstring AsString(const std::optional<RegValue>& v) {
  if (!v) return {};
  std::wstring s(reinterpret_cast<const wchar_t*>(v->data.data()), v->data.size() / sizeof(wchar_t));
  while (!s.empty() && s.back() == L'\0') s.pop_back();
  return s;
}

std::vector<std::wstring> AsStrings(const std::optional<RegValue>& v) {
  return v ? RegMultiSz(*v) : std::vector<std::wstring>{};
}

// DIF_REMOVE of a node (global scope, the default when no SP_REMOVEDEVICE_PARAMS are set).
bool RemoveNode(HDEVINFO set, SP_DEVINFO_DATA* dev) { return SetupDiCallClassInstaller(DIF_REMOVE, set, dev) != FALSE; }

// ---------------------------------------------------------------------------------------------
// The driver: DEVPKEY_Device_Driver* properties
// ---------------------------------------------------------------------------------------------

constexpr GUID kDriverProps = {0xa8b865dd, 0x2e3d, 0x4094, {0xad, 0x97, 0xe5, 0x93, 0xa7, 0x0c, 0x75, 0xd6}};
const DEVPROPKEY kDriverDate = {kDriverProps, 2};
const DEVPROPKEY kDriverVersion = {kDriverProps, 3};
const DEVPROPKEY kDriverInfPath = {kDriverProps, 5};
const DEVPROPKEY kDriverInfSection = {kDriverProps, 6};
const DEVPROPKEY kMatchingDeviceId = {kDriverProps, 8};
const DEVPROPKEY kDriverProvider = {kDriverProps, 9};
const DEVPROPKEY kDriverRank = {kDriverProps, 14};

struct RawDriver {
  std::wstring infPath, section, provider, version, matchingId;
  std::optional<double> dateMs;
  uint32_t rank = 0;
};

// FILETIME (100 ns since 1601) as milliseconds since 1970.
double FileTimeMs(uint64_t ticks) {
  constexpr int64_t kTicksFrom1601To1970 = 116444736000000000LL;
  return static_cast<double>(static_cast<int64_t>(ticks) - kTicksFrom1601To1970) / 10000.0;
}

std::optional<double> FileTimeMs(const std::optional<RegValue>& v) {
  if (!v || v->data.size() != sizeof(uint64_t)) return std::nullopt;
  uint64_t ticks;
  memcpy(&ticks, v->data.data(), sizeof ticks);
  return FileTimeMs(ticks);
}

// Thrown by a property reader whose API is missing or not implemented here: the next way is tried.
struct Unavailable {};

// A way of reading a device's properties by DEVPROPKEY: the value, or nullopt when the device
// does not have it.
using PropertyReader = std::function<std::optional<RegValue>(const DEVPROPKEY&)>;

using GetDevNodePropertyFn = CONFIGRET(WINAPI*)(DEVINST, const DEVPROPKEY*, DEVPROPTYPE*, PBYTE, PULONG, ULONG);
using GetDevicePropertyFn = BOOL(WINAPI*)(HDEVINFO, PSP_DEVINFO_DATA, const DEVPROPKEY*, DEVPROPTYPE*, PBYTE, DWORD,
                                          PDWORD, DWORD);

// CM_Get_DevNode_PropertyW, the way Windows documents.
PropertyReader CfgMgrReader(DEVINST devInst) {
  static const auto get = OptionalProc<GetDevNodePropertyFn>(L"cfgmgr32.dll", "CM_Get_DevNode_PropertyW");
  if (get == nullptr) throw Unavailable{};
  return [devInst](const DEVPROPKEY& key) -> std::optional<RegValue> {
    RegValue value;
    value.data.resize(256);
    for (;;) {
      ULONG size = static_cast<ULONG>(value.data.size());
      DEVPROPTYPE type = 0;
      CONFIGRET cr = get(devInst, &key, &type, value.data.data(), &size, 0);
      if (cr == CR_SUCCESS) {
        value.type = type;
        value.data.resize(size);
        return value;
      }
      // CR_NO_SUCH_DEVNODE: a node that is not present, where CfgMgr32 may refuse; its driver key tells.
      if (cr == CR_NO_SUCH_VALUE || cr == CR_NO_SUCH_DEVNODE) return std::nullopt;
      if (cr == CR_CALL_NOT_IMPLEMENTED) throw Unavailable{};
      if (cr != CR_BUFFER_SMALL || size <= value.data.size()) ThrowConfigRet("CM_Get_DevNode_PropertyW", cr);
      value.data.resize(size);
    }
  };
}

// SetupDiGetDevicePropertyW, where CfgMgr32 cannot.
PropertyReader SetupDiReader(HDEVINFO set, SP_DEVINFO_DATA* dev) {
  static const auto get = OptionalProc<GetDevicePropertyFn>(L"setupapi.dll", "SetupDiGetDevicePropertyW");
  if (get == nullptr) throw Unavailable{};
  return [set, dev](const DEVPROPKEY& key) -> std::optional<RegValue> {
    RegValue value;
    value.data.resize(256);
    for (;;) {
      DWORD required = 0;
      DEVPROPTYPE type = 0;
      if (get(set, dev, &key, &type, value.data.data(), static_cast<DWORD>(value.data.size()), &required, 0)) {
        value.type = type;
        value.data.resize(required);
        return value;
      }
      DWORD err = GetLastError();
      if (err == ERROR_NOT_FOUND) return std::nullopt;
      if (err == ERROR_CALL_NOT_IMPLEMENTED) throw Unavailable{};
      if (err != ERROR_INSUFFICIENT_BUFFER || required <= value.data.size())
        ThrowWin32("SetupDiGetDevicePropertyW", err);
      value.data.resize(required);
    }
  };
}

// The driver's properties; nullopt when the device has no DriverInfPath.
std::optional<RawDriver> DriverFromProperties(const PropertyReader& read) {
  std::optional<RegValue> infPath = read(kDriverInfPath);
  if (!infPath) return std::nullopt;
  RawDriver d;
  d.infPath = AsString(infPath);
  d.section = AsString(read(kDriverInfSection));
  d.provider = AsString(read(kDriverProvider));
  d.version = AsString(read(kDriverVersion));
  d.matchingId = AsString(read(kMatchingDeviceId));
  d.dateMs = FileTimeMs(read(kDriverDate));
  std::optional<RegValue> rank = read(kDriverRank);
  if (rank && rank->data.size() == sizeof(uint32_t)) memcpy(&d.rank, rank->data.data(), sizeof d.rank);
  return d;
}

// 'M-D-YYYY' (the driver key's DriverDate) as milliseconds since 1970.
std::optional<double> DateTextMs(const std::wstring& text) {
  unsigned month = 0, day = 0, year = 0;
  if (swscanf(text.c_str(), L"%u-%u-%u", &month, &day, &year) != 3) return std::nullopt;
  SYSTEMTIME st{};
  st.wYear = static_cast<WORD>(year);
  st.wMonth = static_cast<WORD>(month);
  st.wDay = static_cast<WORD>(day);
  FILETIME ft;
  if (!SystemTimeToFileTime(&st, &ft)) return std::nullopt;
  return FileTimeMs((static_cast<uint64_t>(ft.dwHighDateTime) << 32) | ft.dwLowDateTime);
}

// The same facts from the driver key (SPDRP_DRIVER under Control\Class), where the device has no
// driver properties to read. The key does not keep the rank: 0.
std::optional<RawDriver> DriverFromKey(HDEVINFO set, SP_DEVINFO_DATA* dev) {
  std::wstring driver = AsString(DeviceProperty(set, dev, SPDRP_DRIVER));
  if (driver.empty()) return std::nullopt;
  RegKey key;
  LSTATUS st =
      RegOpenKeyExW(HKEY_LOCAL_MACHINE, ClassKeyPath(driver).c_str(), 0, KEY_READ | KEY_WOW64_64KEY, key.put());
  if (st == ERROR_FILE_NOT_FOUND) return std::nullopt;
  if (st != ERROR_SUCCESS) ThrowWin32("RegOpenKeyExW", static_cast<DWORD>(st));
  RawDriver d;
  std::optional<RegValue> dateData;
  std::wstring dateText;
  for (const NamedRegValue& v : ReadRegValues(key.get())) {
    const wchar_t* n = v.name.c_str();
    std::wstring text = RegString(v.value).value_or(L"");
    if (_wcsicmp(n, L"InfPath") == 0) d.infPath = text;
    else if (_wcsicmp(n, L"InfSection") == 0) d.section = text;
    else if (_wcsicmp(n, L"ProviderName") == 0) d.provider = text;
    else if (_wcsicmp(n, L"DriverVersion") == 0) d.version = text;
    else if (_wcsicmp(n, L"MatchingDeviceId") == 0) d.matchingId = text;
    else if (_wcsicmp(n, L"DriverDate") == 0) dateText = text;
    else if (_wcsicmp(n, L"DriverDateData") == 0) dateData = v.value;  // the FILETIME behind DriverDate
  }
  if (d.infPath.empty()) return std::nullopt;
  d.dateMs = dateData ? FileTimeMs(dateData) : DateTextMs(dateText);
  return d;
}

// CM_Get_DevNode_PropertyW; where it is missing or not implemented, SetupDiGetDevicePropertyW;
// where they know no DriverInfPath, the driver key. Wine 8 implements both property calls but
// keeps no driver properties (CR_NO_SUCH_VALUE, ERROR_NOT_FOUND after a driver install, while the
// driver key has InfPath and InfSection): there the driver key tells.
std::optional<RawDriver> DriverOf(HDEVINFO set, SP_DEVINFO_DATA* dev) {
  std::optional<RawDriver> driver;
  try {
    driver = DriverFromProperties(CfgMgrReader(dev->DevInst));
  } catch (const Unavailable&) {
    try {
      driver = DriverFromProperties(SetupDiReader(set, dev));
    } catch (const Unavailable&) {
    }
  }
  return driver ? driver : DriverFromKey(set, dev);
}

// ---------------------------------------------------------------------------------------------
// RawDevice (lib/backend/types.ts)
// ---------------------------------------------------------------------------------------------

struct RawDevice {
  std::wstring instanceId;
  std::vector<std::wstring> hardwareIds, compatibleIds;
  GUID classGuid{};
  std::wstring className, friendlyName, deviceDesc, service;
  bool present = false;
  ULONG status = 0, problem = 0;
  std::optional<RawDriver> driver;
};

RawDevice Describe(HDEVINFO set, SP_DEVINFO_DATA* dev) {
  RawDevice d;
  d.instanceId = InstanceId(set, dev);
  d.hardwareIds = AsStrings(DeviceProperty(set, dev, SPDRP_HARDWAREID));
  d.compatibleIds = AsStrings(DeviceProperty(set, dev, SPDRP_COMPATIBLEIDS));
  d.classGuid = dev->ClassGuid;
  d.className = AsString(DeviceProperty(set, dev, SPDRP_CLASS));
  d.friendlyName = AsString(DeviceProperty(set, dev, SPDRP_FRIENDLYNAME));
  d.deviceDesc = AsString(DeviceProperty(set, dev, SPDRP_DEVICEDESC));
  d.service = AsString(DeviceProperty(set, dev, SPDRP_SERVICE));
  // Wine 8 stubs it: CR_SUCCESS and status 0 for any node, so every node reads present there.
  CONFIGRET cr = CM_Get_DevNode_Status(&d.status, &d.problem, dev->DevInst, 0);
  if (cr == CR_SUCCESS) {
    d.present = true;
  } else if (cr == CR_NO_SUCH_DEVNODE) {  // == CR_NO_SUCH_DEVINST: a node that is not present
    d.status = d.problem = 0;
  } else {
    ThrowConfigRet("CM_Get_DevNode_Status", cr);
  }
  d.driver = DriverOf(set, dev);
  return d;
}

Napi::Value DeviceToJs(Napi::Env env, const RawDevice& d) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("deviceInstanceId", JsString(env, d.instanceId));
  o.Set("hardwareIds", StringsToJs(env, d.hardwareIds));
  o.Set("compatibleIds", StringsToJs(env, d.compatibleIds));
  o.Set("classGuid", JsString(env, GuidString(d.classGuid)));
  o.Set("className", JsString(env, d.className));
  o.Set("friendlyName", JsString(env, d.friendlyName));
  o.Set("deviceDesc", JsString(env, d.deviceDesc));
  o.Set("service", JsString(env, d.service));
  o.Set("present", d.present);
  o.Set("status", Napi::Number::New(env, d.status));
  o.Set("problem", Napi::Number::New(env, d.problem));
  if (!d.driver) {
    o.Set("driver", env.Null());
    return o;
  }
  Napi::Object drv = Napi::Object::New(env);
  drv.Set("infPath", JsString(env, d.driver->infPath));
  drv.Set("section", JsString(env, d.driver->section));
  drv.Set("provider", JsString(env, d.driver->provider));
  drv.Set("version", JsString(env, d.driver->version));
  drv.Set("dateMs", d.driver->dateMs ? Napi::Number::New(env, *d.driver->dateMs) : env.Null());
  drv.Set("matchingId", JsString(env, d.driver->matchingId));
  drv.Set("rank", Napi::Number::New(env, d.driver->rank));
  o.Set("driver", drv);
  return o;
}

// ---------------------------------------------------------------------------------------------
// Exports
// ---------------------------------------------------------------------------------------------

// createDevice(hardwareId, classGuid, className, description | null):
// { deviceInstanceId, rebootRequired }. The node is ROOT\<className>\NNNN (DICD_GENERATE_ID).
Napi::Value CreateDevice(const Napi::CallbackInfo& info) {
  std::wstring hardwareId = ArgString(info, 0, "hardwareId");
  GUID classGuid = ArgGuid(info, 1, "classGuid");
  std::wstring className = ArgString(info, 2, "className");
  std::optional<std::wstring> description = ArgOptString(info, 3, "description");
  if (hardwareId.empty() || className.empty())
    throw Napi::TypeError::New(info.Env(), "hardwareId and className may not be empty");

  DevInfo set(SetupDiCreateDeviceInfoList(&classGuid, nullptr));
  if (!set.valid()) ThrowLastError("SetupDiCreateDeviceInfoList");
  SP_DEVINFO_DATA dev{};
  dev.cbSize = sizeof dev;
  if (!SetupDiCreateDeviceInfoW(set.get(), className.c_str(), &classGuid, description ? description->c_str() : nullptr,
                                nullptr, DICD_GENERATE_ID, &dev)) {
    ThrowLastError("SetupDiCreateDeviceInfoW");
  }
  // REG_MULTI_SZ: the ID, its terminator and the list terminator.
  std::wstring ids = hardwareId + L'\0' + L'\0';
  if (!SetupDiSetDeviceRegistryPropertyW(set.get(), &dev, SPDRP_HARDWAREID, reinterpret_cast<const BYTE*>(ids.c_str()),
                                         static_cast<DWORD>(ids.size() * sizeof(wchar_t)))) {
    ThrowLastError("SetupDiSetDeviceRegistryPropertyW");
  }
  // Until DIF_REGISTERDEVICE succeeds the node exists only in this set and goes with it. After it,
  // as in wintun's api/, a failure removes the registered node again before it is thrown (the
  // failure is the one reported, whatever the removal says).
  if (!SetupDiCallClassInstaller(DIF_REGISTERDEVICE, set.get(), &dev)) ThrowLastError("SetupDiCallClassInstaller");
  std::wstring instanceId;
  bool reboot = false;
  try {
    instanceId = InstanceId(set.get(), &dev);
    reboot = NeedsReboot(set.get(), &dev);
  } catch (...) {
    RemoveNode(set.get(), &dev);
    throw;
  }

  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  out.Set("deviceInstanceId", JsString(env, instanceId));
  out.Set("rebootRequired", reboot);
  return out;
}

// listDevices(present): RawDevice[] of every device node (present: DIGCF_PRESENT only). The
// loop ends only on ERROR_NO_MORE_ITEMS.
Napi::Value ListDevices(const Napi::CallbackInfo& info) {
  bool present = ArgBool(info, 0, "present");
  DevInfo set(SetupDiGetClassDevsW(nullptr, nullptr, nullptr, DIGCF_ALLCLASSES | (present ? DIGCF_PRESENT : 0)));
  if (!set.valid()) ThrowLastError("SetupDiGetClassDevsW");
  std::vector<RawDevice> devices;
  for (DWORD i = 0;; i++) {
    SP_DEVINFO_DATA dev{};
    dev.cbSize = sizeof dev;
    if (!SetupDiEnumDeviceInfo(set.get(), i, &dev)) {
      DWORD err = GetLastError();
      if (err == ERROR_NO_MORE_ITEMS) break;
      ThrowWin32("SetupDiEnumDeviceInfo", err);
    }
    devices.push_back(Describe(set.get(), &dev));
  }
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env, devices.size());
  for (size_t i = 0; i < devices.size(); i++) out.Set(static_cast<uint32_t>(i), DeviceToJs(env, devices[i]));
  return out;
}

// getDevice(instanceId): RawDevice, or null when there is no such node.
Napi::Value GetDevice(const Napi::CallbackInfo& info) {
  std::optional<OpenedDevice> d = TryOpenDevice(ArgString(info, 0, "deviceInstanceId"));
  if (!d) return info.Env().Null();
  return DeviceToJs(info.Env(), Describe(d->set.get(), &d->dev));
}

// deviceRegistryProperty(instanceId, spdrp): { type, data: Buffer }, or null when the device
// does not have the property.
Napi::Value DeviceRegistryProperty(const Napi::CallbackInfo& info) {
  std::wstring instanceId = ArgString(info, 0, "deviceInstanceId");
  uint32_t spdrp = ArgUint32(info, 1, "spdrp");
  OpenedDevice d = OpenDevice(instanceId);
  std::optional<RegValue> value = DeviceProperty(d.set.get(), &d.dev, spdrp);
  Napi::Env env = info.Env();
  if (!value) return env.Null();
  Napi::Object out = Napi::Object::New(env);
  out.Set("type", Napi::Number::New(env, value->type));
  out.Set("data", Napi::Buffer<uint8_t>::Copy(env, value->data.data(), value->data.size()));
  return out;
}

// removeDevice(instanceId): DIF_REMOVE. { rebootRequired }.
Napi::Value RemoveDevice(const Napi::CallbackInfo& info) {
  OpenedDevice d = OpenDevice(ArgString(info, 0, "deviceInstanceId"));
  if (!RemoveNode(d.set.get(), &d.dev)) ThrowLastError("SetupDiCallClassInstaller");
  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  out.Set("rebootRequired", NeedsReboot(d.set.get(), &d.dev, true));
  return out;
}

// changeDeviceState(instanceId, stateChange): SP_PROPCHANGE_PARAMS (global scope) +
// DIF_PROPERTYCHANGE. stateChange: DICS_ENABLE 1, DICS_DISABLE 2, DICS_PROPCHANGE 3.
// { rebootRequired }.
Napi::Value ChangeDeviceState(const Napi::CallbackInfo& info) {
  std::wstring instanceId = ArgString(info, 0, "deviceInstanceId");
  uint32_t stateChange = ArgUint32(info, 1, "stateChange");
  if (stateChange != DICS_ENABLE && stateChange != DICS_DISABLE && stateChange != DICS_PROPCHANGE) {
    throw Napi::TypeError::New(info.Env(),
                               "stateChange must be DICS_ENABLE (1), DICS_DISABLE (2) or DICS_PROPCHANGE (3)");
  }
  OpenedDevice d = OpenDevice(instanceId);
  SP_PROPCHANGE_PARAMS params{};
  params.ClassInstallHeader.cbSize = sizeof params.ClassInstallHeader;
  params.ClassInstallHeader.InstallFunction = DIF_PROPERTYCHANGE;
  params.StateChange = stateChange;
  params.Scope = DICS_FLAG_GLOBAL;
  params.HwProfile = 0;
  SetLastError(ERROR_SUCCESS);  // Wine 8 stubs the call: FALSE with no error set; 0 then, not a stale code
  if (!SetupDiSetClassInstallParamsW(d.set.get(), &d.dev, &params.ClassInstallHeader, sizeof params)) {
    ThrowLastError("SetupDiSetClassInstallParamsW");
  }
  if (!SetupDiCallClassInstaller(DIF_PROPERTYCHANGE, d.set.get(), &d.dev)) ThrowLastError("SetupDiCallClassInstaller");
  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  out.Set("rebootRequired", NeedsReboot(d.set.get(), &d.dev));
  return out;
}

// reenumerate() → Promise<void>: CM_Reenumerate_DevNode(root, CM_REENUMERATE_SYNCHRONOUS), on
// the thread pool (a synchronous re-enumeration can take seconds).
Napi::Value Reenumerate(const Napi::CallbackInfo& info) {
  return RunAsync<bool>(
      info.Env(),
      [] {
        DEVINST root = 0;
        CONFIGRET cr = CM_Locate_DevNodeW(&root, nullptr, CM_LOCATE_DEVNODE_NORMAL);
        if (cr != CR_SUCCESS) ThrowConfigRet("CM_Locate_DevNodeW", cr);
        cr = CM_Reenumerate_DevNode(root, CM_REENUMERATE_SYNCHRONOUS);
        if (cr != CR_SUCCESS) ThrowConfigRet("CM_Reenumerate_DevNode", cr);
        return true;
      },
      [](Napi::Env env, bool&) -> Napi::Value { return env.Undefined(); });
}

}  // namespace

void RegisterDevices(Napi::Env, Napi::Object exports) {
  INFKIT_EXPORT(exports, "createDevice", CreateDevice);
  INFKIT_EXPORT(exports, "listDevices", ListDevices);
  INFKIT_EXPORT(exports, "getDevice", GetDevice);
  INFKIT_EXPORT(exports, "deviceRegistryProperty", DeviceRegistryProperty);
  INFKIT_EXPORT(exports, "removeDevice", RemoveDevice);
  INFKIT_EXPORT(exports, "changeDeviceState", ChangeDeviceState);
  INFKIT_EXPORT(exports, "reenumerate", Reenumerate);
}

}  // namespace infkit
