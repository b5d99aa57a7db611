// The rules against real INFs: no false errors on Microsoft's samples (they pass InfVerif in
// Microsoft's CI), every other finding there explained, and the whole corpus without a crash.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SummaryCounter, isFileError, validatePaths } from '../../lib/rules/index.js';
import type { Diagnostic } from '../../lib/rules/types.js';
import { VALIDATION_MODES } from '../../lib/rules/types.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const corpus = path.resolve(projectRoot, '../shared/corpus');
const present = existsSync(corpus);
if (!present) console.log(`skipped: the INF corpus is not at ${corpus}`);

/**
 * Every finding left on Microsoft's samples in the plain mode, checked as Microsoft's own build
 * checks them (Build-Samples.ps1: InfVerif /samples, after the StampInf task has stamped every
 * .inf), by code, with why it is right. None is an error: these INFs build in Microsoft's CI.
 */
const EXPLAINED: Record<string, { count: number; why: string }> = {
  INF9004: {
    count: 8,
    why: 'sensors/*.inx and AudioCodec.inf start with text before the first section; they have [Strings], so SetupAPI ignores it',
  },
  INF9501: {
    count: 8,
    why: 'samples that install a custom class (TOASTER and others) in [ClassInstall32]: it applies only on first install',
  },
  INF9003: {
    count: 2,
    why: 'osrusbfx2.inx and osrfx2_DCHU_base.inx are UTF-8 without BOM with U+00A0 on "blank" lines, which SetupAPI reads as "Â" lines',
  },
  INF1203: {
    count: 6,
    why: 'netvadapter(um).inf name a missing PciS0WakeSupported_AddProperty section: a warning for AddProperty (InfVerif passes it)',
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
  INF2084: {
    count: 4,
    why: 'ctx.inf copies ctx.sys to DIRID 13 but names %12% as its ServiceBinary; echoum, virtualserial2um and fakemodem2um run the inbox WUDFRd.sys',
  },
  INF1144: { count: 2, why: 'osrfx2_DCHU_component.inx installs SoftwareType 1 software, which runs on desktop editions only' },
  INF1205: {
    count: 1,
    why: 'WFPSamplerCalloutDriver.InX names [WFPCalloutsClassReg] by AddReg in [ClassInstall32] and by DelReg in [DefaultUninstall]',
  },
  INF1309: { count: 3, why: 'lsi_u3.inf deletes registry values (DelReg) in its .HW section: a legacy operation, a warning outside /u' },
  INF1304: { count: 1, why: 'SampleDSM.inf writes HKLM\\...\\MPDEV\\MPIOSupportedDeviceList, not under HKR: a warning outside /u' },
  INF1305: { count: 1, why: 'SampleDSM.inf appends to that multi-sz value: a warning outside /u' },
};

describe.skipIf(!present)('rules on the corpus', () => {
  it('Microsoft Windows-driver-samples: zero errors in the plain mode as Microsoft builds them (/samples, stamped), every other finding explained', async () => {
    const findings: Diagnostic[] = [];
    let files = 0;
    const asMicrosoftBuilds = { mode: 'default', samples: true, stampinf: true } as const;
    for await (const result of validatePaths([path.join(corpus, 'microsoft__Windows-driver-samples')], asMicrosoftBuilds)) {
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
    for (const mode of VALIDATION_MODES) {
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
        console.log(
          `corpus (${counter.summary.files} files): ${counter.summary.errors} errors, ${counter.summary.warnings} warnings, ${counter.summary.infos} infos\n${lines.join('\n')}`,
        );
      }
    }
  }, 120_000);

  it('Microsoft Windows-driver-samples without --samples: what is left is what /samples leaves out, and unstamped DriverVers', async () => {
    const byCode: Record<string, number> = {};
    for await (const result of validatePaths([path.join(corpus, 'microsoft__Windows-driver-samples')], { mode: 'default' })) {
      for (const d of result.diagnostics) if (d.severity === 'error') byCode[d.code] = (byCode[d.code] ?? 0) + 1;
    }
    // Sample service names (1293), class Sample (1284, 1285), Provider "Microsoft" (1204): /samples; plclient and
    // plpolicy's 3-part DriverVer (1217): the build's StampInf writes a full one.
    expect(byCode).toEqual({ INF1204: 3, INF1217: 2, INF1284: 18, INF1285: 18, INF1293: 209 });
  });
});
