// [DefaultInstall] (plain or decorated): what it may hold, and when it may not be used.
import type { Rule } from './types.js';
import { everyMode } from './catalogue.js';
import { installSectionVariants } from './helpers.js';

const forbiddenDirective: Rule = {
  code: 'INF9601',
  levels: everyMode('error'),
  title: 'DriverVer or LogConfig in [DefaultInstall]',
  description:
    '[DefaultInstall] installs software, not a device: DriverVer belongs in [Version] and LogConfig (hardware ' +
    'resources) in a device\'s DDInstall section. Windows ignores them here.',
  fix: 'Move DriverVer to [Version]; move LogConfig to the device\'s DDInstall section or drop it.',
  bad: '[DefaultInstall.NTamd64]\nDriverVer = 06/21/2024,1.0.0.0\nCopyFiles = Files',
  good: '[DefaultInstall.NTamd64]\nCopyFiles = Files',
  check(ctx) {
    for (const section of installSectionVariants(ctx.doc, 'DefaultInstall')) {
      for (const line of section.lines) {
        const key = line.key?.trim().toLowerCase();
        if (key === 'driverver' || key === 'logconfig') ctx.report(line, `${line.key!.trim()} is not allowed in [${section.name}]`);
      }
    }
  },
};

const withManufacturer: Rule = {
  code: 'INF1212',
  title: '[DefaultInstall] combined with [Manufacturer]',
  description:
    'A signed package (one with a CatalogFile) or a Universal INF must not have both a [DefaultInstall] section ' +
    'and a [Manufacturer] section: a driver package is installed through its Models, and DefaultInstall makes it ' +
    'a software installer at the same time, which the Hardware Dev Center and Windows Update refuse.',
  fix: 'Split the package: device installation through [Manufacturer], software through a separate INF or an extension INF.',
  bad: '[Version]\nSignature = "$Windows NT$"\nCatalogFile = sample.cat\n\n[Manufacturer]\n%Mfg% = Models,NTamd64\n\n[DefaultInstall.NTamd64]\nCopyFiles = Files',
  good: '[Version]\nSignature = "$Windows NT$"\nCatalogFile = sample.cat\n\n[Manufacturer]\n%Mfg% = Models,NTamd64',
  check(ctx) {
    const defaults = installSectionVariants(ctx.doc, 'DefaultInstall');
    if (defaults.length === 0 || !ctx.doc.hasSection('Manufacturer')) return;
    const catalog = ctx.doc.section('Version')?.lines.find((l) => /^catalogfile(\..*)?$/i.test(l.key?.trim() ?? ''));
    const signed = catalog !== undefined;
    if (!signed && ctx.mode !== 'universal') return;
    const why = ctx.mode === 'universal' ? 'a Universal INF' : `a signed package (CatalogFile on line ${catalog!.line})`;
    ctx.report(defaults[0], `[${defaults[0]!.name}] must not be combined with [Manufacturer] in ${why}`);
  },
};

const undecorated: Rule = {
  code: 'INF1421',
  title: '[DefaultInstall] without an architecture decoration (Universal)',
  description:
    'In a Universal INF, [DefaultInstall] must carry an architecture decoration (`.NTx86`, `.NTamd64`, `.NTarm64`, ' +
    '...), so that it cannot run on a platform it was not built for. Only the Universal directives may appear in ' +
    'it (see INF9702).',
  fix: 'Rename the section to [DefaultInstall.NTamd64] (and its .Services section likewise).',
  bad: '[DefaultInstall]\nCopyFiles = Files',
  good: '[DefaultInstall.NTamd64]\nCopyFiles = Files',
  check(ctx) {
    for (const section of installSectionVariants(ctx.doc, 'DefaultInstall')) {
      const decoration = section.name.slice('DefaultInstall'.length).toLowerCase();
      if (decoration === '' || decoration === '.nt') {
        ctx.report(section, `[${section.name}] needs an architecture decoration in a Universal INF, e.g. [DefaultInstall.NTamd64]`);
      }
    }
  },
};

export const rules: Rule[] = [forbiddenDirective, withManufacturer, undecorated];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {};
