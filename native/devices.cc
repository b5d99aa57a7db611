// Test-rig devices: create a root-enumerated device node (SetupDiCreateDeviceInfo +
// DIF_REGISTERDEVICE), list devices and remove one (DIF_REMOVE).
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
  if (!SetupDiGetDeviceInstanceIdW(set, dev, id, MAX_DEVICE_ID_LEN, nullptr)) ThrowLastError("SetupDiGetDeviceInstanceIdW");
  return id;
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

std::wstring AsString(const std::optional<RegValue>& v) {
  if (!v) return {};
  std::wstring s(reinterpret_cast<const wchar_t*>(v->data.data()), v->data.size() / sizeof(wchar_t));
  while (!s.empty() && s.back() == L'\0') s.pop_back();
  return s;
}

// createDevice(hardwareId, classGuid, className, description | null):
// { deviceInstanceId, rebootRequired }. The node is ROOT\<className>\NNNN (DICD_GENERATE_ID).
Napi::Value CreateDevice(const Napi::CallbackInfo& info) {
  std::wstring hardwareId = ArgString(info, 0, "hardwareId");
  GUID classGuid = ArgGuid(info, 1, "classGuid");
  std::wstring className = ArgString(info, 2, "className");
  std::optional<std::wstring> description = ArgOptString(info, 3, "description");
  if (hardwareId.empty() || className.empty()) throw Napi::TypeError::New(info.Env(), "hardwareId and className may not be empty");

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
  // Until DIF_REGISTERDEVICE succeeds the node exists only in this set and goes with it.
  if (!SetupDiCallClassInstaller(DIF_REGISTERDEVICE, set.get(), &dev)) ThrowLastError("SetupDiCallClassInstaller");

  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  out.Set("deviceInstanceId", JsString(env, InstanceId(set.get(), &dev)));
  out.Set("rebootRequired", NeedsReboot(set.get(), &dev));
  return out;
}

// listDevices(): [{ deviceInstanceId, hardwareIds, classGuid, description }] of every device
// node, present or not. The loop ends only on ERROR_NO_MORE_ITEMS.
Napi::Value ListDevices(const Napi::CallbackInfo& info) {
  DevInfo set(SetupDiGetClassDevsW(nullptr, nullptr, nullptr, DIGCF_ALLCLASSES));
  if (!set.valid()) ThrowLastError("SetupDiGetClassDevsW");
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env);
  for (DWORD i = 0;; i++) {
    SP_DEVINFO_DATA dev{};
    dev.cbSize = sizeof dev;
    if (!SetupDiEnumDeviceInfo(set.get(), i, &dev)) {
      DWORD err = GetLastError();
      if (err == ERROR_NO_MORE_ITEMS) break;
      ThrowWin32("SetupDiEnumDeviceInfo", err);
    }
    Napi::Object d = Napi::Object::New(env);
    d.Set("deviceInstanceId", JsString(env, InstanceId(set.get(), &dev)));
    std::optional<RegValue> ids = DeviceProperty(set.get(), &dev, SPDRP_HARDWAREID);
    std::vector<std::wstring> list;
    if (ids && ids->type == REG_MULTI_SZ) {
      list = SplitMultiSz(reinterpret_cast<const wchar_t*>(ids->data.data()), ids->data.size() / sizeof(wchar_t));
    }
    Napi::Array arr = Napi::Array::New(env, list.size());
    for (size_t k = 0; k < list.size(); k++) arr.Set(static_cast<uint32_t>(k), JsString(env, list[k]));
    d.Set("hardwareIds", arr);
    d.Set("classGuid", JsString(env, GuidString(dev.ClassGuid)));
    std::wstring description = AsString(DeviceProperty(set.get(), &dev, SPDRP_FRIENDLYNAME));
    if (description.empty()) description = AsString(DeviceProperty(set.get(), &dev, SPDRP_DEVICEDESC));
    d.Set("description", JsString(env, description));
    out.Set(out.Length(), d);
  }
  return out;
}

// removeDevice(instanceId): DIF_REMOVE. { rebootRequired }.
Napi::Value RemoveDevice(const Napi::CallbackInfo& info) {
  std::wstring instanceId = ArgString(info, 0, "deviceInstanceId");
  DevInfo set(SetupDiCreateDeviceInfoList(nullptr, nullptr));
  if (!set.valid()) ThrowLastError("SetupDiCreateDeviceInfoList");
  SP_DEVINFO_DATA dev{};
  dev.cbSize = sizeof dev;
  if (!SetupDiOpenDeviceInfoW(set.get(), instanceId.c_str(), nullptr, 0, &dev)) ThrowLastError("SetupDiOpenDeviceInfoW");
  if (!SetupDiCallClassInstaller(DIF_REMOVE, set.get(), &dev)) ThrowLastError("SetupDiCallClassInstaller");
  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  out.Set("rebootRequired", NeedsReboot(set.get(), &dev, true));
  return out;
}

}  // namespace

void RegisterDevices(Napi::Env, Napi::Object exports) {
  INFKIT_EXPORT(exports, "createDevice", CreateDevice);
  INFKIT_EXPORT(exports, "listDevices", ListDevices);
  INFKIT_EXPORT(exports, "removeDevice", RemoveDevice);
}

}  // namespace infkit
