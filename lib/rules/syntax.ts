// The file as text: encoding, sections and headers, [Version] and Signature, [Strings.LLLL],
// stampinf's $ARCH$. The lexer-level findings (INF1002, the odd-length UTF-16 case of INF1003,
// INF9004-INF9011) come from the reader (doc.diagnostics); the rules here document them and
// pass them on.
import type { InfField, InfLine } from '../inf/types.js';
import type { Rule } from './types.js';
import { everyMode } from './catalogue.js';
import { readVersion } from '../inf/model.js';
import { LIMITS } from '../inf/lexer.js';
import { ARCH_PLACEHOLDER } from '../inf/platform.js';
import { allFields, isMisreadNoBreakSpace, sectionsWithBase } from './helpers.js';

/** A rule whose findings the reader makes while lexing (doc.diagnostics with this code). */
function readerRule(meta: Omit<Rule, 'check'>): Rule {
  return {
    ...meta,
    check(ctx) {
      for (const d of ctx.doc.diagnostics) if (d.code === meta.code) ctx.report(d, d.message, d.severity);
    },
  };
}

const textBeforeSection = readerRule({
  code: 'INF9004',
  seeAlso: '1002',
  levels: everyMode('error'),
  title: 'Text before the first section',
  description:
    'A line that is not blank or a comment appears before the first `[section]` header. SetupAPI refuses such a file ' +
    '(ERROR_EXPECTED_SECTION_NAME) unless it has a [Strings] section, in which case the text is ignored (reported as a warning). ' +
    "InfVerif's 1002 (a line it cannot parse) is the closest check; the code is infkit's because of the [Strings] case.",
  fix: 'Delete the text or move it into a section; start comments with `;`.',
  bad: 'This driver is great\n[Version]\nSignature="$Windows NT$"',
  good: '; This driver is great\n[Version]\nSignature="$Windows NT$"',
});

const unterminatedHeader = readerRule({
  code: 'INF1002',
  title: 'Unterminated section header',
  description:
    'A `[` starts a section header but the line has no closing `]`. SetupAPI refuses the file (ERROR_BAD_SECTION_NAME_LINE); ' +
    'InfVerif reports the line as a parse error, 1002.',
  fix: 'Close the header with `]`.',
  bad: '[Version\nSignature="$Windows NT$"',
  good: '[Version]\nSignature="$Windows NT$"',
});

const sectionNameTooLong = readerRule({
  code: 'INF9005',
  seeAlso: '1002',
  levels: everyMode('error'),
  title: 'Section name too long',
  description:
    'A section name is longer than 255 characters. SetupAPI refuses the file (ERROR_SECTION_NAME_TOO_LONG). This is ' +
    "SetupAPI's own limit; InfVerif's 1002 (a line it cannot parse) is the closest check.",
  fix: 'Shorten the section name (and every reference to it).',
  bad: '[Install_with_a_name_longer_than_255_characters…]',
  good: '[Install]',
});

const tokenTooLong = readerRule({
  code: 'INF9006',
  levels: everyMode('warning'),
  title: 'Key or field too long',
  description: 'A key or field is longer than 4096 characters; SetupAPI cuts it, so the value it reads is not the one written.',
  fix: 'Shorten the value, or split a long list over several lines or sections.',
  bad: 'HKR,,Data,,"…5000 characters…"',
  good: 'HKR,,Data,,"…shorter value…"',
});

const unclosedQuote = readerRule({
  code: 'INF9007',
  levels: everyMode('warning'),
  title: 'Unclosed quote',
  description:
    'A quoted string is not closed before the end of the line; SetupAPI takes the rest of the line, commas and semicolons included, as part of the field.',
  fix: 'Add the closing `"`. Write a literal quote inside a quoted string as `""`.',
  bad: '[Strings]\nDesc = "Sample Device',
  good: '[Strings]\nDesc = "Sample Device"',
});

const ctrlZ = readerRule({
  code: 'INF9008',
  levels: everyMode('info'),
  title: 'Ctrl-Z ends the file',
  description: 'A Ctrl-Z (0x1A) character ends the file for SetupAPI; any text after it is ignored.',
  fix: 'Remove the Ctrl-Z, or the text after it if that text is not meant to be read.',
  bad: '[Strings]\nA = "1"\n<Ctrl-Z>\nB = "2"',
  good: '[Strings]\nA = "1"\nB = "2"',
});

/** 1048576 → '1,048,576' (the same in every locale: docs/rules.md is generated). */
function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

const nulInToken = readerRule({
  code: 'INF9009',
  levels: everyMode('warning'),
  title: 'NUL character inside a key or field',
  description:
    'A NUL character (U+0000) sits inside a key, field or section name. SetupAPI reads it as a space, so the name ' +
    'or value it uses is not the text the file holds (and a tool that passes the raw text to a Win32 call would stop ' +
    'at the NUL). NULs in a file are usually damage: a UTF-16 file read as 8-bit text, or binary data pasted in.',
  fix: 'Delete the NUL, or write the space it stands for.',
  bad: 'HKLM,"SOFTWARE\\Vendor<NUL>Name",Value,,1',
  good: 'HKLM,"SOFTWARE\\Vendor Name",Value,,1',
});

const readerLimit = readerRule({
  code: 'INF9010',
  levels: everyMode('error'),
  title: 'File too large for the reader',
  description:
    `infkit keeps at most ${count(LIMITS.items)} items (section headers, keys, fields and reader findings) from one file, so that ` +
    'a hostile file cannot exhaust memory; the largest real INF known to it holds about 142,000. Past the limit the ' +
    'rest of the file is not read, and nothing after the position reported is checked. SetupAPI has no such limit.',
  fix: 'Split the file, or check that it really is an INF (a generated or damaged file is the usual cause).',
  bad: '[Strings]\nList = a,a,a,a,…  ; more than a million fields',
  good: '[Strings]\nList = a,a,a',
});

const manySections = readerRule({
  code: 'INF9011',
  levels: everyMode('warning'),
  title: 'Unusually many sections',
  description:
    `The file has more than ${count(LIMITS.sections)} distinct sections; real INFs have at most a few thousand (the most in infkit's ` +
    'corpus of 1,882 files is 171). Every section is still read and checked, but such a file is most likely generated ' +
    'or damaged, and every tool that opens it pays for each section.',
  fix: 'Check where the file comes from; merge or remove the sections nothing refers to.',
  bad: `[s0]\n[s1]\n…\n[s${LIMITS.sections}]`,
  good: '[s0]\n[s1]',
});

const badEncoding: Rule = {
  code: 'INF1003',
  title: 'Encoding other than ANSI or UTF-16LE',
  description:
    'InfVerif reads only ANSI (8-bit) and UTF-16LE INFs and refuses any other encoding. A UTF-8 byte-order mark is one ' +
    'such: SetupAPI itself reads UTF-8 with a BOM, but InfVerif reports the file (posted InfVerif output shows it at ' +
    'line 1), so the package fails validation. A file that starts with a UTF-16LE byte-order mark but has an odd number of ' +
    'bytes is not whole UTF-16 text either (often a truncated copy): SetupAPI then reads it as 8-bit text, and nothing in it ' +
    'reads as written; that case is a warning.',
  fix: 'Save the INF as UTF-16LE (with BOM), or as plain ASCII/ANSI; recover a truncated file.',
  bad: '<EF BB BF> [Version] … (UTF-8 with a byte-order mark)',
  good: '<FF FE> [ 00 V 00 e 00 r 00 … complete UTF-16LE text',
  check(ctx) {
    for (const d of ctx.doc.diagnostics) if (d.code === 'INF1003') ctx.report(d, d.message, d.severity);
    if (ctx.doc.encoding === 'utf8-bom') {
      ctx.report(
        { line: 1, column: 1 },
        'the file is UTF-8 with a byte-order mark: SetupAPI reads it, but InfVerif accepts only ANSI or UTF-16LE; save it as UTF-16LE',
      );
    }
  },
};

const openRefused: Rule = {
  code: 'INF9000',
  levels: everyMode('error'),
  title: 'SetupAPI refuses the file',
  description:
    'SetupOpenInfFile would fail on this file, so nothing in it can be installed. Reported only when no more precise ' +
    'finding (such as INF1002 or INF9004) already explains the refusal.',
  fix: 'Fix the problem named in the message; the file must open before anything else matters.',
  bad: '[Version\nSignature="$Windows NT$"',
  good: '[Version]\nSignature="$Windows NT$"',
  check(ctx) {
    const err = ctx.doc.openError;
    // A wrong INF style is a missing [Version] or Signature: INF1001 says which.
    if (!err || err.name === 'ERROR_WRONG_INF_STYLE') return;
    if (ctx.doc.diagnostics.some((d) => d.severity === 'error')) return;
    ctx.report(err.line ? { line: err.line, column: 1 } : null, `SetupAPI refuses the file: ${err.name} (${err.message})`);
  },
};

/** Sections that make a file a setup INF (a file without them may be autorun.inf or a fragment). */
const INSTALL_CONTENT = ['Manufacturer', 'DefaultInstall', 'ClassInstall32', 'SourceDisksFiles'];

const SIGNATURES = ['$windows nt$', '$chicago$', '$windows 95$'];

const versionAndSignature: Rule = {
  code: 'INF1001',
  title: 'Missing [Version] section or Signature',
  description:
    'Every INF needs a [Version] section whose `Signature` is `$Windows NT$` (or the legacy `$Chicago$` / ' +
    '`$Windows 95$`, see INF9901). SetupAPI opens a file without [Version] only as a legacy (INF_STYLE_OLDNT) ' +
    'script, which driver installation refuses, and rejects any other Signature as the wrong INF style. InfVerif ' +
    'reports both as 1001. A file without [Version] and with nothing to install ([Manufacturer], [DefaultInstall], ' +
    '[ClassInstall32], [SourceDisksFiles]) is probably not a setup INF at all (autorun.inf, a registry fragment): ' +
    'for it this is a warning.',
  fix: 'Add a [Version] section at the top of the file with `Signature = "$Windows NT$"`.',
  bad: '[Version]\nSignature = "$ReactOS$"',
  good: '[Version]\nSignature = "$Windows NT$"',
  check(ctx) {
    const { doc } = ctx;
    const { section, signature } = readVersion(doc);
    if (!section) {
      if (INSTALL_CONTENT.some((name) => sectionsWithBase(doc, name).length > 0)) {
        ctx.report(null, 'the file has no [Version] section; add one with Signature="$Windows NT$"');
      } else {
        ctx.report(
          null,
          'the file has no [Version] section and nothing to install: it is not a setup INF (autorun.inf, a registry fragment?) and only its syntax was checked',
          'warning',
        );
      }
      return;
    }
    const value = signature?.value.trim();
    if (!signature || !value) {
      ctx.report(signature?.line ?? section, '[Version] has no Signature; add Signature="$Windows NT$"');
    } else if (!SIGNATURES.includes(value.toLowerCase())) {
      ctx.report(signature.field, `unknown Signature "${value}"; use "$Windows NT$"`);
    }
  },
};

/** A UTF-8 lead byte (0xC2-0xF4) read as Windows-1252, then a continuation byte (0x80-0xBF) read the same way. */
const MOJIBAKE = /[\u00c2-\u00f4][\u00a0-\u00bf\u0152-\u2122]/;

const utf8ReadAsAnsi: Rule = {
  code: 'INF9003',
  seeAlso: '1003',
  levels: everyMode('warning'),
  title: 'Non-ASCII text read in the system code page',
  description:
    'The file has no byte-order mark, so SetupAPI reads it in the system code page (Windows-1252 on an English ' +
    'system), but its text was written in another encoding, typically UTF-8: every non-ASCII character turns into ' +
    'two or three wrong ones (`é` becomes `Ã©`), and a UTF-8 no-break space on an otherwise blank line becomes a ' +
    'line holding `Â` (in a CopyFiles list, a file named `Â`). Other rules skip such `Â` lines and leave them to ' +
    "this one. Reported once per file, at the first such text. InfVerif's 1003 covers encodings it cannot read; " +
    "this file reads, only wrongly, so the code is infkit's.",
  fix: 'Save the INF as UTF-16LE (with BOM), as InfVerif asks, or keep it pure ASCII.',
  bad: '[Strings]\nDeviceDesc = "Capteur thermique"  ; saved as UTF-8 without BOM, with "é" somewhere',
  good: '; the same file saved as UTF-16LE with a byte-order mark',
  check(ctx) {
    if (ctx.doc.encoding !== 'ansi') return;
    for (const section of ctx.doc.sections) {
      for (const line of section.lines) {
        const bad = allFields(line).find((f) => MOJIBAKE.test(f.raw) || isMisreadNoBreakSpace(f.raw));
        if (bad) {
          const shown = bad.raw.length > 40 ? `${bad.raw.slice(0, 40)}…` : bad.raw;
          ctx.report(
            bad,
            `${shown} reads as mojibake in Windows-1252 (UTF-8 or another code page without a byte-order mark); save the file as UTF-16LE`,
          );
          return;
        }
      }
    }
  },
};

/** SetupAPI's refusals that are parse errors (InfVerif's 1002 family), not a wrong INF style. */
const PARSE_ERRORS = new Set([
  'ERROR_EXPECTED_SECTION_NAME',
  'ERROR_BAD_SECTION_NAME_LINE',
  'ERROR_SECTION_NAME_TOO_LONG',
  'ERROR_GENERAL_SYNTAX',
]);

const checksSkipped: Rule = {
  code: 'INF1299',
  description:
    'The file has a parse error that makes SetupAPI refuse it (an unterminated section header INF1002, text before the ' +
    'first section INF9004, a section name too long INF9005). InfVerif then stops and says that its other checks were ' +
    'skipped. infkit still runs them on what it could read, so the other findings are a best effort: fix the parse error first.',
  fix: 'Fix the parse error reported with it, then validate again.',
  bad: '[Version\nSignature="$Windows NT$"',
  good: '[Version]\nSignature="$Windows NT$"',
  check(ctx) {
    const err = ctx.doc.openError;
    if (err && PARSE_ERRORS.has(err.name)) {
      ctx.report(null, `parse error (${err.name}${err.line ? ` at line ${err.line}` : ''}): InfVerif skips its other checks on this file`);
    }
  },
};

const duplicateSection: Rule = {
  code: 'INF1209',
  description:
    'A section header appears more than once (names compare case-insensitively). SetupAPI merges the parts into one ' +
    'section, in file order, so nothing is lost, but a reader of the file sees only one part; InfVerif reports it as an error. ' +
    'Reported at the first header, as InfVerif does.',
  fix: 'Merge the parts into one section.',
  bad: '[DestinationDirs]\nDefaultDestDir = 13\n\n[DestinationDirs]\nSample_Files = 13',
  good: '[DestinationDirs]\nDefaultDestDir = 13\nSample_Files = 13',
  check(ctx) {
    for (const section of ctx.doc.sections) {
      if (section.headers.length < 2) continue;
      const others = section.headers
        .slice(1)
        .map((h) => h.line)
        .join(', ');
      ctx.report(
        section.headers[0],
        `section [${section.name}] is defined ${section.headers.length} times (again at line${section.headers.length > 2 ? 's' : ''} ${others}); merge them into one`,
      );
    }
  },
};

const unstampedArch: Rule = {
  code: 'INF1274',
  description:
    "A `.inf` file still holds stampinf's `$ARCH$` token (case-sensitive) in a section name or a value, e.g. " +
    '`[Models.NT$ARCH$]`: stampinf was not run, and Windows reads the token literally, so the decorated sections are ' +
    "never found. An `.inx` template (or any file under `--stampinf`, InfVerif's /stampinf) is stamped before it is checked. The WDK build " +
    'stamps the .inf files of a driver project too, before its InfVerif runs (complete InfVerif output posted for such ' +
    'files has no 1274), so in a source folder this is a warning; it is an error when the folder holds the catalog ' +
    'CatalogFile names, that is, when the INF was packaged unstamped.',
  fix: 'Run stampinf on the template (`stampinf -f driver.inf -a amd64`), or write the architecture.',
  bad: '[Manufacturer]\n%Mfg% = Models,NT$ARCH$\n\n[Models.NT$ARCH$]\n\n[Strings]\nMfg = "Contoso"',
  good: '[Manufacturer]\n%Mfg% = Models,NTamd64\n\n[Models.NTamd64]\n\n[Strings]\nMfg = "Contoso"',
  check(ctx) {
    if (ctx.stampinf) return; // stamped before it was read
    // The WDK build stamps a driver project's .inf files too, before its InfVerif runs (posted complete InfVerif
    // output for such .inf files has no 1274): only next to its catalog is the INF a package that shipped unstamped.
    let level: 'warning' | undefined | null = null;
    const levelOf = (): 'warning' | undefined => {
      if (level === null) {
        const catalogs = readVersion(ctx.doc)
          .catalogFiles.map((c) => c.file.trim())
          .filter((name) => name !== '');
        level = ctx.files !== null && catalogs.some((name) => ctx.files!.has(name)) ? undefined : 'warning';
      }
      return level;
    };
    // Once per section, as InfVerif's message names a section: at its header, or at the first value holding the token.
    for (const section of ctx.doc.sections) {
      if (section.name.includes(ARCH_PLACEHOLDER)) {
        ctx.report(section.headers[0], `unresolved ${ARCH_PLACEHOLDER} token in section name [${section.name}]: run stampinf`, levelOf());
        continue;
      }
      const field = firstFieldWith(section.lines, ARCH_PLACEHOLDER);
      if (field)
        ctx.report(field, `unresolved ${ARCH_PLACEHOLDER} token in "${field.raw}" in section [${section.name}]: run stampinf`, levelOf());
    }
  },
};

/** The first key or field of `lines` whose raw text holds `text`. */
function firstFieldWith(lines: readonly InfLine[], text: string): InfField | undefined {
  for (const line of lines) {
    if (line.keyField?.raw.includes(text)) return line.keyField;
    for (const f of line.fields) if (f.raw.includes(text)) return f;
  }
  return undefined;
}

/** Distinct keys of a strings section. */
function stringCount(lines: readonly InfLine[]): number {
  const keys = new Set<string>();
  for (const line of lines) if (line.key !== null) keys.add(line.key.trim().toLowerCase());
  return keys.size;
}

const LOCALIZED_STRINGS = /^strings\../i;

const stringCountMismatch: Rule = {
  code: 'INF1295',
  description:
    'Every [Strings.LLLL] section (one per language) must define the same strings as [Strings]. A language that ' +
    'lacks a string falls back to [Strings] for it, so its users see a mix of languages; a string only a language ' +
    'section has is missing on every other system. Compared by the number of distinct keys, as InfVerif does.',
  fix: 'Give every [Strings.LLLL] section the same keys as [Strings].',
  bad: '[Strings]\nMfg = "Contoso"\nDeviceDesc = "Sample Device"\n\n[Strings.0407]\nMfg = "Contoso"',
  good: '[Strings]\nMfg = "Contoso"\nDeviceDesc = "Sample Device"\n\n[Strings.0407]\nMfg = "Contoso"\nDeviceDesc = "Beispielgerät"',
  check(ctx) {
    const localized = ctx.doc.sections.filter((s) => LOCALIZED_STRINGS.test(s.name));
    if (localized.length === 0) return;
    const base = ctx.doc.section('Strings') ?? localized[0]!;
    const want = stringCount(base.lines);
    for (const section of localized) {
      if (section === base) continue;
      const got = stringCount(section.lines);
      if (got !== want) ctx.report(section, `[${section.name}] defines ${got} strings but [${base.name}] defines ${want}`);
    }
  },
};

export const rules: Rule[] = [
  textBeforeSection,
  unterminatedHeader,
  sectionNameTooLong,
  tokenTooLong,
  unclosedQuote,
  ctrlZ,
  nulInToken,
  readerLimit,
  manySections,
  badEncoding,
  openRefused,
  versionAndSignature,
  utf8ReadAsAnsi,
  checksSkipped,
  duplicateSection,
  unstampedArch,
  stringCountMismatch,
];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {
  INF1000: 'a path that does not exist is not an INF to check: infkit reports it as an I/O failure (E_IO, exit code 2), not as a finding',
  INF1013:
    'the page names neither the section nor the key ("Missing <value> <value> key"), and no docs page or posted InfVerif output says which keys InfVerif requires under this code',
  INF1014:
    'the page names neither the section nor the key ("Invalid <value> <value> key"), and no docs page or posted InfVerif output says which values InfVerif validates under this code',
  INF1289: 'the page does not say which sections require which directives, and no docs page or posted InfVerif output shows one',
  INF1290:
    'the page does not say which directives InfVerif refuses in which sections, and no docs page or posted InfVerif output shows one',
  INF1292: 'the page does not say which directives must be %strkey% tokens, and no docs page or posted InfVerif output names one',
  INF1294: 'the page does not say which values must be unique in which sections, and no docs page or posted InfVerif output shows one',
  INF2413:
    'the page does not say which directive takes a case-sensitive true/false, and no INF directive page in the docs mirror documents one',
};
