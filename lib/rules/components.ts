// Software components (AddComponent) and their component-install sections.
import type { InfField } from '../inf/types.js';
import type { Rule } from './types.js';
import { hasUnresolvedToken, linesOfDirective } from './helpers.js';

/** The first of `\` and `,` in a component name or ID, if any. */
function badCharacter(field: InfField): string | undefined {
  if (hasUnresolvedToken(field)) return undefined;
  return /[\\,]/.exec(field.value)?.[0];
}

const badComponentId: Rule = {
  code: 'INF1150',
  description:
    'The name an AddComponent directive gives its software component, and each ComponentIDs value of the ' +
    'component-install section it names, must not contain a backslash or a comma. Windows prefixes each component ' +
    'ID with `SWC\\` to make the hardware IDs of the software component, and in device IDs a backslash separates ' +
    'the enumerator from the rest while a comma separates IDs in a list. A comma can only get into a value through ' +
    'quotes or a %strkey% value.',
  fix: 'Use only letters, digits, `&` and `_` in component names and IDs, e.g. `ComponentIDs = VID_045E&PID_94AB`.',
  bad: '[Install.NT.Components]\nAddComponent = ContosoPanel,, Panel_Component\n\n[Panel_Component]\nComponentIDs = VID_045E\\PID_94AB',
  good: '[Install.NT.Components]\nAddComponent = ContosoPanel,, Panel_Component\n\n[Panel_Component]\nComponentIDs = VID_045E&PID_94AB',
  check(ctx) {
    const { doc } = ctx;
    const sections = new Set<string>();
    for (const { section, line } of linesOfDirective(doc, 'addcomponent')) {
      const name = line.fields[0];
      const bad = name ? badCharacter(name) : undefined;
      if (bad)
        ctx.report(name, `invalid AddComponent directive in [${section.name}]: component name "${name!.value.trim()}" contains "${bad}"`);
      const target = line.fields[2]?.value.trim();
      if (target) sections.add(target.toLowerCase());
    }
    for (const name of sections) {
      const section = doc.section(name);
      if (!section) continue; // a missing section is INF1203's
      for (const line of section.lines) {
        if (line.key?.trim().toLowerCase() !== 'componentids') continue;
        for (const field of line.fields) {
          const bad = badCharacter(field);
          if (bad)
            ctx.report(
              field,
              `invalid ComponentIDs directive in [${section.name}]: component ID "${field.value.trim()}" contains "${bad}"`,
            );
        }
      }
    }
  },
};

export const rules: Rule[] = [badComponentId];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {};
