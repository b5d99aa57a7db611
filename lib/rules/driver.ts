// --driver: Windows Driver package rules (the DCH-style requirements the Hardware Dev Center
// checks): PnpLockdown, the [Version] entries a signed package needs, files in the driver
// store, no co-installers.
import type { Rule } from './types.js';
import { onlyIn } from './catalogue.js';
import { infInt, readVersion } from '../inf/model.js';
import { directiveLines } from './helpers.js';

const pnpLockdown: Rule = {
  code: 'INF1324',
  title: 'PnpLockdown missing or not 1 (Windows Driver)',
  description:
    'A Windows Driver package must set `PnpLockdown = 1` in [Version], so that its files (in the driver store) ' +
    'cannot be modified by other software after installation.',
  fix: 'Add `PnpLockdown = 1` to [Version].',
  bad: '[Version]\nSignature = "$Windows NT$"\nClass = System',
  good: '[Version]\nSignature = "$Windows NT$"\nClass = System\nPnpLockdown = 1',
  check(ctx) {
    const { section, pnpLockdown } = readVersion(ctx.doc);
    if (!section) return; // INF1001
    if (!pnpLockdown) ctx.report(section, '[Version] has no PnpLockdown; add PnpLockdown = 1');
    else if (infInt(pnpLockdown.value.trim()) !== 1) ctx.report(pnpLockdown.field, `PnpLockdown must be 1, not "${pnpLockdown.value}"`);
  },
};

const coInstallers: Rule = {
  code: 'INF1303',
  title: 'Co-installers in a Windows Driver',
  description: 'Windows Drivers may not use co-installers (CoInstallers32 entries in a DDInstall.CoInstallers section).',
  fix: 'Remove the co-installer; move its work into the driver or a companion app.',
  bad: '[Install.NTamd64.CoInstallers]\nAddReg = CoInst_AddReg\n\n[CoInst_AddReg]\nHKR,,CoInstallers32,0x00010000,"WdfCoInstaller01011.dll,WdfCoInstaller"',
  good: '; no .CoInstallers section',
  check(ctx) {
    for (const section of ctx.doc.sections) {
      if (/\.coinstallers$/i.test(section.name)) ctx.report(section, `[${section.name}] installs a co-installer`);
    }
    for (const { line, directive } of directiveLines(ctx.doc)) {
      if (directive === 'coinstallers32') ctx.report(line, 'CoInstallers32 is not allowed in a Windows Driver');
    }
  },
};

export const rules: Rule[] = [pnpLockdown, coInstallers];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {};
