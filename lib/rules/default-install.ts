// [DefaultInstall] and [DefaultUninstall] (plain or decorated): what [DefaultInstall] may hold, that it
// cannot go with [Manufacturer], and that it needs an architecture decoration.
import type { Rule } from './types.js';
import { everyMode } from './catalogue.js';
import { defaultSections, hasArchitecture } from './primitive.js';

const driverVerInDefaultInstall: Rule = {
  code: 'INF9601',
  seeAlso: '1300',
  levels: everyMode('error'),
  title: 'DriverVer in [DefaultInstall]',
  description:
    '[DefaultInstall] installs software, not a device: DriverVer belongs in [Version], and Windows ignores it here. ' +
    '(LogConfig, the other directive the DefaultInstall page forbids, is reported as INF1300 wherever it is.)',
  fix: 'Move DriverVer to [Version].',
  bad: '[DefaultInstall.NTamd64]\nDriverVer = 06/21/2024,1.0.0.0\nCopyFiles = Files',
  good: '[DefaultInstall.NTamd64]\nCopyFiles = Files',
  check(ctx) {
    for (const d of defaultSections(ctx.doc)) {
      if (d.kind !== 'install' || d.suffix !== null) continue;
      for (const line of d.section.lines) {
        if (line.key?.trim().toLowerCase() === 'driverver') ctx.report(line, `DriverVer is not allowed in [${d.section.name}]`);
      }
    }
  },
};

const withManufacturer: Rule = {
  code: 'INF1212',
  description:
    'An INF may not have both a [DefaultInstall] section (in any decoration) and a [Manufacturer] section: a device ' +
    'driver package is installed through its Models, and [DefaultInstall] makes it a software installer at the same ' +
    'time, which installs inconsistently and fails signing and Universal validation.',
  fix: 'Split the package: device installation through [Manufacturer], software through a separate INF (a primitive driver) or an extension INF.',
  bad: '[Version]\nSignature = "$Windows NT$"\n\n[Manufacturer]\n%Mfg% = Models,NTamd64\n\n[DefaultInstall.NTamd64]\nCopyFiles = Files',
  good: '[Version]\nSignature = "$Windows NT$"\n\n[Manufacturer]\n%Mfg% = Models,NTamd64',
  check(ctx) {
    if (!ctx.doc.hasSection('Manufacturer')) return;
    const first = defaultSections(ctx.doc).find((d) => d.kind === 'install' && d.suffix === null);
    if (first) ctx.report(first.section, `cannot have both [${first.section.name}] and [Manufacturer]`);
  },
};

const undecorated: Rule = {
  code: 'INF1421',
  description:
    'Every [DefaultInstall] and [DefaultUninstall] section must carry an architecture decoration (`.NTx86`, ' +
    "`.NTamd64`, `.NTarm64`, ..., or stampinf's `.NT$ARCH$`), optionally followed by an OS version: plain and `.NT` " +
    'sections run on platforms they were not built for, and a primitive driver may not have them. Their ' +
    '.Services sections follow the name of the install section and are not reported themselves.',
  fix: 'Rename the section to [DefaultInstall.NTamd64] (and its .Services section likewise).',
  bad: '[DefaultInstall]\nCopyFiles = Files',
  good: '[DefaultInstall.NTamd64]\nCopyFiles = Files',
  check(ctx) {
    for (const d of defaultSections(ctx.doc)) {
      if (d.suffix !== null || hasArchitecture(d)) continue;
      const base = d.kind === 'install' ? 'DefaultInstall' : 'DefaultUninstall';
      ctx.report(d.section, `[${d.section.name}] is missing an architecture decoration, e.g. [${base}.NTamd64]`);
    }
  },
};

export const rules: Rule[] = [driverVerInDefaultInstall, withManufacturer, undecorated];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {};
