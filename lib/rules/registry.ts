// AddReg / DelReg / BitReg lines: registry roots, flag values and value types.
import type { InfField, InfLine } from '../inf/types.js';
import type { Rule, RuleContext } from './types.js';
import { everyMode } from './catalogue.js';
import { infInt } from '../inf/model.js';
import { allFields, hasUnresolvedToken, targetSections } from './helpers.js';

const ROOTS = new Set(['hkr', 'hkcr', 'hkcu', 'hklm', 'hku']);

/** Every line of every section a `directive` (addreg, delreg, bitreg) names, with its fields. */
function registryLines(ctx: RuleContext, directive: string): Array<{ line: InfLine; fields: InfField[] }> {
  return targetSections(ctx.doc, directive).flatMap((section) =>
    section.lines.map((line) => ({ line, fields: allFields(line) })),
  );
}

const badRoot: Rule = {
  code: 'INF9301',
  levels: everyMode('error'),
  title: 'Unknown registry root',
  description:
    'The first field of an AddReg, DelReg or BitReg line must be one of HKR (the key the section is installed ' +
    'for), HKCR, HKCU, HKLM or HKU. SetupAPI skips a line with any other root (long names such as ' +
    'HKEY_LOCAL_MACHINE included).',
  fix: 'Use one of the five abbreviations.',
  bad: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKEY_LOCAL_MACHINE, Software\\Sample, Enabled, 0x10001, 1',
  good: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKLM, Software\\Sample, Enabled, 0x10001, 1',
  check(ctx) {
    for (const directive of ['addreg', 'delreg', 'bitreg']) {
      for (const { line, fields } of registryLines(ctx, directive)) {
        const root = fields[0]?.value.trim() ?? '';
        if (ROOTS.has(root.toLowerCase())) continue;
        ctx.report(fields[0] ?? line, root === '' ? 'registry line has no root; start it with HKR, HKCR, HKCU, HKLM or HKU' : `unknown registry root "${root}"; use HKR, HKCR, HKCU, HKLM or HKU`);
      }
    }
  },
};

// FLG_ADDREG_*: BINVALUETYPE 0x1, NOCLOBBER 0x2, DELVAL 0x4, APPEND 0x8, KEYONLY 0x10,
// OVERWRITEONLY 0x20, 64BITKEY 0x1000, KEYONLY_COMMON 0x2000, 32BITKEY 0x4000, DELREG_BIT 0x8000;
// the high word is the value type.
const ADDREG_LOW_BITS = 0x1 | 0x2 | 0x4 | 0x8 | 0x10 | 0x20 | 0x1000 | 0x2000 | 0x4000 | 0x8000;
const FLG_ADDREG_BINVALUETYPE = 0x1;
const FLG_ADDREG_DELVAL = 0x4;
const FLG_ADDREG_KEYONLY = 0x10;
const FLG_ADDREG_KEYONLY_COMMON = 0x2000;
const REG_QWORD = 11;

/** The flags field of a registry line as a number (absent or empty = 0), or undefined when it is not a number. */
function flagsOf(field: InfField | undefined): number | undefined {
  return infInt(field?.value.trim() ?? '');
}

const badFlags: Rule = {
  code: 'INF9302',
  levels: everyMode('error'),
  title: 'Registry flags are not a valid number',
  description:
    'The flags field (4th of AddReg/DelReg lines) must be a number, decimal or 0x hex. Text that is not a ' +
    'number is an error. AddReg flag bits outside FLG_ADDREG_* (0x1, 0x2, 0x4, 0x8, 0x10, 0x20, 0x1000, 0x2000, ' +
    '0x4000, 0x8000 and the type in the high word) are a warning: Windows ignores or misreads them.',
  fix: 'Write the flags as a number built from the documented FLG_ADDREG_* / FLG_DELREG_* values.',
  bad: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR,, Enabled, REG_DWORD, 1',
  good: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR,, Enabled, 0x00010001, 1',
  check(ctx) {
    for (const directive of ['addreg', 'delreg']) {
      for (const { fields } of registryLines(ctx, directive)) {
        const field = fields[3];
        if (hasUnresolvedToken(field)) continue; // INF1235 reports the token
        const flags = flagsOf(field);
        if (flags === undefined) {
          ctx.report(field, `registry flags "${field!.value.trim()}" are not a number`);
        } else if (directive === 'addreg' && (flags & 0xffff & ~ADDREG_LOW_BITS) !== 0) {
          ctx.report(field, `AddReg flags 0x${flags.toString(16)} set undefined bits 0x${(flags & 0xffff & ~ADDREG_LOW_BITS).toString(16)}`, 'warning');
        }
      }
    }
  },
};

const badValue: Rule = {
  code: 'INF9303',
  levels: everyMode('error'),
  title: 'Registry value does not match its type',
  description:
    'The type in an AddReg line\'s flags decides how the value fields are read. A REG_DWORD (0x10001) value given ' +
    'as one field must be a number; REG_BINARY (0x1) fields must be hex bytes. A type number above REG_QWORD (11) ' +
    'is a warning: no registry type has that number.',
  fix: 'Write the value in the form its type needs, or correct the type in the flags.',
  bad: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR,, Timeout, 0x00010001, ten',
  good: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR,, Timeout, 0x00010001, 10',
  check(ctx) {
    for (const { fields } of registryLines(ctx, 'addreg')) {
      const flags = flagsOf(fields[3]);
      if (flags === undefined) continue; // INF9302
      if (flags & (FLG_ADDREG_DELVAL | FLG_ADDREG_KEYONLY | FLG_ADDREG_KEYONLY_COMMON)) continue;
      const type = flags >>> 16;
      const binary = (flags & FLG_ADDREG_BINVALUETYPE) !== 0;
      const values = fields.slice(4);
      if (type > (binary ? REG_QWORD : 2)) {
        ctx.report(fields[3], `AddReg flags 0x${flags.toString(16)} give value type ${type}, which no registry type has`, 'warning');
        continue;
      }
      if (binary && type === 1 && values.length === 1) {
        const text = values[0]!.value.trim();
        if (text !== '' && infInt(text) === undefined) {
          const octal = /^0\d*[89]/.test(text) ? ' (a leading 0 makes it octal, so Windows stops at the 8 or 9)' : '';
          ctx.report(values[0], `REG_DWORD value "${text}" is not a number${octal}`);
        }
      } else if (binary && type === 0) {
        for (const v of values) {
          const text = v.value.trim();
          if (text !== '' && !/^(0x)?[0-9a-f]{1,2}$/i.test(text)) {
            ctx.report(v, `REG_BINARY data "${text}" is not a hex byte`);
            break;
          }
        }
      }
    }
  },
};

export const rules: Rule[] = [badRoot, badFlags, badValue];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {};
