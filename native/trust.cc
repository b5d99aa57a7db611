// Trust on this machine: WinVerifyTrust of a signed file, the code integrity options
// (NtQuerySystemInformation) and the LocalMachine certificate stores (crypt32). wintrust's and
// ntdll's exports are looked up at run time, so that a missing one fails its call
// (ERROR_PROC_NOT_FOUND) instead of the addon's load.
#include "common.h"

#include <wintrust.h>
#include <softpub.h>

namespace infkit {

namespace {

struct StoreTraits {
  static HCERTSTORE invalid() { return nullptr; }
  static void close(HCERTSTORE h) { CertCloseStore(h, 0); }
};
using CertStore = Owned<HCERTSTORE, StoreTraits>;

// A Uint8Array argument (a Buffer is one), copied.
std::vector<uint8_t> ArgBytes(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (info.Length() <= i || !info[i].IsTypedArray() ||
      info[i].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    throw Napi::TypeError::New(info.Env(), std::string(what) + " must be a Uint8Array");
  }
  Napi::Uint8Array bytes = info[i].As<Napi::Uint8Array>();
  return std::vector<uint8_t>(bytes.Data(), bytes.Data() + bytes.ByteLength());
}

// verifyTrust(file) → Promise<number>: WinVerifyTrust's LONG, unsigned (0, TRUST_E_*, CERT_E_*).
// The result is data, not a failure. On the thread pool: it hashes the file and may fetch
// chain certificates.
Napi::Value VerifyTrust(const Napi::CallbackInfo& info) {
  std::wstring file = ArgString(info, 0, "file");
  return RunAsync<uint32_t>(
      info.Env(),
      [=] {
        using WinVerifyTrustFn = LONG(WINAPI*)(HWND, GUID*, LPVOID);
        auto winVerifyTrust = Proc<WinVerifyTrustFn>(L"wintrust.dll", "WinVerifyTrust");
        WINTRUST_FILE_INFO fileInfo{};
        fileInfo.cbStruct = sizeof fileInfo;
        fileInfo.pcwszFilePath = file.c_str();
        WINTRUST_DATA data{};
        data.cbStruct = sizeof data;
        data.dwUIChoice = WTD_UI_NONE;
        data.fdwRevocationChecks = WTD_REVOKE_NONE;
        data.dwUnionChoice = WTD_CHOICE_FILE;
        data.pFile = &fileInfo;
        data.dwStateAction = WTD_STATEACTION_VERIFY;
        GUID action = WINTRUST_ACTION_GENERIC_VERIFY_V2;
        HWND noUi = static_cast<HWND>(INVALID_HANDLE_VALUE);
        LONG result = winVerifyTrust(noUi, &action, &data);
        data.dwStateAction = WTD_STATEACTION_CLOSE;  // frees the state VERIFY kept
        winVerifyTrust(noUi, &action, &data);
        return static_cast<uint32_t>(result);
      },
      [](Napi::Env env, uint32_t& result) -> Napi::Value { return Napi::Number::New(env, result); });
}

// SYSTEM_CODEINTEGRITY_INFORMATION and its class, declared here: not every SDK's winternl.h has them.
struct CodeIntegrityInformation {
  ULONG Length;
  ULONG CodeIntegrityOptions;
};
constexpr ULONG kSystemCodeIntegrityInformation = 103;

// codeIntegrityOptions() → CodeIntegrityOptions (CODEINTEGRITY_OPTION_*). A failed NTSTATUS is
// thrown as the Win32 code RtlNtStatusToDosError gives for it.
Napi::Value CodeIntegrityOptions(const Napi::CallbackInfo& info) {
  using QueryFn = LONG(NTAPI*)(ULONG, PVOID, ULONG, PULONG);
  using ToDosErrorFn = ULONG(NTAPI*)(LONG);
  auto query = Proc<QueryFn>(L"ntdll.dll", "NtQuerySystemInformation");
  CodeIntegrityInformation ci{sizeof ci, 0};
  LONG status = query(kSystemCodeIntegrityInformation, &ci, sizeof ci, nullptr);
  if (status < 0) {  // !NT_SUCCESS
    auto toDosError = Proc<ToDosErrorFn>(L"ntdll.dll", "RtlNtStatusToDosError");
    ThrowWin32("NtQuerySystemInformation", toDosError(status));
  }
  return Napi::Number::New(info.Env(), ci.CodeIntegrityOptions);
}

// A LocalMachine system store ('Root', 'TrustedPublisher', ...) or throw.
CertStore OpenMachineStore(const std::wstring& name, DWORD flags) {
  CertStore store(CertOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0, CERT_SYSTEM_STORE_LOCAL_MACHINE | flags, name.c_str()));
  if (!store.valid()) ThrowLastError("CertOpenStore");
  return store;
}

// listCertificates(store) → [Buffer]: each certificate's DER. The store must exist.
Napi::Value ListCertificates(const Napi::CallbackInfo& info) {
  CertStore store =
      OpenMachineStore(ArgString(info, 0, "store"), CERT_STORE_READONLY_FLAG | CERT_STORE_OPEN_EXISTING_FLAG);
  std::vector<std::vector<uint8_t>> ders;
  PCCERT_CONTEXT cert = nullptr;  // each call frees the context it is given
  while ((cert = CertEnumCertificatesInStore(store.get(), cert)) != nullptr) {
    ders.emplace_back(cert->pbCertEncoded, cert->pbCertEncoded + cert->cbCertEncoded);
  }
  DWORD err = GetLastError();
  if (err != static_cast<DWORD>(CRYPT_E_NOT_FOUND)) ThrowWin32("CertEnumCertificatesInStore", err);
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env, ders.size());
  for (size_t i = 0; i < ders.size(); i++) {
    out.Set(static_cast<uint32_t>(i), Napi::Buffer<uint8_t>::Copy(env, ders[i].data(), ders[i].size()));
  }
  return out;
}

// addCertificate(store, der) → true when added, false when the store has it (CRYPT_E_EXISTS).
// The store is created when missing.
Napi::Value AddCertificate(const Napi::CallbackInfo& info) {
  std::wstring name = ArgString(info, 0, "store");
  std::vector<uint8_t> der = ArgBytes(info, 1, "der");
  CertStore store = OpenMachineStore(name, 0);
  Napi::Env env = info.Env();
  if (CertAddEncodedCertificateToStore(store.get(), X509_ASN_ENCODING, der.data(), static_cast<DWORD>(der.size()),
                                       CERT_STORE_ADD_NEW, nullptr)) {
    return Napi::Boolean::New(env, true);
  }
  DWORD err = GetLastError();
  if (err == static_cast<DWORD>(CRYPT_E_EXISTS)) return Napi::Boolean::New(env, false);
  ThrowWin32("CertAddEncodedCertificateToStore", err);
}

// removeCertificate(store, sha1) → true when the certificate with that SHA-1 hash (20 bytes) was
// deleted, false when the store has none. The store must exist.
Napi::Value RemoveCertificate(const Napi::CallbackInfo& info) {
  std::wstring name = ArgString(info, 0, "store");
  std::vector<uint8_t> sha1 = ArgBytes(info, 1, "sha1");
  if (sha1.size() != 20) throw Napi::TypeError::New(info.Env(), "sha1 must be 20 bytes");
  CertStore store = OpenMachineStore(name, CERT_STORE_OPEN_EXISTING_FLAG);
  Napi::Env env = info.Env();
  CRYPT_HASH_BLOB hash{static_cast<DWORD>(sha1.size()), sha1.data()};
  PCCERT_CONTEXT cert =
      CertFindCertificateInStore(store.get(), X509_ASN_ENCODING, 0, CERT_FIND_SHA1_HASH, &hash, nullptr);
  if (cert == nullptr) {
    DWORD err = GetLastError();
    if (err == static_cast<DWORD>(CRYPT_E_NOT_FOUND)) return Napi::Boolean::New(env, false);
    ThrowWin32("CertFindCertificateInStore", err);
  }
  // It frees the context, when it fails too.
  if (!CertDeleteCertificateFromStore(cert)) ThrowLastError("CertDeleteCertificateFromStore");
  return Napi::Boolean::New(env, true);
}

}  // namespace

void RegisterTrust(Napi::Env, Napi::Object exports) {
  INFKIT_EXPORT(exports, "verifyTrust", VerifyTrust);
  INFKIT_EXPORT(exports, "codeIntegrityOptions", CodeIntegrityOptions);
  INFKIT_EXPORT(exports, "listCertificates", ListCertificates);
  INFKIT_EXPORT(exports, "addCertificate", AddCertificate);
  INFKIT_EXPORT(exports, "removeCertificate", RemoveCertificate);
}

}  // namespace infkit
