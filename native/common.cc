// Helpers shared by every API area: strings, GUIDs, argument checks, INF handles, registry
// value reads and the collecting file-queue callback.
#include "common.h"

#include <cwctype>

namespace infkit {

// ---------------------------------------------------------------------------------------------
// Strings and GUIDs
// ---------------------------------------------------------------------------------------------

Napi::String JsString(Napi::Env env, const std::wstring& s) {
  return Napi::String::New(env, reinterpret_cast<const char16_t*>(s.c_str()), s.size());
}

Napi::String JsString(Napi::Env env, const wchar_t* s) { return JsString(env, std::wstring(s ? s : L"")); }

std::wstring WideOf(const Napi::Value& v) {
  std::u16string u = v.As<Napi::String>().Utf16Value();
  return std::wstring(reinterpret_cast<const wchar_t*>(u.data()), u.size());
}

std::string Utf8(const std::wstring& s) {
  if (s.empty()) return {};
  int n = WideCharToMultiByte(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), nullptr, 0, nullptr, nullptr);
  std::string out(static_cast<size_t>(n), '\0');
  WideCharToMultiByte(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), out.data(), n, nullptr, nullptr);
  return out;
}

std::wstring GuidString(const GUID& g) {
  wchar_t buf[40];
  swprintf(buf, 40, L"{%08lX-%04hX-%04hX-%02X%02X-%02X%02X%02X%02X%02X%02X}", static_cast<unsigned long>(g.Data1),
           g.Data2, g.Data3, g.Data4[0], g.Data4[1], g.Data4[2], g.Data4[3], g.Data4[4], g.Data4[5], g.Data4[6],
           g.Data4[7]);
  return buf;
}

bool ParseGuid(const std::wstring& text, GUID* out) {
  // {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}
  if (text.size() != 38 || text.front() != L'{' || text.back() != L'}') return false;
  auto hex = [&](size_t pos, size_t len, uint64_t* value) {
    uint64_t v = 0;
    for (size_t i = pos; i < pos + len; i++) {
      wchar_t c = text[i];
      int d;
      if (c >= L'0' && c <= L'9') d = c - L'0';
      else if (c >= L'a' && c <= L'f') d = c - L'a' + 10;
      else if (c >= L'A' && c <= L'F') d = c - L'A' + 10;
      else return false;
      v = v * 16 + static_cast<uint64_t>(d);
    }
    *value = v;
    return true;
  };
  if (text[9] != L'-' || text[14] != L'-' || text[19] != L'-' || text[24] != L'-') return false;
  uint64_t d1, d2, d3, d4a, d4b;
  if (!hex(1, 8, &d1) || !hex(10, 4, &d2) || !hex(15, 4, &d3) || !hex(20, 4, &d4a) || !hex(25, 12, &d4b)) return false;
  out->Data1 = static_cast<unsigned long>(d1);
  out->Data2 = static_cast<unsigned short>(d2);
  out->Data3 = static_cast<unsigned short>(d3);
  out->Data4[0] = static_cast<unsigned char>(d4a >> 8);
  out->Data4[1] = static_cast<unsigned char>(d4a);
  for (int i = 0; i < 6; i++) out->Data4[2 + i] = static_cast<unsigned char>(d4b >> (8 * (5 - i)));
  return true;
}

std::vector<std::wstring> SplitMultiSz(const wchar_t* data, size_t chars) {
  std::vector<std::wstring> out;
  size_t i = 0;
  while (i < chars && data[i] != L'\0') {
    size_t start = i;
    while (i < chars && data[i] != L'\0') i++;
    out.emplace_back(data + start, i - start);
    i++;
  }
  return out;
}

Napi::Array StringsToJs(Napi::Env env, const std::vector<std::wstring>& list) {
  Napi::Array arr = Napi::Array::New(env, list.size());
  for (size_t i = 0; i < list.size(); i++) arr.Set(static_cast<uint32_t>(i), JsString(env, list[i]));
  return arr;
}

// ---------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------

namespace {
[[noreturn]] void BadArg(const Napi::CallbackInfo& info, const char* what, const char* expected) {
  throw Napi::TypeError::New(info.Env(), std::string(what) + " must be " + expected);
}
}  // namespace

std::wstring ArgString(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (info.Length() <= i || !info[i].IsString()) BadArg(info, what, "a string");
  std::wstring s = WideOf(info[i]);
  if (s.find(L'\0') != std::wstring::npos) BadArg(info, what, "a string without NUL characters");
  return s;
}

std::optional<std::wstring> ArgOptString(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (info.Length() <= i || info[i].IsUndefined() || info[i].IsNull()) return std::nullopt;
  return ArgString(info, i, what);
}

GUID ArgGuid(const Napi::CallbackInfo& info, size_t i, const char* what) {
  GUID guid;
  if (!ParseGuid(ArgString(info, i, what), &guid)) BadArg(info, what, "a braced GUID string");
  return guid;
}

std::optional<GUID> ArgOptGuid(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (info.Length() <= i || info[i].IsUndefined() || info[i].IsNull()) return std::nullopt;
  return ArgGuid(info, i, what);
}

uint32_t ArgUint32(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (info.Length() <= i || !info[i].IsNumber()) BadArg(info, what, "a number");
  double d = info[i].As<Napi::Number>().DoubleValue();
  if (!(d >= 0 && d <= 4294967295.0) || d != static_cast<double>(static_cast<uint32_t>(d))) {
    BadArg(info, what, "an integer from 0 to 4294967295");
  }
  return static_cast<uint32_t>(d);
}

bool ArgBool(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (info.Length() <= i || !info[i].IsBoolean()) BadArg(info, what, "a boolean");
  return info[i].As<Napi::Boolean>().Value();
}

// ---------------------------------------------------------------------------------------------
// INF handles
// ---------------------------------------------------------------------------------------------

Inf OpenInf(const std::wstring& path) {
  // SetupOpenInfFile reports a missing file inconsistently across versions (and Wine);
  // check first so that a missing INF always reads ERROR_FILE_NOT_FOUND.
  DWORD attrs = GetFileAttributesW(path.c_str());
  if (attrs == INVALID_FILE_ATTRIBUTES) ThrowLastError("SetupOpenInfFileW");
  if (attrs & FILE_ATTRIBUTE_DIRECTORY) ThrowWin32("SetupOpenInfFileW", ERROR_FILE_NOT_FOUND);
  UINT errorLine = 0;
  Inf inf(SetupOpenInfFileW(path.c_str(), nullptr, INF_STYLE_WIN4, &errorLine));
  if (!inf.valid()) ThrowLastError("SetupOpenInfFileW");
  return inf;
}

std::wstring ActualSection(HINF inf, const std::wstring& section) {
  wchar_t actual[MAX_INF_SECTION_NAME_LENGTH + 1] = {};
  DWORD required = 0;
  if (!SetupDiGetActualSectionToInstallW(inf, section.c_str(), actual, MAX_INF_SECTION_NAME_LENGTH, &required,
                                         nullptr)) {
    ThrowLastError("SetupDiGetActualSectionToInstallW");
  }
  return actual;
}

bool HasSection(HINF inf, const std::wstring& section) {
  // SetupGetLineCount is -1 only for a missing section (an empty one has 0 lines). Wine's
  // SetupFindFirstLine says ERROR_LINE_NOT_FOUND for both, so it cannot tell them apart.
  return SetupGetLineCountW(inf, section.c_str()) >= 0;
}

std::wstring StringField(PINFCONTEXT ctx, DWORD index) {
  if (index > SetupGetFieldCount(ctx)) return {};  // Wine fails without an error code here
  DWORD required = 0;
  if (!SetupGetStringFieldW(ctx, index, nullptr, 0, &required)) {
    DWORD err = GetLastError();
    if (err == ERROR_INVALID_PARAMETER) return {};  // the field does not exist
    ThrowWin32("SetupGetStringFieldW", err);
  }
  std::wstring s(required, L'\0');
  if (!SetupGetStringFieldW(ctx, index, s.data(), required, nullptr)) ThrowLastError("SetupGetStringFieldW");
  while (!s.empty() && s.back() == L'\0') s.pop_back();
  return s;
}

void RequireSection(HINF inf, const std::wstring& section) {
  if (!HasSection(inf, section)) ThrowWin32("SetupGetLineCountW", ERROR_SECTION_NOT_FOUND);
}

// ---------------------------------------------------------------------------------------------
// Registry
// ---------------------------------------------------------------------------------------------

std::optional<std::wstring> RegString(const RegValue& value) {
  if (value.type != REG_SZ && value.type != REG_EXPAND_SZ) return std::nullopt;
  std::wstring s(reinterpret_cast<const wchar_t*>(value.data.data()), value.data.size() / sizeof(wchar_t));
  while (!s.empty() && s.back() == L'\0') s.pop_back();
  return s;
}

std::vector<std::wstring> RegMultiSz(const RegValue& value) {
  if (value.type != REG_MULTI_SZ) return {};
  return SplitMultiSz(reinterpret_cast<const wchar_t*>(value.data.data()), value.data.size() / sizeof(wchar_t));
}

std::vector<NamedRegValue> ReadRegValues(HKEY key) {
  // Buffers that fit nearly every value at once; a longer name (up to 16,383 chars) or larger
  // data gives ERROR_MORE_DATA, and that index is read again with room for it.
  std::vector<wchar_t> name(256);
  std::vector<uint8_t> data(4096);
  std::vector<NamedRegValue> values;
  for (DWORD i = 0, retries = 0;;) {
    DWORD nameLen = static_cast<DWORD>(name.size());
    DWORD dataLen = static_cast<DWORD>(data.size());
    DWORD type = REG_NONE;
    LSTATUS st = RegEnumValueW(key, i, name.data(), &nameLen, nullptr, &type, data.data(), &dataLen);
    if (st == ERROR_NO_MORE_ITEMS) return values;
    if (st == ERROR_MORE_DATA) {
      if (++retries > 8) ThrowWin32("RegEnumValueW", ERROR_MORE_DATA);
      name.resize(std::max<size_t>(name.size(), 16384));
      data.resize(std::max<size_t>(data.size() * 2, static_cast<size_t>(dataLen) + 2));
      continue;
    }
    if (st != ERROR_SUCCESS) ThrowWin32("RegEnumValueW", static_cast<DWORD>(st));
    values.push_back({std::wstring(name.data(), nameLen),
                      RegValue{type, std::vector<uint8_t>(data.begin(), data.begin() + dataLen)}});
    i++;
    retries = 0;
  }
}

bool KeyExists(HKEY root, const std::wstring& path) {
  RegKey key;
  LSTATUS st = RegOpenKeyExW(root, path.c_str(), 0, KEY_READ | KEY_WOW64_64KEY, key.put());
  if (st == ERROR_SUCCESS) return true;
  if (st == ERROR_FILE_NOT_FOUND) return false;
  ThrowWin32("RegOpenKeyExW", static_cast<DWORD>(st));
}

std::wstring ClassKeyPath(const std::wstring& subkey) {
  return L"SYSTEM\\CurrentControlSet\\Control\\Class\\" + subkey;
}

std::wstring ClassKeyPath(const GUID& guid) { return ClassKeyPath(GuidString(guid)); }

std::wstring InterfaceClassKeyPath(const GUID& guid) {
  return L"SYSTEM\\CurrentControlSet\\Control\\DeviceClasses\\" + GuidString(guid);
}

// ---------------------------------------------------------------------------------------------
// File queues
// ---------------------------------------------------------------------------------------------

DefaultQueueContext::DefaultQueueContext()
    : ctx_(SetupInitDefaultQueueCallbackEx(nullptr, static_cast<HWND>(INVALID_HANDLE_VALUE), 0, 0, nullptr)) {
  if (ctx_ == nullptr) ThrowLastError("SetupInitDefaultQueueCallbackEx");
}

DefaultQueueContext::~DefaultQueueContext() { SetupTermDefaultQueueCallback(ctx_); }

UINT CALLBACK QueueCallback(PVOID context, UINT notification, UINT_PTR param1, UINT_PTR param2) {
  auto* ctx = static_cast<QueueContext*>(context);
  switch (notification) {
    case SPFILENOTIFY_COPYERROR:
    case SPFILENOTIFY_DELETEERROR:
    case SPFILENOTIFY_RENAMEERROR: {
      auto* paths = reinterpret_cast<const FILEPATHS_W*>(param1);
      const wchar_t* file = paths->Source != nullptr ? paths->Source : paths->Target;
      if (notification != SPFILENOTIFY_COPYERROR && paths->Target != nullptr) file = paths->Target;
      ctx->failures.push_back({file ? file : L"", paths->Win32Error});
      return FILEOP_SKIP;
    }
    case SPFILENOTIFY_NEEDMEDIA: {
      // With no UI there is nobody to insert a disk: a missing source file is a failure.
      auto* media = reinterpret_cast<const SOURCE_MEDIA_W*>(param1);
      std::wstring source = std::wstring(media->SourcePath ? media->SourcePath : L"");
      if (!source.empty() && source.back() != L'\\') source += L'\\';
      source += media->SourceFile ? media->SourceFile : L"";
      if (GetFileAttributesW(source.c_str()) != INVALID_FILE_ATTRIBUTES) return FILEOP_DOIT;
      ctx->failures.push_back({source, ERROR_FILE_NOT_FOUND});
      return FILEOP_SKIP;
    }
    case SPFILENOTIFY_FILEOPDELAYED:
      ctx->rebootRequired = true;
      return FILEOP_DOIT;
    default:
      return SetupDefaultQueueCallbackW(ctx->defaults.get(), notification, param1, param2);
  }
}

Napi::Array FailuresToJs(Napi::Env env, const std::vector<QueueFailure>& failures) {
  Napi::Array out = Napi::Array::New(env, failures.size());
  for (size_t i = 0; i < failures.size(); i++) {
    Napi::Object f = Napi::Object::New(env);
    if (!failures[i].file.empty()) f.Set("file", JsString(env, failures[i].file));
    f.Set("code", Napi::Number::New(env, failures[i].code));
    out.Set(static_cast<uint32_t>(i), f);
  }
  return out;
}

}  // namespace infkit
