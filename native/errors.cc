// Failures and the export boundary: every Win32, SetupAPI and CONFIGRET failure becomes a JS
// Error carrying the raw winCode, api and source (a PrimitiveFailure); lib/backend/core.ts names
// it (lib/backend/winerror-table.ts) and makes the WinError. Also: process facts (Wine,
// elevation, OS version) and FormatMessage for a code.
#include "common.h"

#include <cwctype>
#include <exception>

namespace infkit {

namespace {

constexpr DWORD kSetupApiMask = APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR;  // 0xE0000000

const char* SourceName(Source s) {
  switch (s) {
    case Source::SetupApi:
      return "setupapi";
    case Source::ConfigRet:
      return "configret";
    default:
      return "win32";
  }
}

// FormatMessageW(FROM_SYSTEM | IGNORE_INSERTS) of the number as given, without trailing
// whitespace and '.'; empty when the system has no text for it.
std::wstring FormatSystemMessage(DWORD code) {
  wchar_t* buffer = nullptr;
  DWORD n = FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                           nullptr, code, MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT),
                           reinterpret_cast<wchar_t*>(&buffer), 0, nullptr);
  std::wstring text;
  if (n != 0 && buffer != nullptr) text.assign(buffer, n);
  if (buffer != nullptr) LocalFree(buffer);
  while (!text.empty() && (std::iswspace(text.back()) || text.back() == L'.')) text.pop_back();
  return text;
}

}  // namespace

void ThrowWin32(const char* api, DWORD code) {
  Source source = (code & kSetupApiMask) == kSetupApiMask ? Source::SetupApi : Source::Win32;
  throw WinFailure{api, code, source};
}

void ThrowLastError(const char* api) { ThrowWin32(api, GetLastError()); }

void ThrowConfigRet(const char* api, CONFIGRET cr) { throw WinFailure{api, cr, Source::ConfigRet}; }

Napi::Error WinFailureToJs(Napi::Env env, const WinFailure& f) {
  Napi::Error error = Napi::Error::New(env, f.api + " failed with code " + std::to_string(f.code));
  error.Set("winCode", Napi::Number::New(env, f.code));
  error.Set("api", Napi::String::New(env, f.api));
  error.Set("source", Napi::String::New(env, SourceName(f.source)));
  return error;
}

Napi::Value Guard(const Napi::CallbackInfo& info, Impl impl) {
  Napi::Env env = info.Env();
  try {
    return impl(info);
  } catch (const WinFailure& f) {
    throw WinFailureToJs(env, f);
  } catch (const Napi::Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, std::string("infkit addon internal error: ") + e.what());
  } catch (...) {
    throw Napi::Error::New(env, "infkit addon internal error");
  }
}

FARPROC FindSystemProc(const wchar_t* dll, const char* name) {
  HMODULE module = GetModuleHandleW(dll);
  if (module == nullptr) module = LoadLibraryExW(dll, nullptr, LOAD_LIBRARY_SEARCH_SYSTEM32);
  // Loaded system DLLs stay loaded for the life of the process, like the static imports.
  return module == nullptr ? nullptr : GetProcAddress(module, name);
}

FARPROC SystemProc(const wchar_t* dll, const char* name) {
  FARPROC proc = FindSystemProc(dll, name);
  if (proc == nullptr) ThrowLastError(name);  // set by LoadLibraryExW or GetProcAddress
  return proc;
}

bool IsWine() {
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  return ntdll != nullptr && GetProcAddress(ntdll, "wine_get_version") != nullptr;
}

namespace {

bool IsElevated() {
  Handle token;
  if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, token.put())) ThrowLastError("OpenProcessToken");
  TOKEN_ELEVATION elevation{};
  DWORD size = 0;
  if (!GetTokenInformation(token.get(), TokenElevation, &elevation, sizeof elevation, &size)) {
    ThrowLastError("GetTokenInformation");
  }
  return elevation.TokenIsElevated != 0;
}

std::string NativeArch() {
  SYSTEM_INFO si{};
  GetNativeSystemInfo(&si);
  switch (si.wProcessorArchitecture) {
    case PROCESSOR_ARCHITECTURE_AMD64:
      return "amd64";
    case PROCESSOR_ARCHITECTURE_INTEL:
      return "x86";
    case 12:  // PROCESSOR_ARCHITECTURE_ARM64
      return "arm64";
    default:
      return "unknown";
  }
}

// RtlGetVersion, because GetVersionEx lies to processes without a compatibility manifest.
std::string OsVersion() {
  using RtlGetVersionFn = LONG(WINAPI*)(OSVERSIONINFOW*);
  auto rtlGetVersion = Proc<RtlGetVersionFn>(L"ntdll.dll", "RtlGetVersion");
  OSVERSIONINFOW v{};
  v.dwOSVersionInfoSize = sizeof v;
  if (rtlGetVersion(&v) != 0) ThrowWin32("RtlGetVersion", ERROR_GEN_FAILURE);
  return std::to_string(v.dwMajorVersion) + "." + std::to_string(v.dwMinorVersion) + "." +
         std::to_string(v.dwBuildNumber);
}

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object result = Napi::Object::New(env);
  bool wine = IsWine();
  result.Set("wine", wine);
  if (wine) {
    using WineVersionFn = const char*(CDECL*)();
    auto version = Proc<WineVersionFn>(L"ntdll.dll", "wine_get_version");
    result.Set("wineVersion", Napi::String::New(env, version()));
  }
  result.Set("elevated", IsElevated());
  result.Set("arch", NativeArch());
  result.Set("osVersion", OsVersion());
  return result;
}

// formatMessage(code): the system text for a Win32 code or HRESULT, '' when there is none. The
// caller gives the number FormatMessage knows (HRESULT_FROM_SETUPAPI, a CONFIGRET's Win32 code).
Napi::Value FormatMessageJs(const Napi::CallbackInfo& info) {
  return JsString(info.Env(), FormatSystemMessage(ArgUint32(info, 0, "code")));
}

}  // namespace

void RegisterErrors(Napi::Env, Napi::Object exports) {
  INFKIT_EXPORT(exports, "info", Info);
  INFKIT_EXPORT(exports, "formatMessage", FormatMessageJs);
}

}  // namespace infkit
