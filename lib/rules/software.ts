// Device software (SoftwareType, SoftwareBinary, ...) and COM servers.
import type { Rule } from './types.js';

export const rules: Rule[] = [];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {};
