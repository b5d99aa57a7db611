// Install safety. A plan may only write below the directories an install is expected to
// touch (the Windows directory, Program Files, ProgramData, user profiles) and the
// registry trees drivers write (HKLM\SYSTEM, HKLM\SOFTWARE, HKCR, HKCU, HKU). A plan that
// would write anywhere else, or name a file that climbs out of its destination directory,
// is refused as a whole with E_UNSAFE before anything could act on it.
import { InfkitError } from '../errors.js';
import type { Operation, OperationSource } from './types.js';

/** Joins Windows path parts with one backslash between them; '/' counts as a separator. */
export function joinWindowsPath(base: string, rest: string): string {
  const parts = [base, rest].map((p) => p.replaceAll('/', '\\')).filter((p) => p !== '');
  if (parts.length === 0) return '';
  const joined = parts.length === 1 ? parts[0]! : `${parts[0]!.replace(/\\+$/, '')}\\${parts[1]!.replace(/^\\+/, '')}`;
  return joined.replace(/(?<!^)\\{2,}/g, '\\');
}

/** `.` and `..` resolved; null when `..` climbs above the drive. */
export function normalizeWindowsPath(path: string): string | null {
  const parts = path.replaceAll('/', '\\').split('\\');
  const out: string[] = [];
  for (const [i, part] of parts.entries()) {
    if (part === '' && i > 0) continue;
    if (part === '.') continue;
    if (part === '..') {
      if (out.length <= 1) return null;
      out.pop();
      continue;
    }
    out.push(part);
  }
  return out.join('\\');
}

/** The directories a plan may write below, for a given Windows directory. */
export function allowedFileRoots(systemRoot: string): string[] {
  const drive = /^[A-Za-z]:/.exec(systemRoot)?.[0] ?? 'C:';
  return [systemRoot, `${drive}\\Program Files`, `${drive}\\Program Files (x86)`, `${drive}\\ProgramData`, `${drive}\\Users`];
}

/** Registry trees a plan may write: root and key prefix ('' = the whole root). */
export const ALLOWED_REGISTRY_ROOTS: ReadonlyArray<{ root: string; prefix: string }> = [
  { root: 'HKLM', prefix: 'SYSTEM' },
  { root: 'HKLM', prefix: 'SOFTWARE' },
  { root: 'HKCR', prefix: '' },
  { root: 'HKCU', prefix: '' },
  { root: 'HKU', prefix: '' },
];

export function unsafe(message: string, source: OperationSource): InfkitError {
  return new InfkitError('E_UNSAFE', `${message} ([${source.section}])`, {
    file: source.file,
    line: source.line,
    hint: 'infkit refuses plans that write outside the Windows directory, Program Files, ProgramData, user profiles, HKLM\\SYSTEM, HKLM\\SOFTWARE, HKCR, HKCU and HKU',
  });
}

function isBelow(path: string, root: string): boolean {
  const p = path.toLowerCase();
  const r = root.toLowerCase().replace(/\\+$/, '');
  return p === r || p.startsWith(`${r}\\`);
}

function checkFile(target: string, roots: string[], source: OperationSource): void {
  const normal = normalizeWindowsPath(target);
  if (normal === null || !roots.some((root) => isBelow(normal, root))) {
    throw unsafe(`the plan would write ${target}, outside the allowed directories`, source);
  }
}

/** Trees below the allowed ones that a plan may not delete whole either: the 32-bit views of HKLM\SOFTWARE and HKCR. */
const UNDELETABLE_KEYS = ['SOFTWARE\\WOW6432Node', 'SOFTWARE\\WOW6432Node\\Classes'];

/** `deleting`: the key itself goes, so it must lie strictly below an allowed tree. */
function checkKey(root: string, key: string, source: OperationSource, deleting = false): void {
  const whole = (tree: string) => key.toLowerCase() === tree.toLowerCase();
  const ok = ALLOWED_REGISTRY_ROOTS.some(
    (a) =>
      a.root === root &&
      (a.prefix === '' || isBelow(key, a.prefix)) &&
      !(deleting && (whole(a.prefix) || (root === 'HKLM' && UNDELETABLE_KEYS.some(whole)))),
  );
  if (!ok) {
    const what = deleting ? 'delete' : 'write';
    throw unsafe(`the plan would ${what} ${key === '' ? root : `${root}\\${key}`}, outside the allowed registry trees`, source);
  }
}

/** Throws E_UNSAFE for the first operation that writes outside the allowed roots. */
export function checkSafety(operations: readonly Operation[], systemRoot: string): void {
  const roots = allowedFileRoots(systemRoot);
  for (const op of operations) {
    switch (op.op) {
      case 'file-copy':
      case 'file-delete':
        checkFile(op.target, roots, op.source);
        break;
      case 'file-rename':
        checkFile(op.from, roots, op.source);
        checkFile(op.to, roots, op.source);
        break;
      case 'reg-delete-key':
        checkKey(op.root, op.key, op.source, true);
        break;
      case 'reg-set':
      case 'reg-delete-value':
      case 'reg-delete-string':
      case 'reg-bit':
        checkKey(op.root, op.key, op.source);
        break;
      default:
        break;
    }
  }
}
