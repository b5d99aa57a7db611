// Device-interface classes and device interfaces: install interface classes from
// [InterfaceInstall32] (SetupDiInstallClassEx with InterfaceClassGuid; a SetupAPI-level
// equivalent on Wine), enumerate interfaces (CM_Get_Device_Interface_List with the
// SetupDiGetClassDevs fallback) and register interfaces on a device (SetupDiCreateDeviceInterface).
#include "common.h"

#include <algorithm>

namespace infkit {

namespace {

struct InterfaceEntry {
  std::wstring key;
  std::wstring section;
  std::wstring flags;
};

// Every line of [InterfaceInstall32]: {GUID} = install-section[, flags].
std::vector<InterfaceEntry> InterfaceEntries(HINF inf) {
  RequireSection(inf, L"InterfaceInstall32");
  std::vector<InterfaceEntry> entries;
  INFCONTEXT ctx;
  BOOL more = SetupFindFirstLineW(inf, L"InterfaceInstall32", nullptr, &ctx);
  if (!more && GetLastError() != ERROR_LINE_NOT_FOUND) ThrowLastError("SetupFindFirstLineW");
  while (more) {
    entries.push_back({StringField(&ctx, 0), StringField(&ctx, 1), StringField(&ctx, 2)});
    more = SetupFindNextLine(&ctx, &ctx);
  }
  return entries;
}

// interfaceInstallEntries(path): [{ key, section, flags }] as written in [InterfaceInstall32].
Napi::Value InterfaceInstallEntries(const Napi::CallbackInfo& info) {
  Inf inf = OpenInf(ArgString(info, 0, "infPath"));
  Napi::Env env = info.Env();
  std::vector<InterfaceEntry> entries = InterfaceEntries(inf.get());
  Napi::Array out = Napi::Array::New(env, entries.size());
  for (size_t i = 0; i < entries.size(); i++) {
    Napi::Object e = Napi::Object::New(env);
    e.Set("key", JsString(env, entries[i].key));
    e.Set("section", JsString(env, entries[i].section));
    e.Set("flags", JsString(env, entries[i].flags));
    out.Set(static_cast<uint32_t>(i), e);
  }
  return out;
}

// installInterfaceClass(path, guid): installs one [InterfaceInstall32] entry.
// Windows: SetupDiInstallClassExW(InterfaceClassGuid) with our queue (DI_NOVCP).
// Wine 8: SetupDiInstallClassExW is a stub that aborts the process, so create the
// DeviceClasses key, open it with SetupDiOpenClassRegKeyEx(DIOCR_INTERFACE) and run the
// (platform-decorated) install section against it with SetupInstallFromInfSection.
Napi::Value InstallInterfaceClass(const Napi::CallbackInfo& info) {
  std::wstring path = ArgString(info, 0, "infPath");
  GUID guid = ArgGuid(info, 1, "guid");
  Inf inf = OpenInf(path);

  std::optional<InterfaceEntry> entry;
  for (InterfaceEntry& e : InterfaceEntries(inf.get())) {
    GUID g;
    if (ParseGuid(e.key, &g) && IsEqualGUID(g, guid)) entry = std::move(e);
  }
  if (!entry) ThrowWin32("SetupFindFirstLineW", ERROR_LINE_NOT_FOUND);
  std::wstring section = entry->section.empty() ? std::wstring() : ActualSection(inf.get(), entry->section);
  if (!section.empty()) RequireSection(inf.get(), section);

  bool existed = KeyExists(HKEY_LOCAL_MACHINE, InterfaceClassKeyPath(guid));
  QueueContext ctx;
  if (!IsWine()) {
    using InstallClassExFn = BOOL(WINAPI*)(HWND, PCWSTR, DWORD, HSPFILEQ, const GUID*, PVOID, PVOID);
    auto installClassEx = Proc<InstallClassExFn>(L"setupapi.dll", "SetupDiInstallClassExW");
    FileQueue queue(SetupOpenFileQueue());
    if (!queue.valid()) ThrowLastError("SetupOpenFileQueue");
    if (!installClassEx(nullptr, path.c_str(), DI_NOVCP, queue.get(), &guid, nullptr, nullptr)) {
      ThrowLastError("SetupDiInstallClassExW");
    }
    if (!SetupCommitFileQueueW(nullptr, queue.get(), QueueCallback, &ctx)) ThrowLastError("SetupCommitFileQueueW");
  } else {
    RegKey created;
    LSTATUS st = RegCreateKeyExW(HKEY_LOCAL_MACHINE, InterfaceClassKeyPath(guid).c_str(), 0, nullptr, 0,
                                 KEY_ALL_ACCESS | KEY_WOW64_64KEY, nullptr, created.put(), nullptr);
    if (st != ERROR_SUCCESS) ThrowWin32("RegCreateKeyExW", static_cast<DWORD>(st));
    RegKey key(SetupDiOpenClassRegKeyExW(&guid, KEY_ALL_ACCESS, DIOCR_INTERFACE, nullptr, nullptr));
    if (!key.valid()) ThrowLastError("SetupDiOpenClassRegKeyExW");
    if (!section.empty() &&
        !SetupInstallFromInfSectionW(nullptr, inf.get(), section.c_str(), SPINST_ALL, key.get(), nullptr,
                                     SP_COPY_NEWER_OR_SAME, QueueCallback, &ctx, nullptr, nullptr)) {
      ThrowLastError("SetupInstallFromInfSectionW");
    }
  }

  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  out.Set("guid", JsString(env, GuidString(guid)));
  out.Set("section", JsString(env, section));
  out.Set("created", !existed);
  out.Set("rebootRequired", ctx.rebootRequired);
  out.Set("failures", FailuresToJs(env, ctx.failures));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Device interfaces
// ---------------------------------------------------------------------------------------------

struct InterfaceDetail {
  std::wstring link;
  std::wstring instanceId;
  DWORD flags;
};

InterfaceDetail Describe(HDEVINFO set, SP_DEVICE_INTERFACE_DATA* data) {
  // Room for a typical symbolic link, so that one call usually does; a longer one is read again.
  std::vector<uint8_t> buffer(sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA_W) + 512 * sizeof(wchar_t));
  SP_DEVINFO_DATA dev{};
  dev.cbSize = sizeof dev;
  SP_DEVICE_INTERFACE_DETAIL_DATA_W* detail = nullptr;
  for (int attempt = 0;; attempt++) {
    detail = reinterpret_cast<SP_DEVICE_INTERFACE_DETAIL_DATA_W*>(buffer.data());
    detail->cbSize = sizeof(SP_DEVICE_INTERFACE_DETAIL_DATA_W);
    DWORD required = 0;
    if (SetupDiGetDeviceInterfaceDetailW(set, data, detail, static_cast<DWORD>(buffer.size() - sizeof(wchar_t)),
                                         &required, &dev)) {
      break;
    }
    DWORD err = GetLastError();
    if (err != ERROR_INSUFFICIENT_BUFFER || attempt >= 3 || required + sizeof(wchar_t) <= buffer.size()) {
      ThrowWin32("SetupDiGetDeviceInterfaceDetailW", err);
    }
    buffer.assign(required + sizeof(wchar_t), 0);
  }
  InterfaceDetail out{detail->DevicePath, {}, data->Flags};
  wchar_t id[MAX_DEVICE_ID_LEN] = {};
  if (!SetupDiGetDeviceInstanceIdW(set, &dev, id, MAX_DEVICE_ID_LEN, nullptr))
    ThrowLastError("SetupDiGetDeviceInstanceIdW");
  out.instanceId = id;
  return out;
}

// Every interface in a device-interface set, for one device or all; the loop ends only on
// ERROR_NO_MORE_ITEMS.
std::vector<InterfaceDetail> EnumerateInterfaces(HDEVINFO set, SP_DEVINFO_DATA* device, const GUID& guid) {
  std::vector<InterfaceDetail> out;
  for (DWORD i = 0;; i++) {
    SP_DEVICE_INTERFACE_DATA data{};
    data.cbSize = sizeof data;
    if (!SetupDiEnumDeviceInterfaces(set, device, &guid, i, &data)) {
      DWORD err = GetLastError();
      if (err == ERROR_NO_MORE_ITEMS) break;
      ThrowWin32("SetupDiEnumDeviceInterfaces", err);
    }
    out.push_back(Describe(set, &data));
  }
  return out;
}

std::vector<InterfaceDetail> ListWithSetupDi(const GUID& guid, bool present) {
  DevInfo set(SetupDiGetClassDevsW(&guid, nullptr, nullptr, DIGCF_DEVICEINTERFACE | (present ? DIGCF_PRESENT : 0)));
  if (!set.valid()) ThrowLastError("SetupDiGetClassDevsW");
  return EnumerateInterfaces(set.get(), nullptr, guid);
}

using ListSizeFn = CONFIGRET(WINAPI*)(PULONG, LPGUID, DEVINSTID_W, ULONG);
using ListFn = CONFIGRET(WINAPI*)(LPGUID, DEVINSTID_W, PZZWSTR, ULONG, ULONG);

// The symbolic links CfgMgr32 reports, or nullopt when it fails (then the caller falls back).
std::optional<std::vector<std::wstring>> ListWithCfgMgr(GUID guid, bool present) {
  // Looked up once per process (system DLLs stay loaded); null when absent.
  static const auto listSize = OptionalProc<ListSizeFn>(L"cfgmgr32.dll", "CM_Get_Device_Interface_List_SizeW");
  static const auto list = OptionalProc<ListFn>(L"cfgmgr32.dll", "CM_Get_Device_Interface_ListW");
  if (listSize == nullptr || list == nullptr) return std::nullopt;
  ULONG flags = present ? CM_GET_DEVICE_INTERFACE_LIST_PRESENT : CM_GET_DEVICE_INTERFACE_LIST_ALL_DEVICES;
  for (int attempt = 0; attempt < 8; attempt++) {
    ULONG chars = 0;
    if (listSize(&chars, &guid, nullptr, flags) != CR_SUCCESS) return std::nullopt;
    std::vector<wchar_t> buffer(chars + 1, L'\0');
    CONFIGRET cr = list(&guid, nullptr, buffer.data(), chars, flags);
    if (cr == CR_BUFFER_SMALL) continue;  // an interface arrived between the calls
    if (cr != CR_SUCCESS) return std::nullopt;
    return SplitMultiSz(buffer.data(), chars);
  }
  return std::nullopt;
}

std::vector<InterfaceDetail> DescribeLinks(const std::vector<std::wstring>& links) {
  DevInfo set(SetupDiCreateDeviceInfoList(nullptr, nullptr));
  if (!set.valid()) ThrowLastError("SetupDiCreateDeviceInfoList");
  std::vector<InterfaceDetail> out;
  for (const std::wstring& link : links) {
    SP_DEVICE_INTERFACE_DATA data{};
    data.cbSize = sizeof data;
    if (!SetupDiOpenDeviceInterfaceW(set.get(), link.c_str(), 0, &data)) ThrowLastError("SetupDiOpenDeviceInterfaceW");
    out.push_back(Describe(set.get(), &data));
  }
  return out;
}

Napi::Object DetailToJs(Napi::Env env, const InterfaceDetail& d) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("symbolicLink", JsString(env, d.link));
  o.Set("deviceInstanceId", JsString(env, d.instanceId));
  o.Set("flags", Napi::Number::New(env, d.flags));
  return o;
}

// listInterfaces(guid, present): [{ symbolicLink, deviceInstanceId, flags }], flags
// SPINT_ACTIVE (1) | SPINT_REMOVED (4). CfgMgr32 first; SetupDiGetClassDevs(DIGCF_DEVICEINTERFACE)
// where it is missing or fails.
Napi::Value ListInterfaces(const Napi::CallbackInfo& info) {
  GUID guid = ArgGuid(info, 0, "classGuid");
  bool present = ArgBool(info, 1, "present");
  std::optional<std::vector<std::wstring>> links = ListWithCfgMgr(guid, present);
  std::vector<InterfaceDetail> details = links ? DescribeLinks(*links) : ListWithSetupDi(guid, present);
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env, details.size());
  for (size_t i = 0; i < details.size(); i++) out.Set(static_cast<uint32_t>(i), DetailToJs(env, details[i]));
  return out;
}

// Existing interfaces of one device for one class.
std::vector<std::wstring> DeviceInterfaceLinks(const std::wstring& instanceId, const GUID& guid) {
  DevInfo set(SetupDiGetClassDevsW(&guid, instanceId.c_str(), nullptr, DIGCF_DEVICEINTERFACE));
  if (!set.valid()) ThrowLastError("SetupDiGetClassDevsW");
  std::vector<std::wstring> links;
  for (const InterfaceDetail& d : EnumerateInterfaces(set.get(), nullptr, guid)) {
    if (_wcsicmp(d.instanceId.c_str(), instanceId.c_str()) == 0) links.push_back(d.link);
  }
  return links;
}

// registerInterface(instanceId, guid, referenceString | null): { symbolicLink, created }.
Napi::Value RegisterInterface(const Napi::CallbackInfo& info) {
  std::wstring instanceId = ArgString(info, 0, "deviceInstanceId");
  GUID guid = ArgGuid(info, 1, "classGuid");
  std::optional<std::wstring> reference = ArgOptString(info, 2, "referenceString");
  if (reference && reference->find_first_of(L"/\\") != std::wstring::npos) {
    throw Napi::TypeError::New(info.Env(), "referenceString may not contain '/' or '\\'");
  }
  // Open the device first: an unknown instance ID is ERROR_NO_SUCH_DEVINST from here.
  DevInfo set(SetupDiCreateDeviceInfoList(nullptr, nullptr));
  if (!set.valid()) ThrowLastError("SetupDiCreateDeviceInfoList");
  SP_DEVINFO_DATA dev{};
  dev.cbSize = sizeof dev;
  if (!SetupDiOpenDeviceInfoW(set.get(), instanceId.c_str(), nullptr, 0, &dev))
    ThrowLastError("SetupDiOpenDeviceInfoW");
  std::vector<std::wstring> before = DeviceInterfaceLinks(instanceId, guid);
  SP_DEVICE_INTERFACE_DATA data{};
  data.cbSize = sizeof data;
  const wchar_t* ref = reference && !reference->empty() ? reference->c_str() : nullptr;
  if (!SetupDiCreateDeviceInterfaceW(set.get(), &dev, &guid, ref, 0, &data))
    ThrowLastError("SetupDiCreateDeviceInterfaceW");
  InterfaceDetail detail = Describe(set.get(), &data);

  bool created = std::none_of(before.begin(), before.end(),
                              [&](const std::wstring& l) { return _wcsicmp(l.c_str(), detail.link.c_str()) == 0; });
  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  out.Set("symbolicLink", JsString(env, detail.link));
  out.Set("created", created);
  return out;
}

}  // namespace

void RegisterInterfaces(Napi::Env, Napi::Object exports) {
  INFKIT_EXPORT(exports, "interfaceInstallEntries", InterfaceInstallEntries);
  INFKIT_EXPORT(exports, "installInterfaceClass", InstallInterfaceClass);
  INFKIT_EXPORT(exports, "listInterfaces", ListInterfaces);
  INFKIT_EXPORT(exports, "registerInterface", RegisterInterface);
}

}  // namespace infkit
