// Driver-package requirements InfVerif checks in every mode: PnpLockdown, and no co-installers or
// class installers.
import type { Rule } from './types.js';
import { infInt, readVersion } from '../inf/model.js';
import { allFields, targetSections } from './helpers.js';

const pnpLockdown: Rule = {
  code: 'INF1324',
  description:
    'A driver package should set `PnpLockdown = 1` in [Version], so that its installed files cannot be modified ' +
    'by other software. InfVerif reports it in every mode: a warning, an error under /w.',
  fix: 'Add `PnpLockdown = 1` to [Version].',
  bad: '[Version]\nSignature = "$Windows NT$"\nClass = System',
  good: '[Version]\nSignature = "$Windows NT$"\nClass = System\nPnpLockdown = 1',
  check(ctx) {
    const { section, pnpLockdown } = readVersion(ctx.doc);
    if (!section) return; // INF1001
    if (!pnpLockdown)
      ctx.report(
        section,
        '[Version] has no PnpLockdown; add PnpLockdown = 1 so that other software cannot modify the installed driver files',
      );
    else if (infInt(pnpLockdown.value.trim()) !== 1) ctx.report(pnpLockdown.field, `PnpLockdown must be 1, not "${pnpLockdown.value}"`);
  },
};

/** The KMDF co-installer (WdfCoInstaller01011.dll, stampinf's WdfCoInstaller$KMDFCOINSTALLERVERSION$.dll). */
const WDF_COINSTALLER = /^\s*wdfcoinstaller[^,\\/]*\.dll\s*(,|$)/i;
const CO_DEVICE_INSTALLERS = /(^|\\)control\\codeviceinstallers\\?$/i;

const coInstallers: Rule = {
  code: 'INF1303',
  description:
    'An AddReg entry registers a co-installer or class installer, which modern Windows no longer supports: the ' +
    "CoInstallers32 value (a DDInstall.CoInstallers section's device co-installers), a class co-installer under " +
    "HKLM\\System\\CurrentControlSet\\Control\\CoDeviceInstallers, or a class key's Installer32. The KMDF " +
    'co-installer (WdfCoInstaller*.dll) is not reported: Windows 10 ships the framework and skips it, and InfVerif ' +
    "does not report it (posted /u results for Microsoft's simbatt sample).",
  fix: 'Remove the co-installer; move its work into the driver, a companion app or a component INF.',
  bad: '[Install.NTamd64.CoInstallers]\nAddReg = CoInst_AddReg\n\n[CoInst_AddReg]\nHKR,,CoInstallers32,0x00010000,"ContosoCoInst.dll,CoInstallerEntry"',
  good: '[Install.NTamd64.CoInstallers]\nAddReg = CoInst_AddReg\n\n[CoInst_AddReg]\nHKR,,CoInstallers32,0x00010000,"WdfCoInstaller01011.dll,WdfCoInstaller"',
  check(ctx) {
    for (const section of targetSections(ctx.doc, 'addreg')) {
      for (const line of section.lines) {
        const [root, subkey, name, , ...data] = allFields(line);
        if (!root || !name) continue;
        const valueName = name.value.trim().toLowerCase();
        const what =
          valueName === 'coinstallers32'
            ? 'co-installers (CoInstallers32)'
            : valueName === 'installer32' && root.value.trim().toUpperCase() === 'HKR'
              ? 'a class installer (Installer32)'
              : CO_DEVICE_INSTALLERS.test(subkey?.value.trim() ?? '')
                ? 'class co-installers (CoDeviceInstallers)'
                : null;
        if (!what) continue;
        const values = data.map((f) => f.value.trim()).filter((v) => v !== '');
        // A key or value without data defines nothing; the KMDF co-installer alone is skipped (see above).
        if (values.length === 0 || values.every((v) => WDF_COINSTALLER.test(v))) continue;
        ctx.report(line, `AddReg entry in [${section.name}] defines ${what}: "${values.join('", "')}"`);
      }
    }
  },
};

export const rules: Rule[] = [pnpLockdown, coInstallers];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {};
