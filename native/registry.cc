// Registry access for Backend.registry: values travel as (type, raw bytes); lib/backend/core.ts
// encodes and decodes them. Always the 64-bit view (KEY_WOW64_64KEY), where SetupAPI writes.
#include "common.h"

namespace infkit {

namespace {

HKEY ArgRoot(const Napi::CallbackInfo& info, size_t i) {
  std::wstring root = ArgString(info, i, "root");
  if (root == L"HKLM") return HKEY_LOCAL_MACHINE;
  if (root == L"HKCU") return HKEY_CURRENT_USER;
  if (root == L"HKCR") return HKEY_CLASSES_ROOT;
  if (root == L"HKU") return HKEY_USERS;
  throw Napi::TypeError::New(info.Env(), "root must be HKLM, HKCU, HKCR or HKU");
}

// readKey(root, path): null when the key does not exist, else
// { values: [{ name, type, data: Buffer }], subkeys: [name] }.
Napi::Value ReadKey(const Napi::CallbackInfo& info) {
  HKEY root = ArgRoot(info, 0);
  std::wstring path = ArgString(info, 1, "path");
  Napi::Env env = info.Env();
  RegKey key;
  LSTATUS st = RegOpenKeyExW(root, path.c_str(), 0, KEY_READ | KEY_WOW64_64KEY, key.put());
  if (st == ERROR_FILE_NOT_FOUND) return env.Null();
  if (st != ERROR_SUCCESS) ThrowWin32("RegOpenKeyExW", static_cast<DWORD>(st));

  DWORD maxName = 0;
  st = RegQueryInfoKeyW(key.get(), nullptr, nullptr, nullptr, nullptr, &maxName, nullptr, nullptr, nullptr, nullptr,
                        nullptr, nullptr);
  if (st != ERROR_SUCCESS) ThrowWin32("RegQueryInfoKeyW", static_cast<DWORD>(st));

  Napi::Array subkeys = Napi::Array::New(env);
  std::vector<wchar_t> name(maxName + 2);
  for (DWORD i = 0;; i++) {
    DWORD len = static_cast<DWORD>(name.size());
    st = RegEnumKeyExW(key.get(), i, name.data(), &len, nullptr, nullptr, nullptr, nullptr);
    if (st == ERROR_NO_MORE_ITEMS) break;
    if (st == ERROR_MORE_DATA) {  // a longer subkey appeared meanwhile
      name.resize(name.size() * 2);
      i--;
      continue;
    }
    if (st != ERROR_SUCCESS) ThrowWin32("RegEnumKeyExW", static_cast<DWORD>(st));
    subkeys.Set(subkeys.Length(), JsString(env, std::wstring(name.data(), len)));
  }

  std::vector<NamedRegValue> read = ReadRegValues(key.get());
  Napi::Array values = Napi::Array::New(env, read.size());
  for (size_t i = 0; i < read.size(); i++) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("name", JsString(env, read[i].name));
    o.Set("type", Napi::Number::New(env, read[i].value.type));
    o.Set("data", Napi::Buffer<uint8_t>::Copy(env, read[i].value.data.data(), read[i].value.data.size()));
    values.Set(static_cast<uint32_t>(i), o);
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("values", values);
  out.Set("subkeys", subkeys);
  return out;
}

// setValue(root, path, name, type, data): creates the key when needed.
Napi::Value SetValue(const Napi::CallbackInfo& info) {
  HKEY root = ArgRoot(info, 0);
  std::wstring path = ArgString(info, 1, "path");
  std::wstring name = ArgString(info, 2, "name");
  uint32_t type = ArgUint32(info, 3, "type");
  if (info.Length() <= 4 || !info[4].IsBuffer()) throw Napi::TypeError::New(info.Env(), "data must be a Buffer");
  Napi::Buffer<uint8_t> data = info[4].As<Napi::Buffer<uint8_t>>();
  RegKey key;
  LSTATUS st =
      RegCreateKeyExW(root, path.c_str(), 0, nullptr, 0, KEY_SET_VALUE | KEY_WOW64_64KEY, nullptr, key.put(), nullptr);
  if (st != ERROR_SUCCESS) ThrowWin32("RegCreateKeyExW", static_cast<DWORD>(st));
  st = RegSetValueExW(key.get(), name.c_str(), 0, type, data.Data(), static_cast<DWORD>(data.Length()));
  if (st != ERROR_SUCCESS) ThrowWin32("RegSetValueExW", static_cast<DWORD>(st));
  return info.Env().Undefined();
}

// deleteValue(root, path, name): ERROR_FILE_NOT_FOUND when the key or the value does not exist.
Napi::Value DeleteValue(const Napi::CallbackInfo& info) {
  HKEY root = ArgRoot(info, 0);
  std::wstring path = ArgString(info, 1, "path");
  std::wstring name = ArgString(info, 2, "name");
  RegKey key;
  LSTATUS st = RegOpenKeyExW(root, path.c_str(), 0, KEY_SET_VALUE | KEY_WOW64_64KEY, key.put());
  if (st != ERROR_SUCCESS) ThrowWin32("RegOpenKeyExW", static_cast<DWORD>(st));
  st = RegDeleteValueW(key.get(), name.c_str());
  if (st != ERROR_SUCCESS) ThrowWin32("RegDeleteValueW", static_cast<DWORD>(st));
  return info.Env().Undefined();
}

// deleteKey(root, path): the key and everything below it; no error when it does not exist.
Napi::Value DeleteKey(const Napi::CallbackInfo& info) {
  HKEY root = ArgRoot(info, 0);
  std::wstring path = ArgString(info, 1, "path");
  if (path.empty()) throw Napi::TypeError::New(info.Env(), "path may not be empty (refusing to delete a root key)");
  RegKey key;
  LSTATUS st = RegOpenKeyExW(root, path.c_str(), 0, DELETE | KEY_ALL_ACCESS | KEY_WOW64_64KEY, key.put());
  if (st == ERROR_FILE_NOT_FOUND) return info.Env().Undefined();
  if (st != ERROR_SUCCESS) ThrowWin32("RegOpenKeyExW", static_cast<DWORD>(st));
  st = RegDeleteTreeW(key.get(), nullptr);
  if (st != ERROR_SUCCESS) ThrowWin32("RegDeleteTreeW", static_cast<DWORD>(st));
  key.reset();
  st = RegDeleteKeyExW(root, path.c_str(), KEY_WOW64_64KEY, 0);
  if (st != ERROR_SUCCESS && st != ERROR_FILE_NOT_FOUND) ThrowWin32("RegDeleteKeyExW", static_cast<DWORD>(st));
  return info.Env().Undefined();
}

}  // namespace

void RegisterRegistry(Napi::Env, Napi::Object exports) {
  INFKIT_EXPORT(exports, "readKey", ReadKey);
  INFKIT_EXPORT(exports, "setValue", SetValue);
  INFKIT_EXPORT(exports, "deleteValue", DeleteValue);
  INFKIT_EXPORT(exports, "deleteKey", DeleteKey);
}

}  // namespace infkit
