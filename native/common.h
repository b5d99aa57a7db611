// Shared pieces of the infkit addon: failures that carry Win32/SetupAPI/CONFIGRET codes to JS,
// RAII owners for every handle type we open, UTF-16 <-> JS strings, GUIDs, argument checks and
// registry value reads. Each API area lives in its own .cc file and registers its functions
// through one Register* function (see addon.cc).
//
// Each export is one primitive of lib/backend/types.ts (Primitives); lib/backend/core.ts checks
// arguments, fills defaults and names failures. The checks here are the second line, so that a
// wrong call throws a TypeError instead of crashing Node.
#pragma once

#ifndef UNICODE
#define UNICODE
#endif
#ifndef _UNICODE
#define _UNICODE
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif

#include <windows.h>
#include <setupapi.h>
#include <cfgmgr32.h>

#include <napi.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace infkit {

// ---------------------------------------------------------------------------------------------
// Failures
// ---------------------------------------------------------------------------------------------

enum class Source { Win32, SetupApi, ConfigRet };

// A failed Win32 call. Thrown inside the addon, turned into a JS Error at the export boundary
// (Guard) with properties winCode (the raw code), api and source: a PrimitiveFailure
// (lib/backend/types.ts), which lib/backend/core.ts names and turns into a WinError.
struct WinFailure {
  std::string api;
  uint32_t code;
  Source source;
};

// The calling thread's last error as it is (0 too), classified (0xE000xxxx are SetupAPI codes).
[[noreturn]] void ThrowLastError(const char* api);
[[noreturn]] void ThrowWin32(const char* api, DWORD code);
[[noreturn]] void ThrowConfigRet(const char* api, CONFIGRET cr);

// ---------------------------------------------------------------------------------------------
// Strings and GUIDs
// ---------------------------------------------------------------------------------------------

Napi::String JsString(Napi::Env env, const std::wstring& s);
Napi::String JsString(Napi::Env env, const wchar_t* s);
std::wstring WideOf(const Napi::Value& v);
std::string Utf8(const std::wstring& s);

// '{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}' upper-case.
std::wstring GuidString(const GUID& guid);
// Strict parse of a braced GUID; false when malformed.
bool ParseGuid(const std::wstring& text, GUID* out);

// Splits a REG_MULTI_SZ buffer (wide chars) into strings; stops at the first empty string.
std::vector<std::wstring> SplitMultiSz(const wchar_t* data, size_t chars);
Napi::Array StringsToJs(Napi::Env env, const std::vector<std::wstring>& list);

// ---------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------

std::wstring ArgString(const Napi::CallbackInfo& info, size_t i, const char* what);
std::optional<std::wstring> ArgOptString(const Napi::CallbackInfo& info, size_t i, const char* what);
GUID ArgGuid(const Napi::CallbackInfo& info, size_t i, const char* what);
std::optional<GUID> ArgOptGuid(const Napi::CallbackInfo& info, size_t i, const char* what);
uint32_t ArgUint32(const Napi::CallbackInfo& info, size_t i, const char* what);
bool ArgBool(const Napi::CallbackInfo& info, size_t i, const char* what);

// ---------------------------------------------------------------------------------------------
// Export boundary
// ---------------------------------------------------------------------------------------------

using Impl = Napi::Value (*)(const Napi::CallbackInfo&);

// Runs impl, turning WinFailure and any C++ exception into a JS exception. Nothing escapes.
Napi::Value Guard(const Napi::CallbackInfo& info, Impl impl);

template <Impl impl>
Napi::Value Guarded(const Napi::CallbackInfo& info) {
  return Guard(info, impl);
}

// The JS Error for a failure: message, winCode, api, source.
Napi::Error WinFailureToJs(Napi::Env env, const WinFailure& failure);

// Runs `work` (Win32 calls only, no N-API) on the libuv thread pool, for calls that can take
// long (driver installs, file copies, waits), and returns a Promise: resolved with
// convert(env, result) on the main thread, rejected with the WinFailure's JS error. Arguments
// are read (and refused with a TypeError) on the main thread, before.
template <typename T>
class PromiseWorker : public Napi::AsyncWorker {
 public:
  PromiseWorker(Napi::Env env, std::function<T()> work, std::function<Napi::Value(Napi::Env, T&)> convert)
      : Napi::AsyncWorker(env, "infkit"), deferred_(Napi::Promise::Deferred::New(env)), work_(std::move(work)),
        convert_(std::move(convert)) {}

  Napi::Promise Promise() const { return deferred_.Promise(); }

 protected:
  void Execute() override {
    try {
      result_ = work_();
    } catch (const WinFailure& f) {
      failure_ = f;
    } catch (const std::exception& e) {
      SetError(std::string("infkit addon internal error: ") + e.what());
    } catch (...) {
      SetError("infkit addon internal error");
    }
  }

  void OnOK() override {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    if (failure_) {
      deferred_.Reject(WinFailureToJs(env, *failure_).Value());
      return;
    }
    try {
      deferred_.Resolve(convert_(env, result_));
    } catch (const Napi::Error& e) {
      deferred_.Reject(e.Value());
    }
  }

  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  std::function<T()> work_;
  std::function<Napi::Value(Napi::Env, T&)> convert_;
  T result_{};
  std::optional<WinFailure> failure_;
};

template <typename T>
Napi::Value RunAsync(Napi::Env env, std::function<T()> work, std::function<Napi::Value(Napi::Env, T&)> convert) {
  auto* worker = new PromiseWorker<T>(env, std::move(work), std::move(convert));  // deletes itself when done
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

#define INFKIT_EXPORT(exports, name, impl) \
  (exports).Set(name, Napi::Function::New<::infkit::Guarded<impl>>((exports).Env(), name))

// ---------------------------------------------------------------------------------------------
// RAII owners
// ---------------------------------------------------------------------------------------------

template <typename H, typename Traits>
class Owned {
 public:
  Owned() = default;
  explicit Owned(H h) : h_(h) {}
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;
  Owned(Owned&& o) noexcept : h_(std::exchange(o.h_, Traits::invalid())) {}
  Owned& operator=(Owned&& o) noexcept {
    if (this != &o) {
      reset();
      h_ = std::exchange(o.h_, Traits::invalid());
    }
    return *this;
  }
  ~Owned() { reset(); }
  void reset() {
    if (valid()) Traits::close(h_);
    h_ = Traits::invalid();
  }
  bool valid() const { return h_ != Traits::invalid() && h_ != nullptr; }
  H get() const { return h_; }
  H* put() {
    reset();
    return &h_;
  }

 private:
  H h_ = Traits::invalid();
};

struct DevInfoTraits {
  static HDEVINFO invalid() { return INVALID_HANDLE_VALUE; }
  static void close(HDEVINFO h) { SetupDiDestroyDeviceInfoList(h); }
};
struct InfTraits {
  static HINF invalid() { return INVALID_HANDLE_VALUE; }
  static void close(HINF h) { SetupCloseInfFile(h); }
};
struct KeyTraits {
  static HKEY invalid() { return nullptr; }
  static void close(HKEY h) { RegCloseKey(h); }
};
struct FileQueueTraits {
  static HSPFILEQ invalid() { return INVALID_HANDLE_VALUE; }
  static void close(HSPFILEQ h) { SetupCloseFileQueue(h); }
};
struct HandleTraits {
  static HANDLE invalid() { return INVALID_HANDLE_VALUE; }
  static void close(HANDLE h) { CloseHandle(h); }
};
struct FindTraits {
  static HANDLE invalid() { return INVALID_HANDLE_VALUE; }
  static void close(HANDLE h) { FindClose(h); }
};
struct LibraryTraits {
  static HMODULE invalid() { return nullptr; }
  static void close(HMODULE h) { FreeLibrary(h); }
};

using DevInfo = Owned<HDEVINFO, DevInfoTraits>;
using Inf = Owned<HINF, InfTraits>;
using RegKey = Owned<HKEY, KeyTraits>;
using FileQueue = Owned<HSPFILEQ, FileQueueTraits>;
using Handle = Owned<HANDLE, HandleTraits>;
using FindHandle = Owned<HANDLE, FindTraits>;
using Library = Owned<HMODULE, LibraryTraits>;

// The default queue callback's context, created with no UI (INVALID_HANDLE_VALUE window).
class DefaultQueueContext {
 public:
  DefaultQueueContext();
  DefaultQueueContext(const DefaultQueueContext&) = delete;
  DefaultQueueContext& operator=(const DefaultQueueContext&) = delete;
  ~DefaultQueueContext();
  PVOID get() const { return ctx_; }

 private:
  PVOID ctx_;
};

// ---------------------------------------------------------------------------------------------
// Shared Win32 helpers
// ---------------------------------------------------------------------------------------------

// A function looked up at run time in a system DLL, for APIs Wine (or old Windows) may lack:
// the addon must load even when one of them is missing. SystemProc throws the loader's error
// (ERROR_MOD_NOT_FOUND, ERROR_PROC_NOT_FOUND) when it is absent; FindSystemProc returns nullptr.
FARPROC FindSystemProc(const wchar_t* dll, const char* name);
FARPROC SystemProc(const wchar_t* dll, const char* name);
template <typename F>
F Proc(const wchar_t* dll, const char* name) {
  return reinterpret_cast<F>(reinterpret_cast<void*>(SystemProc(dll, name)));
}
template <typename F>
F OptionalProc(const wchar_t* dll, const char* name) {
  return reinterpret_cast<F>(reinterpret_cast<void*>(FindSystemProc(dll, name)));
}

bool IsWine();

// SetupOpenInfFileW (INF_STYLE_WIN4) or throw.
Inf OpenInf(const std::wstring& path);
// SetupDiGetActualSectionToInstallW: the platform-decorated name of a section.
std::wstring ActualSection(HINF inf, const std::wstring& section);
// Throws ERROR_SECTION_NOT_FOUND when the section is absent (an empty section is present).
void RequireSection(HINF inf, const std::wstring& section);
bool HasSection(HINF inf, const std::wstring& section);
// SetupGetStringFieldW of a line (0 = the key); empty when the field does not exist.
std::wstring StringField(PINFCONTEXT ctx, DWORD index);

struct RegValue {
  DWORD type = REG_NONE;
  std::vector<uint8_t> data;
};
struct NamedRegValue {
  std::wstring name;  // L"" for the default value
  RegValue value;
};
// Every value of an open key, one RegEnumValueW call each (name, type and data together).
std::vector<NamedRegValue> ReadRegValues(HKEY key);
// A REG_SZ/REG_EXPAND_SZ value's text without its terminating NULs; nullopt for other types.
std::optional<std::wstring> RegString(const RegValue& value);
// A REG_MULTI_SZ value's strings; empty for other types.
std::vector<std::wstring> RegMultiSz(const RegValue& value);
bool KeyExists(HKEY root, const std::wstring& path);

// HKLM\SYSTEM\CurrentControlSet\Control\Class\{guid} (or \<subkey>, e.g. a driver key
// '{guid}\0000') and ...\DeviceClasses\{guid}.
std::wstring ClassKeyPath(const GUID& guid);
std::wstring ClassKeyPath(const std::wstring& subkey);
std::wstring InterfaceClassKeyPath(const GUID& guid);

// A failure collected by a file-queue callback.
struct QueueFailure {
  std::wstring file;
  DWORD code;
};

// Context for QueueCallback: wraps the default callback (no UI), collects every failure with
// its file and code (the operation is skipped so the rest of the queue runs), and notes delayed
// operations, which need a reboot.
struct QueueContext {
  DefaultQueueContext defaults;
  std::vector<QueueFailure> failures;
  bool rebootRequired = false;
};
UINT CALLBACK QueueCallback(PVOID context, UINT notification, UINT_PTR param1, UINT_PTR param2);
Napi::Array FailuresToJs(Napi::Env env, const std::vector<QueueFailure>& failures);

// Register functions of each API area.
void RegisterErrors(Napi::Env env, Napi::Object exports);
void RegisterClasses(Napi::Env env, Napi::Object exports);
void RegisterInterfaces(Napi::Env env, Napi::Object exports);
void RegisterSections(Napi::Env env, Napi::Object exports);
void RegisterDevices(Napi::Env env, Napi::Object exports);
void RegisterDrivers(Napi::Env env, Napi::Object exports);
void RegisterRegistry(Napi::Env env, Napi::Object exports);
void RegisterTrust(Napi::Env env, Napi::Object exports);

}  // namespace infkit
