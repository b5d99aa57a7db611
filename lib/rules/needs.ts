// Include and Needs: the system INFs an install section pulls in, and the sections of theirs it
// processes. The included INFs are in the Windows image, not in the package, so only what the
// INF itself shows is checked: how Needs names relate to the needing section, and whether the
// section that needs a foreign section includes any INF.
import { foldCase } from '../inf/lexer.js';
import type { InfDocument, InfField, InfSection } from '../inf/types.js';
import type { Rule } from './types.js';
import { linesOfDirective } from './helpers.js';

/** Suffixes that make SetupAPI read an install section as a different kind ([DDInstall.Services], ...). */
const SUFFIXES = new Map(
  [
    'Services',
    'HW',
    'CoInstallers',
    'Interfaces',
    'Filters',
    'Components',
    'Software',
    'Wmi',
    'Events',
    'LogConfigOverride',
    'FactDef',
    'COM',
    'Wdf',
  ].map((s) => [foldCase(s), s]),
);

/** The install suffix a section name ends with ('Services'), or null. */
function suffixOf(name: string): string | null {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? null : (SUFFIXES.get(foldCase(name.slice(dot + 1).trim())) ?? null);
}

interface NeedsReference {
  section: InfSection;
  field: InfField;
  name: string;
}

/** Every section named by a Needs line, with the section the line is in. */
function needsReferences(doc: InfDocument): NeedsReference[] {
  const out: NeedsReference[] = [];
  for (const { section, line } of linesOfDirective(doc, 'needs')) {
    for (const field of line.fields) {
      const name = field.value.trim();
      if (name !== '') out.push({ section, field, name });
    }
  }
  return out;
}

/** The sections that have an Include= line naming at least one INF. */
function includingSections(doc: InfDocument): Set<InfSection> {
  const out = new Set<InfSection>();
  for (const { section, line } of linesOfDirective(doc, 'include')) if (line.fields.some((f) => f.value.trim() !== '')) out.add(section);
  return out;
}

const NEEDS_EXAMPLE = '[Install.NT]\nInclude = winusb.inf\nNeeds = WINUSB.NT\n\n[Install.NT.Services]\nInclude = winusb.inf\n';

const suffixUnlikeReferencing: Rule = {
  code: 'INF1310',
  description:
    'A section with an install suffix ([Install.NT.Services], .HW, .Interfaces, .CoInstallers, ...) uses Needs on a ' +
    'section with another such suffix (`Needs = WINUSB.NT.HW` in a .Services section). SetupAPI processes the ' +
    "needed section as the needing one's kind, so its directives are read as the wrong kind.",
  fix: 'Name the needed section with the same suffix (`Needs = WINUSB.NT.Services` in [Install.NT.Services]).',
  bad: `${NEEDS_EXAMPLE}Needs = WINUSB.NT.HW\n`,
  good: `${NEEDS_EXAMPLE}Needs = WINUSB.NT.Services\n`,
  check(ctx) {
    for (const ref of needsReferences(ctx.doc)) {
      const want = suffixOf(ref.section.name);
      const have = suffixOf(ref.name);
      if (want && have && want !== have) {
        ctx.report(ref.field, `[${ref.section.name}] needs [${ref.name}], whose suffix .${have} does not match its own .${want}`);
      }
    }
  },
};

const suffixUnlikeParent: Rule = {
  code: 'INF1312',
  description:
    'A section without an install suffix ([Install.NT]) uses Needs on a section that has one ' +
    '(`Needs = WINUSB.NT.Services`). The needed section is processed as part of [Install.NT], so its ' +
    '.Services directives (AddService) are read in the wrong place; it belongs in Needs of [Install.NT.Services].',
  fix: 'Move the Needs of a suffixed section to the section with the same suffix.',
  bad: '[Install.NT]\nInclude = winusb.inf\nNeeds = WINUSB.NT, WINUSB.NT.Services\n',
  good: '[Install.NT]\nInclude = winusb.inf\nNeeds = WINUSB.NT\n\n[Install.NT.Services]\nInclude = winusb.inf\nNeeds = WINUSB.NT.Services\n',
  check(ctx) {
    for (const ref of needsReferences(ctx.doc)) {
      const have = suffixOf(ref.name);
      if (have && suffixOf(ref.section.name) === null) {
        ctx.report(ref.field, `[${ref.section.name}] has no install suffix but needs [${ref.name}], a .${have} section`);
      }
    }
  },
};

const notIncludedHere: Rule = {
  code: 'INF1314',
  description:
    'A section uses Needs on a section this INF does not define, and has no Include= of its own, while other ' +
    'sections of the INF include system INFs. The INF that defines the needed section must be included in the ' +
    'same section as the Needs line.',
  fix: 'Repeat the Include= line in the section with the Needs line (`Include = winusb.inf` in [Install.NT.Services]).',
  bad: '[Install.NT]\nInclude = winusb.inf\nNeeds = WINUSB.NT\n\n[Install.NT.Services]\nNeeds = WINUSB.NT.Services\n',
  good: '[Install.NT]\nInclude = winusb.inf\nNeeds = WINUSB.NT\n\n[Install.NT.Services]\nInclude = winusb.inf\nNeeds = WINUSB.NT.Services\n',
  check(ctx) {
    const including = includingSections(ctx.doc);
    if (including.size === 0) return; // INF2651's
    const elsewhere = [...including]
      .map((s) => `[${s.name}]`)
      .slice(0, 3)
      .join(', ');
    for (const ref of needsReferences(ctx.doc)) {
      if (ctx.doc.hasSection(ref.name) || including.has(ref.section)) continue;
      ctx.report(
        ref.field,
        `[${ref.section.name}] needs [${ref.name}], which is not in this INF, but includes no INF itself (Include= is in ${elsewhere})`,
      );
    }
  },
};

const nothingIncluded: Rule = {
  code: 'INF2651',
  description:
    'A section uses Needs on a section this INF does not define, and the INF includes no other INF: the needed ' +
    'section can only come from a system INF, which an Include= line in the same section must name.',
  fix: 'Add the Include= line for the system INF that defines the section (`Include = winusb.inf` with `Needs = WINUSB.NT`).',
  bad: '[Install.NT]\nNeeds = WINUSB.NT\n',
  good: '[Install.NT]\nInclude = winusb.inf\nNeeds = WINUSB.NT\n',
  check(ctx) {
    if (includingSections(ctx.doc).size > 0) return;
    for (const ref of needsReferences(ctx.doc)) {
      if (!ctx.doc.hasSection(ref.name))
        ctx.report(ref.field, `[${ref.section.name}] needs [${ref.name}], which is not in this INF, and no INF is included`);
    }
  },
};

/** A name that can be an INF in %SystemRoot%\INF: a plain file name ending in .inf. */
const SYSTEM_INF_NAME = /^[^\\/:*?"<>|]+\.inf$/i;

const notSystemInf: Rule = {
  code: 'INF1202',
  description:
    'Include= names something that cannot be a system-supplied INF: a path rather than a file name, a file not ' +
    "ending in .inf, this INF itself, or an INF of this driver package. Only Microsoft's inbox INFs " +
    '(%SystemRoot%\\INF) may be included. Whether a plain name such as ks.inf is in the Windows image is not ' +
    'checked (the image is not at hand).',
  fix: 'Include only inbox INFs by file name (`Include = ks.inf`); copy what you need from your own INFs into this one.',
  bad: '[Install.NT]\nInclude = ..\\common\\shared.inf\n',
  good: '[Install.NT]\nInclude = ks.inf\n',
  check(ctx) {
    const self = foldCase(ctx.doc.file.split(/[\\/]/).pop() ?? '');
    for (const { line } of linesOfDirective(ctx.doc, 'include')) {
      for (const field of line.fields) {
        const name = field.value.trim();
        if (name === '') continue;
        if (!SYSTEM_INF_NAME.test(name))
          ctx.report(field, `Include= names "${name}", which is not the file name of an INF in the Windows INF folder`);
        else if (foldCase(name) === self) ctx.report(field, `Include= names this INF itself (${name})`);
        else if (ctx.files?.has(name))
          ctx.report(field, `Include= names ${name}, an INF of this driver package; only system-supplied INFs may be included`);
      }
    }
  },
};

const emptyInclude: Rule = {
  code: 'INF1006',
  description: 'An Include= line names no INF (`Include =`), so the Needs of its section find nothing to process.',
  fix: 'Name the system INF (`Include = ks.inf`), or delete the line.',
  bad: '[Install.NT]\nInclude =\n',
  good: '[Install.NT]\nInclude = ks.inf\n',
  check(ctx) {
    for (const { section, line } of linesOfDirective(ctx.doc, 'include')) {
      if (!line.fields.some((f) => f.value.trim() !== '')) ctx.report(line, `Include= in [${section.name}] names no INF`);
    }
  },
};

export const rules: Rule[] = [emptyInclude, notSystemInf, suffixUnlikeReferencing, suffixUnlikeParent, notIncludedHere, nothingIncluded];

const NEEDS_IMAGE = 'needs the included system INFs from the Windows image (only their names are in the package)';

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {
  INF1207: "the page does not list the directives Microsoft's own INFs may not use, nor how InfVerif tells a Microsoft INF",
  INF1208: 'the page does not list the directives reserved for inbox INFs, and none of the directive pages marks one as such',
  INF1311:
    'posted InfVerif output accepts an unsuffixed needed section from a suffixed one ([Generic.Install.NT.HW] Needs=PciD3ColdSupported passes in UDEMbimClient.inf), so when InfVerif reports it depends on the needed section in the included system INF, which ' +
    NEEDS_IMAGE,
  INF1313:
    'like 1311, whether an unsuffixed needed section is wrong for its parent depends on what the included system INF defines, which ' +
    NEEDS_IMAGE,
  INF1315: `a section named by Needs that this INF lacks may be in an included INF: telling whether it exists ${NEEDS_IMAGE}; with no Include at all infkit reports INF2651`,
  INF1316: `whether the decorated variant of a needed section exists ${NEEDS_IMAGE}`,
  INF1317: 'needs the IAS file of the target OS that InfVerif is given (/ias), which lists the sections of each system INF',
  INF1318: 'needs the IAS file of the target OS that InfVerif is given (/ias), which lists the system INFs of that OS',
  INF1319: `naming the INF the section must include ${NEEDS_IMAGE}; a Needs section without any Include of its own is INF1314`,
  INF2008: `comparing this INF's section names with those of the included INFs ${NEEDS_IMAGE}`,
  INF2650: "needs InfVerif's list of Microsoft-supplied driver binaries and the inbox INFs that install them, which the page does not give",
  INF2652:
    'the page does not say which Microsoft-provided sections a camera INF must reach through Needs, nor how InfVerif decides an INF is a camera INF',
};
