// The architectures an INF targets, as its own decorations name them: what `validate` checks
// when no --arch is given (an x86-only or arm64-only package is not judged as amd64).
import { readManufacturers } from '../inf/model.js';
import { ARCHITECTURES, ARCH_PLACEHOLDER, parseTargetOsVersion } from '../inf/platform.js';
import type { InfDocument } from '../inf/types.js';

const ARCH_SUFFIX = new RegExp(`\\.(?:nt)?(${ARCHITECTURES.join('|')})(?:\\.|$)`, 'i');

/**
 * Architectures named by [Manufacturer] decorations (`NTamd64`), else by section decorations
 * (`.NTarm64`, `[SourceDisksFiles.x86]`), in ARCHITECTURES order. An INF with undecorated Models
 * and no decorated sections targets x86 (what Windows reads an undecorated section as); one with
 * neither gives amd64.
 */
export function architecturesOf(doc: InfDocument): string[] {
  const found = new Set<string>();
  let undecoratedModels = false;
  for (const entry of readManufacturers(doc)) {
    let decorated = false;
    for (const text of entry.decorations) {
      const arch = parseTargetOsVersion(text)?.arch;
      if (arch && arch !== ARCH_PLACEHOLDER) {
        found.add(arch);
        decorated = true;
      }
    }
    if (!decorated && entry.modelsSection.trim() !== '') undecoratedModels = true;
  }
  if (found.size === 0) {
    for (const section of doc.sections) {
      const m = ARCH_SUFFIX.exec(section.name);
      if (m) found.add(m[1]!.toLowerCase());
    }
  }
  if (found.size === 0) return [undecoratedModels ? 'x86' : 'amd64'];
  return ARCHITECTURES.filter((a) => found.has(a));
}
