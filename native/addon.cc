// Module entry: every API area registers its functions. The surface is declared for TypeScript
// in lib/backend/types.ts (Primitives, one export per member) plus abiVersion; keep them in step
// and bump abiVersion when a function changes shape.
#include "common.h"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  infkit::RegisterErrors(env, exports);
  infkit::RegisterClasses(env, exports);
  infkit::RegisterInterfaces(env, exports);
  infkit::RegisterSections(env, exports);
  infkit::RegisterDevices(env, exports);
  infkit::RegisterDrivers(env, exports);
  infkit::RegisterRegistry(env, exports);
  infkit::RegisterTrust(env, exports);
  exports.Set("abiVersion", Napi::Number::New(env, 4));
  return exports;
}

}  // namespace

NODE_API_MODULE(infkit, Init)
