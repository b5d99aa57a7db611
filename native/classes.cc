// Setup classes: list (SetupDiBuildClassInfoListEx + name, description and class key values),
// look up by name (SetupDiClassGuidsFromName), read an INF's class (SetupDiGetINFClass) and
// install a class from [ClassInstall32] (SetupDiInstallClass).
#include "common.h"

namespace infkit {

namespace {

std::wstring ClassName(const GUID& guid) {
  wchar_t name[MAX_CLASS_NAME_LEN] = {};
  if (!SetupDiClassNameFromGuidW(&guid, name, MAX_CLASS_NAME_LEN, nullptr)) ThrowLastError("SetupDiClassNameFromGuidW");
  return name;
}

// A class key's values, from one RegEnumValueW pass (fewer calls than a lookup per value).
struct ClassKeyValues {
  bool hasDefault = false;  // the key has a default value (the description)
  std::optional<std::wstring> className, icon;
  bool noInstallClass = false, noDisplayClass = false, silentInstall = false;
  std::vector<std::wstring> upperFilters, lowerFilters;
};

ClassKeyValues ReadClassKey(HKEY key) {
  ClassKeyValues out;
  for (const NamedRegValue& v : ReadRegValues(key)) {
    const wchar_t* n = v.name.c_str();
    if (v.name.empty()) out.hasDefault = true;
    else if (_wcsicmp(n, L"Class") == 0) out.className = RegString(v.value);
    else if (_wcsicmp(n, L"Icon") == 0) out.icon = RegString(v.value);
    // SetupAPI treats these as flags by their presence, whatever their data.
    else if (_wcsicmp(n, L"NoInstallClass") == 0) out.noInstallClass = true;
    else if (_wcsicmp(n, L"NoDisplayClass") == 0) out.noDisplayClass = true;
    else if (_wcsicmp(n, L"SilentInstall") == 0) out.silentInstall = true;
    else if (_wcsicmp(n, L"UpperFilters") == 0) out.upperFilters = RegMultiSz(v.value);
    else if (_wcsicmp(n, L"LowerFilters") == 0) out.lowerFilters = RegMultiSz(v.value);
  }
  return out;
}

// The description, or nullopt when the class has none (its key has no default value). Wine 8
// fails with ERROR_INSUFFICIENT_BUFFER (required == the size given) for such classes, so any
// failure is checked against the key before it counts (docs/wine-gaps.md).
std::optional<std::wstring> ClassDescription(const GUID& guid, bool keyHasDefault) {
  std::vector<wchar_t> text(LINE_LEN, L'\0');
  for (int attempt = 0; attempt < 3; attempt++) {
    DWORD required = 0;
    if (SetupDiGetClassDescriptionW(&guid, text.data(), static_cast<DWORD>(text.size()), &required)) {
      return std::wstring(text.data());
    }
    DWORD err = GetLastError();
    if (!keyHasDefault) return std::nullopt;
    if (err != ERROR_INSUFFICIENT_BUFFER || required <= text.size()) ThrowWin32("SetupDiGetClassDescriptionW", err);
    text.assign(required + 1, L'\0');
  }
  ThrowWin32("SetupDiGetClassDescriptionW", ERROR_INSUFFICIENT_BUFFER);
}

// One class: its key is opened once and its values read in one pass. The name is the key's
// Class value, which is what SetupDiClassNameFromGuid reads; that call is made only when the
// value is too long, so that its error is the one reported. Nothing when the key is gone (it
// vanished after the list was built) or has no Class value (no class: Wine leaves such keys).
std::optional<Napi::Object> ClassToJs(Napi::Env env, const GUID& guid) {
  RegKey key(SetupDiOpenClassRegKeyExW(&guid, KEY_READ, DIOCR_INSTALLER, nullptr, nullptr));
  if (!key.valid()) return std::nullopt;
  ClassKeyValues values = ReadClassKey(key.get());
  key.reset();
  if (!values.className || values.className->empty()) return std::nullopt;
  std::wstring name = values.className->size() < MAX_CLASS_NAME_LEN ? *values.className : ClassName(guid);
  Napi::Object c = Napi::Object::New(env);
  c.Set("guid", JsString(env, GuidString(guid)));
  c.Set("name", JsString(env, name));
  c.Set("description", JsString(env, ClassDescription(guid, values.hasDefault).value_or(name)));
  if (values.icon) c.Set("icon", JsString(env, *values.icon));
  c.Set("noInstallClass", values.noInstallClass);
  c.Set("noDisplayClass", values.noDisplayClass);
  c.Set("silentInstall", values.silentInstall);
  c.Set("upperFilters", StringsToJs(env, values.upperFilters));
  c.Set("lowerFilters", StringsToJs(env, values.lowerFilters));
  return c;
}

// listClasses(flags): flags are DIBCI_NOINSTALLCLASS (1) | DIBCI_NODISPLAYCLASS (2).
Napi::Value ListClasses(const Napi::CallbackInfo& info) {
  DWORD flags = ArgUint32(info, 0, "flags") & (DIBCI_NOINSTALLCLASS | DIBCI_NODISPLAYCLASS);
  // Room for every class of a typical system, so that one call usually does: each call walks
  // the whole Class key.
  std::vector<GUID> guids(128);
  DWORD required = 0;
  for (;;) {
    if (SetupDiBuildClassInfoListExW(flags, guids.data(), static_cast<DWORD>(guids.size()), &required, nullptr,
                                     nullptr)) {
      guids.resize(std::min<size_t>(required, guids.size()));
      break;
    }
    DWORD err = GetLastError();
    if (err != ERROR_INSUFFICIENT_BUFFER || required <= guids.size()) ThrowWin32("SetupDiBuildClassInfoListExW", err);
    guids.resize(required);  // classes may be added between the two calls: loop
  }
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env);
  for (const GUID& guid : guids) {
    if (std::optional<Napi::Object> c = ClassToJs(env, guid)) out.Set(out.Length(), *c);
  }
  return out;
}

// classGuidsFromName(name): every class GUID registered under that name.
Napi::Value ClassGuidsFromName(const Napi::CallbackInfo& info) {
  std::wstring name = ArgString(info, 0, "name");
  std::vector<GUID> guids;
  DWORD required = 0;
  for (;;) {
    if (SetupDiClassGuidsFromNameW(name.c_str(), guids.data(), static_cast<DWORD>(guids.size()), &required)) {
      guids.resize(std::min<size_t>(required, guids.size()));
      break;
    }
    DWORD err = GetLastError();
    if (err != ERROR_INSUFFICIENT_BUFFER || required <= guids.size()) ThrowWin32("SetupDiClassGuidsFromNameW", err);
    guids.resize(required);
  }
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env, guids.size());
  for (size_t i = 0; i < guids.size(); i++) out.Set(static_cast<uint32_t>(i), JsString(env, GuidString(guids[i])));
  return out;
}

// className(guid): SetupDiClassNameFromGuid.
Napi::Value ClassNameJs(const Napi::CallbackInfo& info) {
  return JsString(info.Env(), ClassName(ArgGuid(info, 0, "classGuid")));
}

// The INF's class GUID. A ClassGUID that is not a GUID is ERROR_INVALID_CLASS, as on Windows
// (Wine's SetupDiGetINFClass says ERROR_INVALID_PARAMETER; docs/wine-gaps.md).
GUID InfClassGuid(HINF inf, const std::wstring& path, std::wstring* className) {
  INFCONTEXT ctx;
  if (SetupFindFirstLineW(inf, L"Version", L"ClassGUID", &ctx)) {
    GUID parsed;
    if (!ParseGuid(StringField(&ctx, 1), &parsed)) ThrowWin32("SetupDiGetINFClassW", ERROR_INVALID_CLASS);
  }
  GUID guid;
  wchar_t name[MAX_CLASS_NAME_LEN] = {};
  if (!SetupDiGetINFClassW(path.c_str(), &guid, name, MAX_CLASS_NAME_LEN, nullptr))
    ThrowLastError("SetupDiGetINFClassW");
  *className = name;
  return guid;
}

// infClass(path): { guid, name } from the INF's [Version] (SetupDiGetINFClass).
Napi::Value InfClass(const Napi::CallbackInfo& info) {
  std::wstring path = ArgString(info, 0, "infPath");
  Inf inf = OpenInf(path);
  std::wstring name;
  GUID guid = InfClassGuid(inf.get(), path, &name);
  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  out.Set("guid", JsString(env, GuidString(guid)));
  out.Set("name", JsString(env, name));
  return out;
}

// installClass(path): SetupDiInstallClass with our own file queue (DI_NOVCP), committed with
// the collecting callback. Returns { classGuid, className, alreadyExisted, rebootRequired, failures }.
// Windows ignores [ClassInstall32] for a class that is already installed; so do we, without
// calling SetupDiInstallClass, because Wine's runs the section again.
Napi::Value InstallClass(const Napi::CallbackInfo& info) {
  std::wstring path = ArgString(info, 0, "infPath");
  Inf inf = OpenInf(path);
  std::wstring install = ActualSection(inf.get(), L"ClassInstall32");
  RequireSection(inf.get(), install);
  std::wstring name;
  GUID guid = InfClassGuid(inf.get(), path, &name);
  bool existed = KeyExists(HKEY_LOCAL_MACHINE, ClassKeyPath(guid));

  QueueContext ctx;
  if (!existed) {
    FileQueue queue(SetupOpenFileQueue());
    if (!queue.valid()) ThrowLastError("SetupOpenFileQueue");
    if (!SetupDiInstallClassW(nullptr, path.c_str(), DI_NOVCP, queue.get())) ThrowLastError("SetupDiInstallClassW");
    if (!SetupCommitFileQueueW(nullptr, queue.get(), QueueCallback, &ctx)) ThrowLastError("SetupCommitFileQueueW");
  }

  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  out.Set("classGuid", JsString(env, GuidString(guid)));
  out.Set("className", JsString(env, name));
  out.Set("alreadyExisted", existed);
  out.Set("rebootRequired", ctx.rebootRequired);
  out.Set("failures", FailuresToJs(env, ctx.failures));
  return out;
}

}  // namespace

void RegisterClasses(Napi::Env, Napi::Object exports) {
  INFKIT_EXPORT(exports, "listClasses", ListClasses);
  INFKIT_EXPORT(exports, "classGuidsFromName", ClassGuidsFromName);
  INFKIT_EXPORT(exports, "className", ClassNameJs);
  INFKIT_EXPORT(exports, "infClass", InfClass);
  INFKIT_EXPORT(exports, "installClass", InstallClass);
}

}  // namespace infkit
