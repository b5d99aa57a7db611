// The rules against real INFs: no false errors on Microsoft's samples (they pass InfVerif in
// Microsoft's CI), every other finding there explained, and the whole corpus without a crash.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SummaryCounter, isFileError, validatePaths } from '../../lib/rules/index.js';
import type { Diagnostic } from '../../lib/rules/types.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const corpus = path.resolve(projectRoot, '../shared/corpus');
const present = existsSync(corpus);
if (!present) console.log(`skipped: the INF corpus is not at ${corpus}`);

/**
 * Every finding left on Microsoft's samples in default mode, by code, with why it is right.
 * None is an error: these INFs build with InfVerif in Microsoft's CI.
 */
const EXPLAINED: Record<string, { count: number; why: string }> = {
  INF9004: {
    count: 8,
    why: 'sensors/*.inx and AudioCodec.inf start with text before the first section; they have [Strings], so SetupAPI ignores it',
  },
  INF9501: {
    count: 25,
    why: 'samples that install a custom class (Sample, TOASTER) in [ClassInstall32]: it applies only on first install',
  },
  INF9102: {
    count: 10,
    why: 'DriverVer with a 3-part version ("1.00.0000") or empty/without version, left for stampinf to fill',
  },
  INF9003: {
    count: 2,
    why: 'osrusbfx2.inx and osrfx2_DCHU_base.inx are UTF-8 without BOM with U+00A0 on "blank" lines, which SetupAPI reads as "Â" lines',
  },
  INF1203: {
    count: 6,
    why: 'netvadapter(um).inf name a missing PciS0WakeSupported_AddProperty section: a warning for AddProperty (InfVerif passes it) or with Include=',
  },
  INF1235: {
    count: 1,
    why: 'netvadapterum.inf uses %REG_SZ% as AddReg flags without defining it; it has Include=, so it may come from an included INF',
  },
  INF1001: {
    count: 1,
    why: 'toastpkg/inf/autorun.inf is a CD autorun file, not a setup INF: no [Version] and nothing to install',
  },
  INF9901: { count: 1, why: 'serial.inx keeps the legacy $CHICAGO$ signature' },
  INF9204: {
    count: 2,
    why: 'powerlimit/plclient.inf and plpolicy.inf are arm64-only ([Manufacturer] names NTarm64): nothing installs on the default --arch amd64',
  },
};

describe.skipIf(!present)('rules on the corpus', () => {
  it('Microsoft Windows-driver-samples: zero errors in default mode, every other finding explained', async () => {
    const findings: Diagnostic[] = [];
    let files = 0;
    for await (const result of validatePaths([path.join(corpus, 'microsoft__Windows-driver-samples')])) {
      expect(isFileError(result), result.file).toBe(false);
      files++;
      findings.push(...result.diagnostics);
    }
    expect(files).toBe(138);
    const errors = findings.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${path.basename(d.file)}:${d.line} ${d.code} ${d.message}`)).toEqual([]);
    const byCode: Record<string, number> = {};
    for (const d of findings) byCode[d.code] = (byCode[d.code] ?? 0) + 1;
    expect(byCode).toEqual(Object.fromEntries(Object.entries(EXPLAINED).map(([code, e]) => [code, e.count])));
  });

  it('the whole corpus validates without a crash or an internal error, in every mode', async () => {
    for (const mode of ['default', 'universal', 'driver'] as const) {
      const counter = new SummaryCounter();
      for await (const result of validatePaths([corpus], { mode })) {
        counter.add(result);
        expect(result.diagnostics.filter((d) => d.code === 'INF9999')).toEqual([]);
      }
      expect(counter.ioErrors).toBe(0);
      expect(counter.summary.files).toBe(1882);
      if (mode === 'default') {
        // The closing note's summary of findings per code.
        const lines = Object.entries(counter.summary.byCode)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([code, n]) => `${code} ${n}`);
        console.log(`corpus (${counter.summary.files} files): ${counter.summary.errors} errors, ${counter.summary.warnings} warnings, ${counter.summary.infos} infos\n${lines.join('\n')}`);
      }
    }
  }, 60_000);
});
