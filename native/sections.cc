// Running INF sections: SetupInstallFromInfSection + SetupInstallServicesFromInfSection with the
// collecting queue callback, or InstallHinfSection exactly as rundll32 runs it.
#include "common.h"

namespace infkit {

namespace {

// Whether the section carries a Reboot or Restart directive (a line of that one word), which
// InstallHinfSection honours and which means the install is not complete until a restart.
bool SectionAsksReboot(HINF inf, const std::wstring& section) {
  INFCONTEXT ctx;
  BOOL more = SetupFindFirstLineW(inf, section.c_str(), nullptr, &ctx);
  while (more) {
    std::wstring word = StringField(&ctx, 0);
    if (word.empty() && SetupGetFieldCount(&ctx) == 1) word = StringField(&ctx, 1);
    if (_wcsicmp(word.c_str(), L"Reboot") == 0 || _wcsicmp(word.c_str(), L"Restart") == 0) return true;
    more = SetupFindNextLine(&ctx, &ctx);
  }
  return false;
}

struct SectionResult {
  std::wstring section;
  bool rebootRequired = false;
  std::vector<QueueFailure> failures;
};

SectionResult RunSection(const std::wstring& path, const std::wstring& requested,
                         const std::optional<std::wstring>& sourceDir) {
  Inf inf = OpenInf(path);
  SectionResult result;
  result.section = ActualSection(inf.get(), requested);
  const std::wstring& section = result.section;
  RequireSection(inf.get(), section);

  QueueContext ctx;
  if (!SetupInstallFromInfSectionW(nullptr, inf.get(), section.c_str(), SPINST_ALL, nullptr,
                                   sourceDir ? sourceDir->c_str() : nullptr, SP_COPY_NEWER_OR_SAME, QueueCallback, &ctx,
                                   nullptr, nullptr)) {
    ThrowLastError("SetupInstallFromInfSectionW");
  }
  if (SectionAsksReboot(inf.get(), section)) ctx.rebootRequired = true;
  std::wstring services = section + L".Services";
  if (HasSection(inf.get(), services)) {
    SetLastError(ERROR_SUCCESS);  // success with a reboot needed is told through the last error
    if (!SetupInstallServicesFromInfSectionW(inf.get(), services.c_str(), 0)) {
      ThrowLastError("SetupInstallServicesFromInfSectionW");
    }
    if (GetLastError() == ERROR_SUCCESS_REBOOT_REQUIRED) ctx.rebootRequired = true;
  }
  result.rebootRequired = ctx.rebootRequired;
  result.failures = std::move(ctx.failures);
  return result;
}

// installSection(path, section, sourceDir | null) → Promise<{ section, rebootRequired,
// failures: [{ file?, code }] }>, on the thread pool (file copies can take long). The section
// name is decorated for the platform (SetupDiGetActualSectionToInstall), as InstallHinfSection does.
Napi::Value InstallSection(const Napi::CallbackInfo& info) {
  std::wstring path = ArgString(info, 0, "infPath");
  std::wstring requested = ArgString(info, 1, "section");
  std::optional<std::wstring> sourceDir = ArgOptString(info, 2, "sourceDir");
  return RunAsync<SectionResult>(
      info.Env(), [=] { return RunSection(path, requested, sourceDir); },
      [](Napi::Env env, SectionResult& r) -> Napi::Value {
        Napi::Object out = Napi::Object::New(env);
        out.Set("section", JsString(env, r.section));
        out.Set("rebootRequired", r.rebootRequired);
        out.Set("failures", FailuresToJs(env, r.failures));
        return out;
      });
}

// installHinfSection(path, section, mode): InstallHinfSectionW(NULL, NULL, "<section> <mode> <path>", 0),
// the call behind `rundll32 setupapi,InstallHinfSection <section> <mode> <path>`. It reports
// nothing, so the INF and the section are checked first. Returns { section }.
Napi::Value RunHinfSection(const Napi::CallbackInfo& info) {
  std::wstring path = ArgString(info, 0, "infPath");
  std::wstring requested = ArgString(info, 1, "section");
  uint32_t mode = ArgUint32(info, 2, "mode");
  std::wstring section;
  {
    Inf inf = OpenInf(path);
    section = ActualSection(inf.get(), requested);
    RequireSection(inf.get(), section);
  }
  std::wstring command = requested + L" " + std::to_wstring(mode) + L" " + path;
  InstallHinfSectionW(nullptr, nullptr, command.c_str(), SW_HIDE);
  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  out.Set("section", JsString(env, section));
  return out;
}

}  // namespace

void RegisterSections(Napi::Env, Napi::Object exports) {
  INFKIT_EXPORT(exports, "installSection", InstallSection);
  INFKIT_EXPORT(exports, "installHinfSection", RunHinfSection);
}

}  // namespace infkit
