// Applies a plan's operations to the simulated machine, with SetupAPI's semantics for
// each: AddReg flags (NOCLOBBER, APPEND, KEYONLY, OVERWRITEONLY), a file queue that
// collects each failed copy instead of stopping, services under Services\<name>, and the
// seeds' rules for classes and interface classes (an existing class is left alone).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { FLG_ADDREG } from '../../plan/registry.js';
import type { Operation } from '../../plan/types.js';
import type { RegistryValue, SectionFailure } from '../types.js';
import { describeWinError } from '../winerror-table.js';
import { SERVICES_KEY } from '../../base/registry-paths.js';
import { ERR, type Machine } from './machine.js';

/** COPYFLG_NOOVERWRITE and COPYFLG_REPLACEONLY (setupapi.h). */
const COPYFLG_NOOVERWRITE = 0x00000010;
const COPYFLG_REPLACEONLY = 0x00000400;
/** SPSVCINST_ASSOCSERVICE: the service becomes the device's function driver. */
const SPSVCINST_ASSOCSERVICE = 0x00000002;

export interface ApplyEnv {
  /** Folder the source files are read from (the INF's folder, or InstallSectionOptions.sourceDir). */
  sourceDir: string;
  /** Stores file content, returning its hash (StateStore.putBlob). */
  putBlob(data: Uint8Array): Promise<string>;
  /** The device being installed, for `interface-add` and the AddService ASSOCSERVICE flag. */
  deviceInstanceId?: string;
}

export interface ApplyResult {
  failures: SectionFailure[];
  rebootRequired: boolean;
  /** Classes created by class-create (a class that existed is not in it). */
  classesCreated: string[];
  /** Interface classes by GUID → whether interface-class-create created them. */
  interfaceClasses: Array<{ guid: string; section: string; created: boolean }>;
  /** The service associated with the device (AddService with SPSVCINST_ASSOCSERVICE). */
  associatedService?: string;
}

function failure(code: number, file: string | undefined): SectionFailure {
  const entry = describeWinError(code);
  return { ...(file !== undefined && { file }), code, name: entry.name, message: entry.message };
}

/** FLG_ADDREG_APPEND: the strings not yet in the REG_MULTI_SZ are added to its end. */
function appended(existing: RegistryValue | undefined, value: RegistryValue): RegistryValue {
  // An append adds to a REG_MULTI_SZ only: a value of another type is left as it is (docs/plan.md).
  if (existing !== undefined && existing.type !== 'REG_MULTI_SZ') return existing;
  const old = existing?.type === 'REG_MULTI_SZ' && Array.isArray(existing.data) ? existing.data : [];
  const add = Array.isArray(value.data) ? value.data : [];
  return { type: 'REG_MULTI_SZ', data: [...old, ...add.filter((s) => !old.some((o) => o.toLowerCase() === s.toLowerCase()))] };
}

/** BitReg: sets or clears `mask` in byte `byte` of a binary or DWORD value. */
function withBits(existing: RegistryValue | undefined, op: Extract<Operation, { op: 'reg-bit' }>): RegistryValue | undefined {
  if (existing === undefined) return undefined;
  if (existing.type === 'REG_DWORD' && typeof existing.data === 'number') {
    if (op.byte > 3) return existing;
    const shifted = op.mask << (8 * op.byte);
    const data = op.set ? (existing.data | shifted) >>> 0 : (existing.data & ~shifted) >>> 0;
    return { type: 'REG_DWORD', data };
  }
  if (existing.data instanceof Uint8Array && op.byte < existing.data.length) {
    const data = new Uint8Array(existing.data);
    data[op.byte] = op.set ? data[op.byte]! | op.mask : data[op.byte]! & ~op.mask;
    return { type: existing.type, data };
  }
  return existing;
}

function applyRegSet(m: Machine, op: Extract<Operation, { op: 'reg-set' }>): void {
  if (op.keyOnly) {
    m.reg.createKey(op.root, op.key);
    return;
  }
  const existing = m.reg.getValue(op.root, op.key, op.name);
  if (op.noClobber && existing !== undefined) return;
  if (op.flags & FLG_ADDREG.OVERWRITEONLY && existing === undefined) return;
  m.reg.setValue(op.root, op.key, op.name, op.append ? appended(existing, op.value) : op.value);
}

async function applyFileCopy(m: Machine, op: Extract<Operation, { op: 'file-copy' }>, env: ApplyEnv): Promise<SectionFailure | null> {
  const exists = m.getFile(op.target) !== undefined;
  if ((op.flags & COPYFLG_NOOVERWRITE && exists) || (op.flags & COPYFLG_REPLACEONLY && !exists)) return null;
  const relative = (op.sourcePath ?? op.sourceFile).split(/[\\/]+/).filter((p) => p !== '');
  const source = path.join(env.sourceDir, ...relative);
  let data: Uint8Array;
  try {
    data = await readFile(source);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code === 'ENOENT' ? ERR.FILE_NOT_FOUND : ERR.ACCESS_DENIED;
    return failure(code, source);
  }
  m.putFile(op.target, await env.putBlob(data), data.length);
  return null;
}

function applyServiceAdd(m: Machine, op: Extract<Operation, { op: 'service-add' }>): void {
  // The values the service control manager writes, as the plan lists them (Type, Start, ErrorControl, ImagePath, ...).
  for (const { name, value } of op.values) m.reg.setValue('HKLM', op.key, name, value);
}

/**
 * Applies `operations` in order. Registry and service steps cannot fail here; a file copy
 * that fails is recorded (as a file queue callback would) and the rest goes on.
 * `stage-package` and `interface-add` are the caller's (they need the driver store and a
 * device); DLL registration and INI updates have nothing to act on in the mock.
 */
export async function applyOperations(m: Machine, operations: readonly Operation[], env: ApplyEnv): Promise<ApplyResult> {
  const result: ApplyResult = { failures: [], rebootRequired: false, classesCreated: [], interfaceClasses: [] };
  for (const op of operations) {
    switch (op.op) {
      case 'class-create':
        if (m.createClass(op.classGuid, op.className)) result.classesCreated.push(op.classGuid);
        break;
      case 'class-skip-existing':
        break;
      case 'interface-class-create':
        result.interfaceClasses.push({ guid: op.interfaceGuid, section: op.section, created: m.createInterfaceClass(op.interfaceGuid) });
        break;
      case 'interface-add':
        if (env.deviceInstanceId !== undefined) {
          m.registerInterface(env.deviceInstanceId, op.interfaceGuid, op.referenceString);
          m.enableInterfacesOfDriver(env.deviceInstanceId);
        }
        break;
      case 'reg-set':
        applyRegSet(m, op);
        break;
      case 'reg-delete-value':
        m.reg.deleteValue(op.root, op.key, op.name);
        break;
      case 'reg-delete-key':
        m.reg.deleteKey(op.root, op.key);
        break;
      case 'reg-delete-string': {
        // FLG_DELREG_MULTI_SZ_DELSTRING: every occurrence of the string goes (case-insensitively, as SetupAPI compares).
        const value = m.reg.getValue(op.root, op.key, op.name);
        if (value?.type === 'REG_MULTI_SZ' && Array.isArray(value.data)) {
          const kept = value.data.map(String).filter((item) => item.toLowerCase() !== op.string.toLowerCase());
          if (kept.length !== value.data.length) m.reg.setValue(op.root, op.key, op.name, { type: 'REG_MULTI_SZ', data: kept });
        }
        break;
      }
      case 'reg-bit': {
        const value = withBits(m.reg.getValue(op.root, op.key, op.name), op);
        if (value !== undefined) m.reg.setValue(op.root, op.key, op.name, value);
        break;
      }
      case 'file-copy': {
        const failed = await applyFileCopy(m, op, env);
        if (failed) result.failures.push(failed);
        break;
      }
      case 'file-delete':
        m.deleteFile(op.target);
        break;
      case 'file-rename': {
        const file = m.getFile(op.from);
        if (file === undefined) {
          result.failures.push(failure(ERR.FILE_NOT_FOUND, op.from));
        } else {
          m.putFile(op.to, file.blob, file.size);
          m.deleteFile(op.from);
        }
        break;
      }
      case 'service-add':
        applyServiceAdd(m, op);
        if (op.flags & SPSVCINST_ASSOCSERVICE) result.associatedService = op.name;
        break;
      case 'service-delete':
        m.reg.deleteKey('HKLM', `${SERVICES_KEY}\\${op.name}`);
        break;
      case 'reboot':
        result.rebootRequired = true;
        break;
      case 'stage-package':
      case 'register-dll':
      case 'ini-update':
        break;
    }
  }
  return result;
}
