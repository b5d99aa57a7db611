// `trust check` over the 37 vendor packages of ../shared/packages (skipped when absent), for
// the architecture each folder's name gives. As published there, the INFs have LF line ends
// (their catalogs hash them with CRLF), so a copy with CRLF restored is checked too.
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPackageTrust, packageInfs, type TrustReport } from '../../lib/trust/index.js';

const shared = fileURLToPath(new URL('../../../shared/packages', import.meta.url));
const present = existsSync(shared);
if (!present) console.log(`skipped: ${shared} is absent`);
const temp = mkdtempSync(path.join(tmpdir(), 'infkit-trust-packages-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const folders = present
  ? readdirSync(shared, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort()
  : [];
/** x64 packages by their folder name (5x64, Allx64, NTx64, ...), x86 otherwise. */
const archOf = (folder: string) => (/x64|amd64/i.test(folder) ? 'amd64' : 'x86');

async function checkAll(root: string): Promise<Array<TrustReport & { folder: string }>> {
  const reports = [];
  for (const folder of folders) {
    for (const inf of packageInfs(path.join(root, folder)))
      reports.push({ folder, ...(await checkPackageTrust(inf, { arch: archOf(folder) })) });
  }
  return reports;
}

const tally = (reports: readonly TrustReport[]) => {
  const counts: Record<string, number> = {};
  for (const r of reports) counts[r.verdict] = (counts[r.verdict] ?? 0) + 1;
  return counts;
};

describe.skipIf(!present)('the vendor packages', () => {
  it('37 packages, 53 INFs, every one checked; as published, only SISRaid2.INF (UTF-16) is covered: the others have LF line ends', async () => {
    const reports = await checkAll(shared);
    expect(folders).toHaveLength(37);
    expect(reports).toHaveLength(53);
    expect(tally(reports)).toEqual({ mismatch: 44, unsigned: 1, invalid: 7, ok: 1 });
    expect(reports.filter((r) => r.verdict === 'ok').map((r) => path.basename(r.inf))).toEqual(['SISRaid2.INF']);
    const crlf = reports.flatMap((r) => r.findings).filter((f) => f.message.includes('with CRLF ones it matches'));
    expect(crlf.length).toBe(42); // 41 INFs and DriverConfigParam.def
  });

  it('with CRLF restored, 42 INFs are fully covered; what is left is named', async () => {
    const root = path.join(temp, 'crlf');
    cpSync(shared, root, { recursive: true });
    for (const folder of folders) {
      for (const name of readdirSync(path.join(root, folder))) {
        if (!/\.(inf|def)$/i.test(name)) continue;
        const file = path.join(root, folder, name);
        const text = readFileSync(file, 'latin1');
        if (text.includes('\0') || text.includes('\r\n')) continue; // UTF-16, or CRLF already
        writeFileSync(file, text.replace(/\n/g, '\r\n'), { encoding: 'latin1', mode: 0o644 });
      }
    }
    const reports = await checkAll(root);
    expect(tally(reports)).toEqual({ ok: 42, invalid: 7, mismatch: 3, unsigned: 1 });
    const problems = reports
      .filter((r) => r.verdict === 'mismatch' || r.verdict === 'invalid')
      .map((r) =>
        `${r.folder}/${path.basename(r.inf)}: ${r.findings.map((f) => f.code).join(',')} ${r.files
          .filter((f) => !f.matches)
          .map((f) => f.name)
          .join(' ')}`.trim(),
      );
    expect(problems).toEqual([
      '5x86__3/3WARESRV.inf: INF9554,INF9555,INF9554,INF9554 3WARESRV.inf 3waregsm.sys 3waresrv.exe 3warerun.exe',
      '5x86__3/3wManagc.inf: INF9554 3wManagc.inf',
      'Adaptec__5x86__320R__win32/a320raid.inf: INF9551',
      'Adaptec__5x86__320R__win32/adhraid.inf: INF9551',
      'HighPoint__FORCED__5x86__172x/rr172x.inf: INF9551',
      'HighPoint__FORCED__5x86__274x/274x_3x.inf: INF9551',
      'HighPoint__FORCED__5x86__7280/dc7280.inf: INF9551',
      'LSI__FORCED__5x64__SAS_1.34.03/lsi_sas.inf: INF9551',
      'LSI__FORCED__5x64__SAS_1.34.03/lsinodrv.inf: INF9551',
      'nVidia__5x86__IDE_11.1.0.43_TWEAK/nvgts.inf: INF9555 nvgts.inf',
    ]);
    // Every signature verifies, every catalog is timestamped, none was expired when it was signed.
    const signed = reports.filter((r) => r.signer !== null);
    expect(signed.length).toBe(45);
    expect(signed.every((r) => r.timestamp?.verified && r.signer!.judgedBy === 'timestamp' && !r.signer!.expired)).toBe(true);
    expect(signed.flatMap((r) => r.findings).filter((f) => ['INF9553', 'INF9557', 'INF9559'].includes(f.code))).toEqual([]);
  });
});
