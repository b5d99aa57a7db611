// Include and Needs: what a section pulls in from the INFs it includes.
import type { Rule } from './types.js';

export const rules: Rule[] = [];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {};
