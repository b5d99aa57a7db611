// --driver: Windows Driver package rules (the DCH-style requirements the Hardware Dev Center
// checks): PnpLockdown, the [Version] entries a signed package needs, files in the driver
// store, no co-installers.
import type { Rule } from './types.js';
import { infInt, readDestinationDirs, readVersion } from '../inf/model.js';
import { directiveLines } from './helpers.js';

const pnpLockdown: Rule = {
  code: 'INF1324',
  severity: 'error',
  title: 'PnpLockdown missing or not 1 (Windows Driver)',
  description:
    'A Windows Driver package must set `PnpLockdown = 1` in [Version], so that its files (in the driver store) ' +
    'cannot be modified by other software after installation.',
  fix: 'Add `PnpLockdown = 1` to [Version].',
  bad: '[Version]\nSignature = "$Windows NT$"\nClass = System',
  good: '[Version]\nSignature = "$Windows NT$"\nClass = System\nPnpLockdown = 1',
  modes: ['driver'],
  check(ctx) {
    const { section, pnpLockdown } = readVersion(ctx.doc);
    if (!section) return; // INF1001
    if (!pnpLockdown) ctx.report(section, '[Version] has no PnpLockdown; add PnpLockdown = 1');
    else if (infInt(pnpLockdown.value.trim()) !== 1) ctx.report(pnpLockdown.field, `PnpLockdown must be 1, not "${pnpLockdown.value}"`);
  },
};

const REQUIRED_VERSION_ENTRIES = ['Class', 'ClassGuid', 'Provider', 'DriverVer', 'CatalogFile'];

const requiredVersion: Rule = {
  code: 'INF9802',
  seeAlso: '1233',
  severity: 'error',
  title: 'Required [Version] entry missing (Windows Driver)',
  description:
    `A driver package needs ${REQUIRED_VERSION_ENTRIES.join(', ')} in [Version] and Signature = "$Windows NT$": ` +
    'the catalog carries the signature, and Class, Provider and DriverVer decide how Windows ranks and files the driver. ' +
    'A decorated CatalogFile (CatalogFile.NTamd64) counts. InfVerif\'s 1233 is the CatalogFile part of this check.',
  fix: 'Add the missing entry to [Version].',
  bad: '[Version]\nSignature = "$Chicago$"\nClass = System\nClassGuid = {4d36e97d-e325-11ce-bfc1-08002be10318}\nProvider = %Mfg%\nDriverVer = 06/21/2024,1.0.0.0',
  good: '[Version]\nSignature = "$Windows NT$"\nClass = System\nClassGuid = {4d36e97d-e325-11ce-bfc1-08002be10318}\nProvider = %Mfg%\nDriverVer = 06/21/2024,1.0.0.0\nCatalogFile = sample.cat',
  modes: ['driver'],
  check(ctx) {
    const version = ctx.doc.section('Version');
    if (!version) return; // INF1001
    const keys = new Set(version.lines.map((l) => l.key?.trim().toLowerCase().replace(/\..*$/, '')));
    for (const entry of REQUIRED_VERSION_ENTRIES) {
      if (!keys.has(entry.toLowerCase())) ctx.report(version, `[Version] has no ${entry}`);
    }
    const { signature } = readVersion(ctx.doc);
    if (signature && signature.value.trim().toLowerCase() !== '$windows nt$') {
      ctx.report(signature.field, `a driver package must have Signature = "$Windows NT$", not "${signature.value.trim()}"`);
    }
  },
};

const outsideDriverStore: Rule = {
  code: 'INF1322',
  severity: 'warning',
  title: 'Files copied outside the driver store (Windows Driver)',
  description:
    'A Windows Driver package should run its files from the driver store (DIRID 13) instead of copying them to ' +
    'System32 or elsewhere (driver package isolation).',
  fix: 'Use `DefaultDestDir = 13` (and 13 for every entry of [DestinationDirs]) and load files from there.',
  bad: '[DestinationDirs]\nDefaultDestDir = 12',
  good: '[DestinationDirs]\nDefaultDestDir = 13',
  modes: ['driver'],
  check(ctx) {
    for (const entry of readDestinationDirs(ctx.doc).entries) {
      if (entry.diridText.trim() !== '' && entry.dirid !== undefined && entry.dirid !== 13) {
        ctx.report(entry.line.fields[0], `${entry.key} copies to DIRID ${entry.dirid}, outside the driver store (13)`);
      }
    }
  },
};

const coInstallers: Rule = {
  code: 'INF1303',
  severity: 'error',
  title: 'Co-installers in a Windows Driver',
  description: 'Windows Drivers may not use co-installers (CoInstallers32 entries in a DDInstall.CoInstallers section).',
  fix: 'Remove the co-installer; move its work into the driver or a companion app.',
  bad: '[Install.NTamd64.CoInstallers]\nAddReg = CoInst_AddReg\n\n[CoInst_AddReg]\nHKR,,CoInstallers32,0x00010000,"WdfCoInstaller01011.dll,WdfCoInstaller"',
  good: '; no .CoInstallers section',
  modes: ['driver'],
  check(ctx) {
    for (const section of ctx.doc.sections) {
      if (/\.coinstallers$/i.test(section.name)) ctx.report(section, `[${section.name}] installs a co-installer`);
    }
    for (const { line, directive } of directiveLines(ctx.doc)) {
      if (directive === 'coinstallers32') ctx.report(line, 'CoInstallers32 is not allowed in a Windows Driver');
    }
  },
};

export const rules: Rule[] = [pnpLockdown, requiredVersion, outsideDriverStore, coInstallers];
