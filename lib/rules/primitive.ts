// Primitive drivers: INFs installed through [DefaultInstall] with no device, and how they must be decorated.
import type { Rule } from './types.js';

export const rules: Rule[] = [];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {};
