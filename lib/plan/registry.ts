// AddReg / DelReg / BitReg lines → registry operations, with HKR resolved to the real key
// it stands for in the install's context. The value rules follow SetupAPI's
// do_reg_operation: FLG_ADDREG_* flags give the type, REG_DWORD takes one number or
// four bytes, binary types take hex bytes, REG_MULTI_SZ takes the rest of the line.
import {
  infInt,
  leadingCInteger,
  readAddRegSection,
  readBitRegSection,
  readDelRegSection,
  type AddRegEntry,
  type BitRegEntry,
  type DelRegEntry,
  type RegistryEntry,
} from '../inf/model.js';
import type { InfDocument, InfField } from '../inf/types.js';
import type { RegistryRoot, RegistryValue } from '../base/registry-values.js';
import { decodeValue, regTypeName } from '../base/registry-values.js';

const REG_DWORD = 4;
const REG_QWORD = 11;
import type { HkrContext, OperationSource } from './types.js';
import { type PlanState, fieldValue, flagsOf, listed, sourceOf } from './context.js';

export const FLG_ADDREG = {
  BINVALUETYPE: 0x00000001,
  NOCLOBBER: 0x00000002,
  DELVAL: 0x00000004,
  APPEND: 0x00000008,
  KEYONLY: 0x00000010,
  OVERWRITEONLY: 0x00000020,
  KEYONLY_COMMON: 0x00002000,
  DELREG_BIT: 0x00008000,
  TYPE_MASK: 0xffff0001,
  TYPE_SZ: 0x00000000,
  TYPE_MULTI_SZ: 0x00010000,
  TYPE_EXPAND_SZ: 0x00020000,
  TYPE_BINARY: 0x00000001,
  TYPE_DWORD: 0x00010001,
  TYPE_NONE: 0x00020001,
} as const;

/** FLG_DELREG_MULTI_SZ_DELSTRING: remove a string from a REG_MULTI_SZ. */
const DELREG_MULTI_SZ_DELSTRING = 0x00018002;
const FLG_BITREG_SETBITS = 0x1;
/** FLG_ADDREG_64BITKEY and FLG_ADDREG_32BITKEY (setupapi.h), the same bits in DelReg and BitReg: the registry view a line acts on. */
const FLG_REG_64BITKEY = 0x00001000;
const FLG_REG_32BITKEY = 0x00004000;

const CCS = 'SYSTEM\\CurrentControlSet';

/** Placeholder device instance used when the caller names none (see buildPlan's `context`). */
export const DEVICE_INSTANCE_SUFFIX = '0000';

/** The key HKR stands for, or null when HKR is undefined (DefaultInstall and other plain sections). */
export function hkrKey(context: HkrContext): { root: RegistryRoot; key: string } | null {
  switch (context.kind) {
    case 'class':
      return { root: 'HKLM', key: `${CCS}\\Control\\Class\\${context.classGuid}` };
    case 'interface-class':
      return { root: 'HKLM', key: `${CCS}\\Control\\DeviceClasses\\${context.interfaceGuid}` };
    case 'interface': {
      const instance = context.deviceInstanceId ?? `ROOT\\SYSTEM\\${DEVICE_INSTANCE_SUFFIX}`;
      // DeviceClasses\{guid}\##?#<instance with \ as #>#{guid}\#<reference>\Device Parameters
      const link = `##?#${instance.replaceAll('\\', '#')}#${context.interfaceGuid}`;
      return {
        root: 'HKLM',
        key: `${CCS}\\Control\\DeviceClasses\\${context.interfaceGuid}\\${link}\\#${context.referenceString}\\Device Parameters`,
      };
    }
    case 'device-hardware':
      return { root: 'HKLM', key: `${CCS}\\Enum\\${context.deviceInstanceId}\\Device Parameters` };
    case 'device-driver':
      return { root: 'HKLM', key: `${CCS}\\Control\\Class\\${context.classGuid}\\${context.instance}` };
    case 'service':
      return { root: 'HKLM', key: `${CCS}\\Services\\${context.serviceName}` };
    case 'eventlog':
      return { root: 'HKLM', key: `${CCS}\\Services\\EventLog\\${context.log}\\${context.serviceName}` };
    case 'none':
      return null;
  }
}

const ROOTS: Record<string, RegistryRoot> = { HKLM: 'HKLM', HKCU: 'HKCU', HKCR: 'HKCR', HKU: 'HKU' };

/** Joins key paths, dropping empty parts and doubled backslashes. */
function joinKey(...parts: string[]): string {
  return parts
    .flatMap((p) => p.split('\\'))
    .filter((p) => p !== '')
    .join('\\');
}

type Where = { root: RegistryRoot; key: string };

/**
 * The key WOW64 shows 32-bit code instead of `where` on a 64-bit Windows: HKLM\SOFTWARE\X is
 * HKLM\SOFTWARE\WOW6432Node\X and HKCR\X is HKLM\SOFTWARE\WOW6432Node\Classes\X; null for a
 * key both views share (HKLM\SYSTEM, HKCU, HKU). WOW64 also shares a few keys below
 * SOFTWARE ("Registry Keys Affected by WOW64"); the plan does not list those.
 */
function wow64Key(where: Where): Where | null {
  if (where.root === 'HKCR') return { root: 'HKLM', key: joinKey('SOFTWARE\\WOW6432Node\\Classes', where.key) };
  const software = where.root === 'HKLM' ? /^software(?:\\(.*))?$/i.exec(where.key) : null;
  if (!software || /^wow6432node(\\|$)/i.test(software[1] ?? '')) return null;
  return { root: 'HKLM', key: joinKey('SOFTWARE\\WOW6432Node', software[1] ?? '') };
}

/**
 * The view a line acts on. SetupAPI writes the native registry; FLG_*_32BITKEY sends the line
 * to the 32-bit view, which on a 64-bit target is WOW64's (wow64Key). On a 32-bit target both
 * flags name the native registry, as FLG_*_64BITKEY does on a 64-bit one.
 */
function registryView(state: PlanState, where: Where, flags: number, source: OperationSource): Where {
  const is64 = !['x86', 'arm'].includes(state.env.target.arch);
  if (!(flags & FLG_REG_32BITKEY) || flags & FLG_REG_64BITKEY || !is64) return where;
  const redirected = wow64Key(where);
  const said = redirected
    ? `flag 0x4000 (32BITKEY): the line acts on the 32-bit view, ${redirected.root}\\${redirected.key}`
    : `flag 0x4000 (32BITKEY): ${where.root}\\${where.key} is the same key in the 32-bit view`;
  state.note('info', 'PLAN_REGISTRY_VIEW', said, source);
  return redirected ?? where;
}

/** The root and key of one AddReg/DelReg/BitReg line in the view its flags name, or null (with a note) when it has none. */
function entryKey(state: PlanState, doc: InfDocument, section: string, entry: RegistryEntry, hkr: HkrContext, flags: number): Where | null {
  const rootName = entry.root.trim().toUpperCase();
  const source = sourceOf(doc, section, entry.line);
  if (rootName === 'HKR') {
    const base = hkrKey(hkr);
    if (!base) {
      state.note('warning', 'PLAN_HKR_UNDEFINED', `HKR has no meaning in [${source.section}] here; the line is skipped`, source);
      return null;
    }
    return registryView(state, { root: base.root, key: joinKey(base.key, entry.subkey) }, flags, source);
  }
  const root = ROOTS[rootName];
  if (!root) {
    state.note('error', 'PLAN_BAD_REG_ROOT', `unknown registry root '${entry.root}'; the line is skipped`, source);
    return null;
  }
  return registryView(state, { root, key: joinKey(entry.subkey) }, flags, source);
}

/** The REG_* type an AddReg flags value selects. */
export function addRegValueType(flags: number): string {
  switch ((flags & FLG_ADDREG.TYPE_MASK) >>> 0) {
    case FLG_ADDREG.TYPE_SZ:
      return 'REG_SZ';
    case FLG_ADDREG.TYPE_MULTI_SZ:
      return 'REG_MULTI_SZ';
    case FLG_ADDREG.TYPE_EXPAND_SZ:
      return 'REG_EXPAND_SZ';
    case FLG_ADDREG.TYPE_BINARY:
      return 'REG_BINARY';
    case FLG_ADDREG.TYPE_DWORD:
      return 'REG_DWORD';
    case FLG_ADDREG.TYPE_NONE:
      return 'REG_NONE';
    default: {
      const type = flags >>> 16;
      return regTypeName(type);
    }
  }
}

/** REG_DWORD text as wcstoul(text, NULL, 0) reads it: the leading number, 0 when there is none. */
function wcstoul(text: string): number {
  const n = leadingCInteger(text.replace(/^\s+/, ''));
  if (n === undefined) return 0;
  if (Math.abs(n.value) > 0xffffffff) return 0xffffffff; // wcstoul saturates
  return n.value >>> 0;
}

/** Hex byte fields as SetupGetBinaryField reads them; null when one is not a byte. */
function hexBytes(fields: string[]): Uint8Array | null {
  const bytes: number[] = [];
  for (const text of fields) {
    const t = text.trim();
    if (!/^(0[xX])?[0-9a-fA-F]{1,2}$/.test(t)) return null;
    bytes.push(parseInt(t.replace(/^0[xX]/, ''), 16));
  }
  return Uint8Array.from(bytes);
}

function utf16z(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(`${text}\0`, 'utf16le'));
}

/**
 * The value an AddReg line writes, from field 5 on (`data` = values from index 4).
 * Returns a string reason when the data cannot be read.
 */
export function addRegValue(flags: number, data: string[]): RegistryValue | string {
  const type = addRegValueType(flags);
  const binary = (flags & FLG_ADDREG.BINVALUETYPE) !== 0;
  if (!binary || (type === 'REG_DWORD' && data.length === 1)) {
    if (type === 'REG_MULTI_SZ') {
      const end = data.indexOf('');
      return { type, data: end === -1 ? data : data.slice(0, end) };
    }
    const text = data[0] ?? '';
    if (type === 'REG_DWORD') return { type, data: wcstoul(text) };
    if (type === 'REG_SZ' || type === 'REG_EXPAND_SZ') return { type, data: text };
    return { type, data: utf16z(text) };
  }
  const bytes = hexBytes(data);
  if (!bytes) return `the data of a ${type} value must be hex bytes (00 to ff)`;
  // A number written as its bytes is the number, as the registry reads it back (lib/base/registry-values.ts).
  if ((type === 'REG_DWORD' && bytes.length === 4) || (type === 'REG_QWORD' && bytes.length === 8)) {
    return decodeValue(type === 'REG_DWORD' ? REG_DWORD : REG_QWORD, bytes);
  }
  return { type, data: bytes };
}

/** The flags of a line; an unreadable flags field counts as 0, as SetupGetIntField failing does. */
function entryFlags(state: PlanState, field: InfField | undefined, source: OperationSource): number {
  if (field && field.value.trim() !== '' && infInt(field.value) === undefined) {
    state.note('warning', 'PLAN_BAD_FLAGS', `flags '${field.value}' are not a number; 0 is used`, source);
  }
  return flagsOf(field?.value);
}

/** One AddReg line → its operation (a write, a key creation or, with DELVAL, a delete). */
function addRegLine(state: PlanState, doc: InfDocument, section: string, entry: AddRegEntry, hkr: HkrContext): void {
  const source = sourceOf(doc, section, entry.line);
  const flags = entryFlags(state, entry.flagsField, source);
  if (flags & FLG_ADDREG.DELREG_BIT) {
    // The INF AddReg directive page has no 0x8000; setupapi.h says a value with
    // FLG_ADDREG_DELREG_BIT "will be ignored by AddReg" (the bit marks DelReg lines).
    state.note(
      'warning',
      'PLAN_ADDREG_DELREG_BIT',
      `flags 0x${flags.toString(16)} include FLG_ADDREG_DELREG_BIT (0x8000): AddReg ignores the line`,
      source,
    );
    return;
  }
  const where = entryKey(state, doc, section, entry, hkr, flags);
  if (!where) return;
  if (flags & FLG_ADDREG.DELVAL) {
    deletion(state, where, entry.valueName, flags, undefined, source);
    return;
  }
  const keyOnly = (flags & (FLG_ADDREG.KEYONLY | FLG_ADDREG.KEYONLY_COMMON)) !== 0;
  let append = (flags & FLG_ADDREG.APPEND) !== 0;
  let value: RegistryValue;
  if (keyOnly) {
    value = { type: 'REG_NONE', data: new Uint8Array() };
  } else {
    const read = addRegValue(
      flags,
      entry.values.map((f) => fieldValue(state, doc, f)),
    );
    if (typeof read === 'string') {
      // SetupGetBinaryField fails with ERROR_INVALID_DATA on a field that is not a hex byte.
      state.note('error', 'PLAN_BAD_REG_DATA', `${read}; the line is skipped`, source);
      return;
    }
    if (append && read.type !== 'REG_MULTI_SZ') {
      // The AddReg page: FLG_ADDREG_APPEND "is valid only if FLG_ADDREG_TYPE_MULTI_SZ is also set".
      state.note(
        'warning',
        'PLAN_APPEND_NOT_MULTI_SZ',
        `FLG_ADDREG_APPEND without FLG_ADDREG_TYPE_MULTI_SZ: the ${read.type} value is written as is`,
        source,
      );
      append = false;
    }
    // SetupAPI writes nothing for an APPEND with no strings.
    if (append && (read.data as string[]).length === 0) return;
    value = read;
  }
  state.add({
    op: 'reg-set',
    root: where.root,
    key: where.key,
    name: entry.valueName ?? '',
    value,
    flags,
    noClobber: (flags & FLG_ADDREG.NOCLOBBER) !== 0,
    append,
    keyOnly,
    source,
  });
}

/**
 * A DelReg line (or an AddReg line with FLG_ADDREG_DELVAL), as SetupAPI's do_reg_operation
 * takes it: with a value name, the value goes, or with FLG_DELREG_MULTI_SZ_DELSTRING every
 * occurrence of `string` in it (the INF DelReg directive page: "delete all strings matching
 * ... Case is ignored"; nothing without a string field); without a name, or with
 * FLG_DELREG_KEYONLY_COMMON, the whole key.
 */
function deletion(
  state: PlanState,
  where: Where,
  name: string | null,
  flags: number,
  string: string | undefined,
  source: OperationSource,
): void {
  const { root, key } = where;
  if (name === null || name === '' || flags & FLG_ADDREG.KEYONLY_COMMON) {
    state.add({ op: 'reg-delete-key', root, key, source });
  } else if ((flags & DELREG_MULTI_SZ_DELSTRING) !== DELREG_MULTI_SZ_DELSTRING) {
    state.add({ op: 'reg-delete-value', root, key, name, source });
  } else if (string !== undefined) {
    state.add({ op: 'reg-delete-string', root, key, name, string, source });
  }
}

function delRegLine(state: PlanState, doc: InfDocument, section: string, entry: DelRegEntry, hkr: HkrContext): void {
  const source = sourceOf(doc, section, entry.line);
  const flags = entryFlags(state, entry.line.fields[3], source) | FLG_ADDREG.DELREG_BIT;
  const where = entryKey(state, doc, section, entry, hkr, flags);
  if (!where) return;
  const string = entry.line.fields[4] ? fieldValue(state, doc, entry.line.fields[4]) : undefined;
  deletion(state, where, entry.valueName, flags, string, source);
}

function bitRegLine(state: PlanState, doc: InfDocument, section: string, entry: BitRegEntry, hkr: HkrContext): void {
  const source = sourceOf(doc, section, entry.line);
  const flags = entryFlags(state, entry.line.fields[3], source);
  const where = entryKey(state, doc, section, entry, hkr, flags);
  if (!where) return;
  const { byteMask, byteToModify } = entry;
  if (byteMask === undefined || byteToModify === undefined || byteMask < 0 || byteMask > 0xff || byteToModify < 0) {
    state.note('error', 'PLAN_BAD_REG_DATA', 'BitReg needs a byte mask and a byte index; the line is skipped', source);
    return;
  }
  state.add({
    op: 'reg-bit',
    root: where.root,
    key: where.key,
    name: entry.valueName ?? '',
    set: (flags & FLG_BITREG_SETBITS) !== 0,
    mask: byteMask,
    byte: byteToModify,
    source,
  });
}

/** Each directive: how its sections are read, and what one line becomes. */
const DIRECTIVES = {
  AddReg: (state: PlanState, doc: InfDocument, section: string, hkr: HkrContext) => {
    for (const e of readAddRegSection(doc, section)) addRegLine(state, doc, section, e, hkr);
  },
  DelReg: (state: PlanState, doc: InfDocument, section: string, hkr: HkrContext) => {
    for (const e of readDelRegSection(doc, section)) delRegLine(state, doc, section, e, hkr);
  },
  BitReg: (state: PlanState, doc: InfDocument, section: string, hkr: HkrContext) => {
    for (const e of readBitRegSection(doc, section)) bitRegLine(state, doc, section, e, hkr);
  },
} as const;

/**
 * The registry operations of one install section's `directive=` lines, in the order
 * SetupAPI runs them (each named section in turn, its lines in order).
 */
export function planRegistry(
  state: PlanState,
  doc: InfDocument,
  installSection: string,
  directive: keyof typeof DIRECTIVES,
  hkr: HkrContext,
): void {
  for (const { value, line } of listed(doc, installSection, directive)) {
    const section = doc.section(value);
    if (!section) {
      state.note('warning', 'PLAN_SECTION_MISSING', `${directive} section [${value}] does not exist`, sourceOf(doc, installSection, line));
      continue;
    }
    DIRECTIVES[directive](state, doc, section.name, hkr);
  }
}
