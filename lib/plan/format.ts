// A plan for people (numbered, one line per operation, with the INF line it comes from)
// and for scripts (JSON that is the same in every locale: binary data as hex bytes).
import path from 'node:path';
import type { RegistryValue } from '../base/registry-values.js';
import type { Operation, OperationSource, Plan } from './types.js';

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(',');
}

/** JSON form of a registry value: binary data as comma-separated hex bytes, 64-bit numbers as text. */
function valueToJson(value: RegistryValue): { type: string; data: unknown } {
  if (value.data instanceof Uint8Array) return { type: value.type, data: hex(value.data) };
  if (typeof value.data === 'bigint') return { type: value.type, data: value.data.toString() };
  return { type: value.type, data: value.data };
}

/**
 * The plan as JSON-ready data: the Plan object with REG_BINARY-like data as "01,ff,..."
 * and bigints as decimal strings. JSON.stringify of the result is stable.
 */
export function planToJson(plan: Plan): unknown {
  return {
    ...plan,
    operations: plan.operations.map((op) => {
      if (op.op === 'reg-set') return { ...op, value: valueToJson(op.value) };
      if (op.op === 'service-add') return { ...op, values: op.values.map((v) => ({ name: v.name, value: valueToJson(v.value) })) };
      return op;
    }),
  };
}

function showValue(value: RegistryValue): string {
  const { data } = value;
  if (data instanceof Uint8Array) return `${value.type} ${hex(data) || '(empty)'}`;
  if (Array.isArray(data)) return `${value.type} [${data.map((s) => JSON.stringify(s)).join(', ')}]`;
  if (typeof data === 'number') return `${value.type} 0x${data.toString(16).padStart(8, '0')} (${data})`;
  if (typeof data === 'bigint') return `${value.type} ${data.toString()}`;
  return `${value.type} ${JSON.stringify(data)}`;
}

function hex8(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

/** One operation in words. */
export function describeOperation(op: Operation): string {
  switch (op.op) {
    case 'class-create':
      return `create setup class ${op.className} ${op.classGuid}`;
    case 'class-skip-existing':
      return `skip [ClassInstall32]: class ${op.className} ${op.classGuid} exists`;
    case 'interface-class-create':
      return `create interface class ${op.interfaceGuid}${op.section ? ` with [${op.section}]` : ''}`;
    case 'interface-add':
      return `add device interface ${op.interfaceGuid}${op.referenceString ? ` reference "${op.referenceString}"` : ''}`;
    case 'reg-set': {
      const where = `${op.root}\\${op.key}`;
      if (op.keyOnly) return `create key ${where}`;
      const how = [op.noClobber && 'if absent', op.append && 'append'].filter(Boolean).join(', ');
      return `set ${where} ${op.name === '' ? '(default)' : JSON.stringify(op.name)} = ${showValue(op.value)}${how ? ` (${how})` : ''}`;
    }
    case 'reg-delete-value':
      return `delete value ${op.root}\\${op.key} ${op.name === '' ? '(default)' : JSON.stringify(op.name)}`;
    case 'reg-delete-string':
      return `delete string ${JSON.stringify(op.string)} from ${op.root}\\${op.key} ${JSON.stringify(op.name)}`;
    case 'reg-delete-key':
      return `delete key ${op.root}\\${op.key}`;
    case 'reg-bit':
      return `${op.set ? 'set' : 'clear'} bits 0x${op.mask.toString(16)} of byte ${op.byte} of ${op.root}\\${op.key} ${JSON.stringify(op.name)}`;
    case 'file-copy': {
      const disk = op.sourceDisk ? ` from disk ${op.sourceDisk.id} "${op.sourceDisk.description}"` : '';
      return `copy ${op.sourcePath ?? op.sourceFile}${disk} to ${op.target}${op.flags ? ` (flags ${hex8(op.flags)})` : ''}`;
    }
    case 'file-delete':
      return `delete file ${op.target}`;
    case 'file-rename':
      return `rename ${op.from} to ${op.to}`;
    case 'service-add': {
      const extra = [
        op.loadOrderGroup && `group ${op.loadOrderGroup}`,
        op.dependencies.length > 0 && `depends on ${op.dependencies.join(', ')}`,
        op.startName && `as ${op.startName}`,
        op.security && `security ${op.security}`,
        op.tag && 'tagged',
        op.flags && `flags ${hex8(op.flags)}`,
      ].filter(Boolean);
      return `add service ${op.name} (type ${op.serviceType}, start ${op.startType}, error ${op.errorControl}) binary ${op.binary}${extra.length ? `, ${extra.join(', ')}` : ''}`;
    }
    case 'service-delete':
      return `delete service ${op.name}`;
    case 'stage-package':
      return `stage driver package ${op.inf}`;
    case 'reboot':
      return `${op.kind} required${op.reason ? `: ${op.reason}` : ''}`;
    case 'register-dll':
      return `${op.unregister ? 'unregister' : 'register'} ${op.target}`;
    case 'ini-update':
      return `write [${op.section}] ${op.entry} in ${op.file}`;
  }
}

function where(source: OperationSource | undefined): string {
  return source ? `${path.basename(source.file)}:${source.line} [${source.section}]` : '';
}

/** The plan as text: chosen sections, numbered operations with their INF line, notes. */
export function formatPlan(plan: Plan): string {
  const out: string[] = [];
  out.push(`Plan: ${plan.kind} install of ${plan.inf} for ${plan.target.arch} ${plan.target.osVersion}`);
  if (plan.sections.length) {
    out.push('', 'Sections:');
    for (const s of plan.sections) {
      out.push(`  [${s.requested}] -> [${s.chosen}]: ${s.reason}`);
    }
  }
  if (plan.includes.length) {
    out.push('', 'Included INFs:');
    for (const i of plan.includes) out.push(`  ${i.name}: ${i.path ?? 'NOT FOUND'}`);
  }
  out.push('', plan.operations.length ? 'Operations:' : 'Operations: none');
  const width = String(plan.operations.length).length;
  plan.operations.forEach((op, i) => {
    out.push(`  ${String(i + 1).padStart(width)}. ${describeOperation(op)}  (${where(op.source)})`);
  });
  if (plan.notes.length) {
    out.push('', 'Notes:');
    for (const n of plan.notes) out.push(`  ${n.severity} ${n.code}: ${n.message}${n.source ? `  (${where(n.source)})` : ''}`);
  }
  out.push('', `Reboot required: ${plan.rebootRequired ? 'yes' : 'no'}`);
  return out.join('\n');
}
