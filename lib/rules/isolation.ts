// Driver package isolation (/w, /h): registry writes under HKR, the service's Parameters key, and the writes two sections make differently.
import type { Rule } from './types.js';

export const rules: Rule[] = [];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {};
