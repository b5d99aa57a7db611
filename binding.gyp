{
  # The infkit addon, for `node-gyp rebuild` on Windows (the Windows CI job, or a user who wants
  # to build it). On other systems the target is empty: it builds nothing and fails nothing.
  # package.json sets "gypfile": false, so npm never runs node-gyp on install: users get the
  # prebuilds (prebuilds/<platform>-<arch>/infkit.node, cross-compiled by scripts/build-win.sh).
  "targets": [
    {
      "target_name": "infkit",
      "conditions": [
        ["OS=='win'", {
          "sources": [
            "native/addon.cc",
            "native/classes.cc",
            "native/common.cc",
            "native/devices.cc",
            "native/drivers.cc",
            "native/errors.cc",
            "native/interfaces.cc",
            "native/registry.cc",
            "native/sections.cc"
          ],
          "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
          "defines": [
            "NAPI_VERSION=8",
            "NODE_ADDON_API_CPP_EXCEPTIONS",
            "UNICODE",
            "_UNICODE",
            "_WIN32_WINNT=0x0A00",
            "WINVER=0x0A00"
          ],
          "libraries": ["setupapi.lib", "cfgmgr32.lib", "advapi32.lib", "ole32.lib"],
          "msvs_settings": {
            "VCCLCompilerTool": { "ExceptionHandling": 1, "AdditionalOptions": ["/std:c++17", "/utf-8"] }
          }
        }, {
          "type": "none"
        }]
      ]
    }
  ]
}
