// Driver packages: stage (SetupCopyOEMInf), remove (SetupUninstallOEMInf), list the staged
// oemNN.inf files, install on devices (UpdateDriverForPlugAndPlayDevices / DiInstallDriver) and
// wait for pending installs (CMP_WaitNoPendingInstallEvents). newdev and the CMP_ export are
// looked up at run time so that the addon loads where they are missing.
#include "common.h"

namespace infkit {

namespace {

std::wstring FileNameOf(const std::wstring& path) {
  size_t slash = path.find_last_of(L"\\/");
  return slash == std::wstring::npos ? path : path.substr(slash + 1);
}

struct Staged {
  std::wstring publishedName;
  bool alreadyStaged = false;
};

// stageDriver(path) → Promise<{ publishedName, alreadyStaged }>, on the thread pool.
// SP_COPY_NOOVERWRITE first: when the package is already in the store it fails with
// ERROR_FILE_EXISTS and names the existing copy.
Napi::Value StageDriver(const Napi::CallbackInfo& info) {
  std::wstring path = ArgString(info, 0, "infPath");
  return RunAsync<Staged>(
      info.Env(),
      [=] {
        OpenInf(path);
        wchar_t dest[MAX_PATH] = {};
        Staged staged;
        if (!SetupCopyOEMInfW(path.c_str(), nullptr, SPOST_PATH, SP_COPY_NOOVERWRITE, dest, MAX_PATH, nullptr,
                              nullptr)) {
          DWORD err = GetLastError();
          if (err != ERROR_FILE_EXISTS || dest[0] == L'\0') ThrowWin32("SetupCopyOEMInfW", err);
          staged.alreadyStaged = true;
        }
        staged.publishedName = FileNameOf(dest);
        return staged;
      },
      [](Napi::Env env, Staged& staged) -> Napi::Value {
        Napi::Object out = Napi::Object::New(env);
        out.Set("publishedName", JsString(env, staged.publishedName));
        out.Set("alreadyStaged", staged.alreadyStaged);
        return out;
      });
}

// removeDriver(publishedName, force): SetupUninstallOEMInfW(name, SUOI_FORCEDELETE?).
Napi::Value RemoveDriver(const Napi::CallbackInfo& info) {
  std::wstring name = ArgString(info, 0, "publishedName");
  bool force = ArgBool(info, 1, "force");
  using UninstallFn = BOOL(WINAPI*)(PCWSTR, DWORD, PVOID);
  auto uninstall = Proc<UninstallFn>(L"setupapi.dll", "SetupUninstallOEMInfW");
  if (!uninstall(name.c_str(), force ? SUOI_FORCEDELETE : 0, nullptr)) ThrowLastError("SetupUninstallOEMInfW");
  return info.Env().Undefined();
}

std::wstring VersionLine(HINF inf, const wchar_t* key) {
  INFCONTEXT ctx;
  if (!SetupFindFirstLineW(inf, L"Version", key, &ctx)) return {};
  wchar_t text[LINE_LEN * 4] = {};
  if (!SetupGetLineTextW(&ctx, nullptr, nullptr, nullptr, text, LINE_LEN * 4, nullptr)) return {};
  return text;
}

// The name the package had before SetupCopyOEMInf renamed it; empty when the system keeps none.
std::wstring OriginalName(const std::wstring& path) {
  DWORD size = 0;
  if (!SetupGetInfInformationW(path.c_str(), INFINFO_INF_NAME_IS_ABSOLUTE, nullptr, 0, &size)) return {};
  std::vector<uint8_t> buffer(size);
  auto* infInfo = reinterpret_cast<SP_INF_INFORMATION*>(buffer.data());
  if (!SetupGetInfInformationW(path.c_str(), INFINFO_INF_NAME_IS_ABSOLUTE, infInfo, size, nullptr)) return {};
  SP_ORIGINAL_FILE_INFO_W original{};
  original.cbSize = sizeof original;
  if (!SetupQueryInfOriginalFileInformationW(infInfo, 0, nullptr, &original)) return {};
  return FileNameOf(original.OriginalInfName);
}

// listDrivers(infDir): [{ publishedName, originalName, provider, className, classGuid, driverVer }]
// for every oem*.inf in the system INF directory. The loop ends only on ERROR_NO_MORE_FILES.
Napi::Value ListDrivers(const Napi::CallbackInfo& info) {
  wchar_t windows[MAX_PATH] = {};
  if (GetWindowsDirectoryW(windows, MAX_PATH) == 0) ThrowLastError("GetWindowsDirectoryW");
  std::wstring dir = std::wstring(windows) + L"\\INF\\";
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env);
  WIN32_FIND_DATAW found{};
  FindHandle find(FindFirstFileW((dir + L"oem*.inf").c_str(), &found));
  if (!find.valid()) {
    DWORD err = GetLastError();
    if (err == ERROR_FILE_NOT_FOUND) return out;
    ThrowWin32("FindFirstFileW", err);
  }
  do {
    std::wstring path = dir + found.cFileName;
    UINT errorLine = 0;
    Inf inf(SetupOpenInfFileW(path.c_str(), nullptr, INF_STYLE_WIN4, &errorLine));
    if (!inf.valid()) continue;  // not an INF SetupAPI can read: not a package
    Napi::Object d = Napi::Object::New(env);
    d.Set("publishedName", JsString(env, found.cFileName));
    d.Set("originalName", JsString(env, OriginalName(path)));
    d.Set("provider", JsString(env, VersionLine(inf.get(), L"Provider")));
    d.Set("className", JsString(env, VersionLine(inf.get(), L"Class")));
    d.Set("classGuid", JsString(env, VersionLine(inf.get(), L"ClassGuid")));
    d.Set("driverVer", JsString(env, VersionLine(inf.get(), L"DriverVer")));
    out.Set(out.Length(), d);
  } while (FindNextFileW(find.get(), &found));
  DWORD err = GetLastError();
  if (err != ERROR_NO_MORE_FILES) ThrowWin32("FindNextFileW", err);
  return out;
}

Napi::Value RebootToJs(Napi::Env env, bool& reboot) {
  Napi::Object out = Napi::Object::New(env);
  out.Set("rebootRequired", reboot);
  return out;
}

// installDriver(path, hardwareId | null, force) → Promise<{ rebootRequired }>, on the thread pool.
// With a hardware ID: UpdateDriverForPlugAndPlayDevicesW; without: DiInstallDriverW.
Napi::Value InstallDriver(const Napi::CallbackInfo& info) {
  std::wstring path = ArgString(info, 0, "infPath");
  std::optional<std::wstring> hardwareId = ArgOptString(info, 1, "hardwareId");
  bool force = ArgBool(info, 2, "force");
  return RunAsync<bool>(
      info.Env(),
      [=] {
        OpenInf(path);
        BOOL reboot = FALSE;
        if (hardwareId) {
          using UpdateFn = BOOL(WINAPI*)(HWND, LPCWSTR, LPCWSTR, DWORD, PBOOL);
          auto update = Proc<UpdateFn>(L"newdev.dll", "UpdateDriverForPlugAndPlayDevicesW");
          if (!update(nullptr, hardwareId->c_str(), path.c_str(), force ? 0x1 /* INSTALLFLAG_FORCE */ : 0, &reboot)) {
            ThrowLastError("UpdateDriverForPlugAndPlayDevicesW");
          }
        } else {
          using DiInstallFn = BOOL(WINAPI*)(HWND, LPCWSTR, DWORD, PBOOL);
          auto install = Proc<DiInstallFn>(L"newdev.dll", "DiInstallDriverW");
          if (!install(nullptr, path.c_str(), force ? 0x2 /* DIIRFLAG_FORCE_INF */ : 0, &reboot))
            ThrowLastError("DiInstallDriverW");
        }
        return reboot != FALSE;
      },
      RebootToJs);
}

// waitNoPendingInstalls(ms) → Promise<boolean>: true when none are pending, false on timeout.
// On the thread pool, so that the wait does not stop the event loop.
Napi::Value WaitNoPendingInstalls(const Napi::CallbackInfo& info) {
  uint32_t timeout = ArgUint32(info, 0, "timeoutMs");
  return RunAsync<bool>(
      info.Env(),
      [=] {
        using WaitFn = DWORD(WINAPI*)(DWORD);
        auto wait = Proc<WaitFn>(L"setupapi.dll", "CMP_WaitNoPendingInstallEvents");
        DWORD result = wait(timeout);
        if (result == WAIT_FAILED) ThrowLastError("CMP_WaitNoPendingInstallEvents");
        return result == WAIT_OBJECT_0;
      },
      [](Napi::Env env, bool& idle) -> Napi::Value { return Napi::Boolean::New(env, idle); });
}

}  // namespace

void RegisterDrivers(Napi::Env, Napi::Object exports) {
  INFKIT_EXPORT(exports, "stageDriver", StageDriver);
  INFKIT_EXPORT(exports, "removeDriver", RemoveDriver);
  INFKIT_EXPORT(exports, "listDrivers", ListDrivers);
  INFKIT_EXPORT(exports, "installDriver", InstallDriver);
  INFKIT_EXPORT(exports, "waitNoPendingInstalls", WaitNoPendingInstalls);
}

}  // namespace infkit
