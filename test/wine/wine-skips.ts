// Contract cases that cannot pass under Wine 8 because Wine lacks or differs from the API,
// by exact case name, with the reason. Each is written up in docs/wine-gaps.md; the cases
// still run on a real Windows runner (.github/workflows/windows.yml).
export const WINE_SKIPS: Record<string, string> = {
  'drivers: stageDriver returns oemNN.inf, listDrivers shows it, removeDriver removes it':
    "Wine 8's SetupCopyOEMInf publishes the INF under its own name (not oemNN.inf) and installs the CatalogFile it names, which this fixture does not ship (docs/wine-gaps.md); test/wine/effects.ts stages and removes a package instead",
  'devices: a root device without a driver has CM_PROB_FAILED_INSTALL; disable, enable, restart, rescan':
    "Wine 8's CM_Get_DevNode_Status gives status 0 and problem 0 for every node, SetupDiSetClassInstallParamsW is a stub, DIF_PROPERTYCHANGE gives ERROR_DI_DO_DEFAULT and CM_Locate_DevNodeW gives CR_FAILURE (docs/wine-gaps.md)",
  'core: createDevice({ inf }) installs the driver on the new device':
    "Wine 8 keeps the original INF name as the driver's InfPath and has none of the DEVPKEY_Device_Driver* properties (docs/wine-gaps.md)",
  'core: installDriver puts the package on the device with that hardware ID; installing it again keeps the same package':
    "Wine 8's UpdateDriverForPlugAndPlayDevicesW does not record a staged oemNN.inf as the device's driver, and has none of the DEVPKEY_Device_Driver* properties (docs/wine-gaps.md)",
  'core: createDevice({ inf }) whose driver install fails leaves no device behind':
    "Wine 8's SetupCopyOEMInf stages a package without CatalogFile, so the driver install does not fail there (docs/wine-gaps.md)",
  'core: installDriver for a hardware ID no present device has fails with ERROR_NO_SUCH_DEVINST':
    "Wine 8's UpdateDriverForPlugAndPlayDevicesW succeeds when no device has the hardware ID (docs/wine-gaps.md)",
  'trust: a certificate added to Root is listed by its thumbprint, once, and removed again':
    "Wine 8's CertDeleteCertificateFromStore returns TRUE but the certificate stays in the store (the context it should free keeps the store from being written back) (docs/wine-gaps.md)",
};
