// What the Wine tier's effects scenario (effects.ts, inside Windows Node) and its checker
// (verify.ts, on Linux) agree on: the fixture GUIDs and names, and the state file's shape.
import type { RealBackendKind } from './load-backend.js';

export const WINE_GUIDS = {
  cls: '{C0FFEE00-1A2B-4C3D-8E9F-0A1B2C3D4E01}',
  ifaceA: '{C0FFEE00-1A2B-4C3D-8E9F-0A1B2C3D4E11}',
  ifaceB: '{C0FFEE00-1A2B-4C3D-8E9F-0A1B2C3D4E12}',
  /** Created by the first registerInterface, not by an INF. */
  ifaceDevice: '{C0FFEE00-1A2B-4C3D-8E9F-0A1B2C3D4E21}',
  system: '{4D36E97D-E325-11CE-BFC1-08002BE10318}',
} as const;
export const WINE_HARDWARE_ID = 'Root\\InfkitWine';
export const WINE_REFERENCE = 'wine-ref';
export const WINE_SOFTWARE_KEY = 'SOFTWARE\\infkit-wine';

export interface Step {
  name: string;
  ok: boolean;
  detail?: unknown;
  error?: { name?: string; code?: unknown; api?: string; message: string; hint?: string };
}

export interface EffectsState {
  backend: RealBackendKind;
  phase: 'apply' | 'cleanup';
  steps: Step[];
  deviceInstanceId?: string;
  publishedName?: string;
  links?: string[];
}
