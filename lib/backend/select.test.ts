import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { InfkitError } from '../errors.js';
import { openBackendIn, type BackendLoaders, type SelectEnvironment } from './select.js';
import type { Backend, BackendKind } from './types.js';

function fakeBackend(kind: BackendKind): Backend {
  return { kind } as Backend;
}

/** Loaders where the listed kinds fail with `reason`, and a log of what was tried. */
function loaders(failing: Partial<Record<BackendKind, string>>, tried: string[]): BackendLoaders {
  const make = (kind: BackendKind) => async () => {
    tried.push(kind);
    const reason = failing[kind];
    if (reason !== undefined) throw new Error(reason);
    return fakeBackend(kind);
  };
  return { native: make('native'), koffi: make('koffi'), mock: make('mock') };
}

function env(platform: NodeJS.Platform, failing: Partial<Record<BackendKind, string>>, tried: string[], arch = 'x64'): SelectEnvironment {
  return { platform, arch, loaders: loaders(failing, tried) };
}

async function rejection(p: Promise<unknown>): Promise<InfkitError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(InfkitError);
    return e as InfkitError;
  }
  throw new Error('expected a rejection');
}

describe('openBackend auto', () => {
  it('on Linux goes straight to the mock and says so once', async () => {
    const tried: string[] = [];
    const notices: string[] = [];
    const b = await openBackendIn(env('linux', {}, tried), { onNotice: (m) => notices.push(m) });
    expect(b.kind).toBe('mock');
    expect(tried).toEqual(['mock']);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/not on Windows.*mock/);
  });

  it('on Windows prefers the native addon, silently', async () => {
    const tried: string[] = [];
    const notices: string[] = [];
    const b = await openBackendIn(env('win32', {}, tried), { onNotice: (m) => notices.push(m) });
    expect(b.kind).toBe('native');
    expect(notices).toEqual([]);
  });

  it('on Windows falls back to koffi and names why the addon failed', async () => {
    const tried: string[] = [];
    const notices: string[] = [];
    const b = await openBackendIn(env('win32', { native: 'no prebuild for win32-arm64' }, tried, 'arm64'), {
      onNotice: (m) => notices.push(m),
    });
    expect(b.kind).toBe('koffi');
    expect(tried).toEqual(['native', 'koffi']);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('no prebuild for win32-arm64');
    expect(notices[0]).toContain('falling back to koffi');
  });

  it('on Windows never falls back to the mock: E_BACKEND_UNAVAILABLE with both reasons', async () => {
    const tried: string[] = [];
    const e = await rejection(
      openBackendIn(env('win32', { native: 'addon broken', koffi: 'koffi missing' }, tried), { onNotice: () => {} }),
    );
    expect(e.code).toBe('E_BACKEND_UNAVAILABLE');
    expect(e.message).toContain('addon broken');
    expect(e.message).toContain('koffi missing');
    expect(e.hint).toBeTruthy();
    expect(tried).not.toContain('mock');
  });

  it('writes nothing itself: without onNotice the fallback is silent', async () => {
    const writes: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => {
      writes.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      await openBackendIn(env('freebsd', {}, []));
    } finally {
      process.stderr.write = original;
    }
    expect(writes).toEqual([]);
  });
});

describe('openBackend forced', () => {
  it('opens exactly the forced backend', async () => {
    for (const kind of ['native', 'koffi', 'mock'] as const) {
      const tried: string[] = [];
      expect((await openBackendIn(env('win32', {}, tried), { backend: kind })).kind).toBe(kind);
      expect(tried).toEqual([kind]);
    }
  });

  it('a forced Windows backend on Linux fails saying it needs Windows', async () => {
    for (const kind of ['native', 'koffi'] as const) {
      const e = await rejection(openBackendIn(env('linux', {}, []), { backend: kind }));
      expect(e.code).toBe('E_BACKEND_UNAVAILABLE');
      expect(e.message).toContain(`the ${kind} backend is unavailable`);
      expect(e.message).toContain('needs Windows');
      expect(e.hint).toContain('mock');
    }
  });

  it('a forced native backend without a prebuild names the platform and suggests koffi', async () => {
    const e = await rejection(openBackendIn(env('win32', { native: 'no prebuild' }, [], 'arm64'), { backend: 'native' }));
    expect(e.message).toContain('win32-arm64');
    expect(e.hint).toContain('koffi');
  });

  it('a forced koffi backend that cannot load does not fall back', async () => {
    const tried: string[] = [];
    const e = await rejection(openBackendIn(env('win32', { koffi: 'Cannot find the native Koffi module' }, tried), { backend: 'koffi' }));
    expect(e.message).toContain('Cannot find the native Koffi module');
    expect(tried).toEqual(['koffi']);
  });

  it('refuses an unknown backend name with E_USAGE', async () => {
    const e = await rejection(openBackendIn(env('linux', {}, []), { backend: 'wasm' as never }));
    expect(e.code).toBe('E_USAGE');
  });
});

describe('the koffi backend on Linux', () => {
  it('importing it loads no koffi, and opening it fails clearly', async () => {
    const { openKoffiBackend } = await import('./koffi.js');
    const require = createRequire(import.meta.url);
    expect(Object.keys(require.cache).some((k) => /[\\/]koffi[\\/]/.test(k))).toBe(false);
    await expect(openKoffiBackend()).rejects.toThrow(/needs Windows/);
  });
});
