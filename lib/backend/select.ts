// Backend selection: `auto` tries the native addon, then koffi, and on a system that is not
// Windows falls back to the mock, saying so. A forced choice
// that cannot load fails with E_BACKEND_UNAVAILABLE saying why. Fallback notices go to the
// caller's onNotice (the CLI prints them on stderr); this module writes nothing itself.
//
// The backends are imported dynamically, so that loading this module (on Linux, say) never
// loads the addon or koffi.
import { InfkitError } from '../errors.js';
import type { Backend, BackendKind } from './types.js';

export type BackendChoice = 'auto' | BackendKind;

export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'native', 'koffi', 'mock'];

export interface OpenBackendOptions {
  backend?: BackendChoice;
  /** The mock backend's state directory. */
  stateDir?: string;
  /** Receives each fallback notice (nothing is printed without it). */
  onNotice?: (message: string) => void;
}

/** How each backend is opened; replaced in tests to exercise the Windows paths on Linux. */
export interface BackendLoaders {
  native(): Promise<Backend>;
  koffi(): Promise<Backend>;
  mock(stateDir: string | undefined): Promise<Backend>;
}

export const defaultLoaders: BackendLoaders = {
  async native() {
    const { openNativeBackend } = await import('./native.js');
    return openNativeBackend();
  },
  async koffi() {
    const { openKoffiBackend } = await import('./koffi.js');
    return openKoffiBackend();
  },
  async mock(stateDir) {
    const { openMockBackend } = await import('./mock/index.js');
    return openMockBackend(stateDir === undefined ? {} : { stateDir });
  },
};

export interface SelectEnvironment {
  platform: NodeJS.Platform;
  arch: string;
  loaders: BackendLoaders;
}

function say(message: string, onNotice: ((message: string) => void) | undefined): void {
  onNotice?.(message);
}

function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

function unavailable(kind: BackendKind, reason: string, hint: string, cause?: unknown): InfkitError {
  return new InfkitError('E_BACKEND_UNAVAILABLE', `the ${kind} backend is unavailable: ${reason}`, {
    hint,
    ...(cause !== undefined && { cause }),
  });
}

/** Opens one backend by kind, turning any load failure into E_BACKEND_UNAVAILABLE. */
async function openKind(kind: BackendKind, options: OpenBackendOptions, env: SelectEnvironment): Promise<Backend> {
  if (kind === 'mock') {
    try {
      return await env.loaders.mock(options.stateDir);
    } catch (e) {
      if (e instanceof InfkitError) throw e; // e.g. E_LOCKED: already says what to do
      throw unavailable('mock', reasonOf(e), 'Check that the state directory is writable.', e);
    }
  }
  if (env.platform !== 'win32') {
    throw unavailable(kind, `it needs Windows, and this is ${env.platform}-${env.arch}`, 'Use --backend mock (or auto) on this system.');
  }
  try {
    return await env.loaders[kind]();
  } catch (e) {
    if (kind === 'native') {
      throw unavailable(
        'native',
        `no usable prebuilt addon for win32-${env.arch} (${reasonOf(e)})`,
        'Use --backend koffi, which needs no compiler, or rebuild the addon with `npm run build:win`.',
        e,
      );
    }
    throw unavailable('koffi', reasonOf(e), 'Reinstall infkit with its optional dependencies (`npm install koffi`).', e);
  }
}

/** The environment-injectable core of openBackend (tests use it to play Windows on Linux). */
export async function openBackendIn(env: SelectEnvironment, options: OpenBackendOptions = {}): Promise<Backend> {
  const choice = options.backend ?? 'auto';
  if (!BACKEND_CHOICES.includes(choice)) {
    throw new InfkitError('E_USAGE', `unknown backend '${String(choice)}'`, { hint: `Choose one of: ${BACKEND_CHOICES.join(', ')}.` });
  }
  if (choice !== 'auto') return openKind(choice, options, env);

  if (env.platform !== 'win32') {
    say(`not on Windows (${env.platform}): using the mock backend, which changes nothing on this machine`, options.onNotice);
    return openKind('mock', options, env);
  }
  const reasons: string[] = [];
  for (const kind of ['native', 'koffi'] as const) {
    try {
      return await openKind(kind, options, env);
    } catch (e) {
      const reason = reasonOf(e);
      reasons.push(reason);
      if (kind === 'native') say(`${reason}; falling back to koffi`, options.onNotice);
    }
  }
  throw new InfkitError('E_BACKEND_UNAVAILABLE', `no Windows backend could be loaded: ${reasons.join('; ')}`, {
    hint: 'Reinstall infkit so that its prebuilt addon or its koffi dependency is present for this architecture.',
  });
}

/** Opens the backend to use: `auto` (the default) or a forced choice. */
export function openBackend(options: OpenBackendOptions = {}): Promise<Backend> {
  return openBackendIn({ platform: process.platform, arch: process.arch, loaders: defaultLoaders }, options);
}
