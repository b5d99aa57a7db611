// Contract cases that cannot pass under Wine 8 because Wine lacks or differs from the API,
// by exact case name, with the reason. Each is written up in docs/wine-gaps.md; the cases
// still run on a real Windows runner (.github/workflows/windows.yml).
export const WINE_SKIPS: Record<string, string> = {
  'drivers: stageDriver returns oemNN.inf, listDrivers shows it, removeDriver removes it':
    "Wine 8's SetupCopyOEMInf publishes the INF under its own name (not oemNN.inf) and installs the CatalogFile it names, which this fixture does not ship (docs/wine-gaps.md); test/wine/effects.ts stages and removes a package instead",
};
