// `infkit drivers`: the third-party driver packages staged in the driver store (oemNN.inf).
// `infkit drivers --for HWID... [--compatible ID...] [--inf PATH...] [--arch A] [--os V]`: the
// drivers that match a device, best first, ranked as Windows ranks them (lib/plan/rank.ts), each
// with why. With --inf, those INFs, offline, for `infkit plan`'s default target (DEFAULT_TARGET)
// unless --arch/--os say otherwise; without, the packages in the machine's driver store.
// Exit 0 with candidates, 1 when none matches (the JSON is printed all the same), 2 for bad usage.
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { Backend, DriverPackage } from '../../backend/types.js';
import { InfkitError } from '../../errors.js';
import { parseInfSync } from '../../inf/index.js';
import { parseInfFiles } from '../../io/index.js';
import { ARCHITECTURES } from '../../inf/platform.js';
import type { InfDocument, PlatformTarget } from '../../inf/types.js';
import { rankDrivers, type DriverRanking, type RankPackage } from '../../plan/rank.js';
import { DEFAULT_TARGET } from '../../plan/types.js';
import { notice } from '../common.js';
import { addCommonOptions, commonOptions, compare, finish, readMachineFile, withBackend, type CommonOptions } from '../options.js';
import { driverJson } from '../shapes.js';

interface DriversFlags {
  for?: string[];
  compatible?: string[];
  inf?: string[];
  arch?: string;
  os?: string;
}

export function register(program: Command): void {
  addCommonOptions(program.command('drivers'))
    .description('list the driver packages staged in the driver store; with --for, rank the drivers that match a device')
    .option('--for <hwid...>', "rank drivers for a device with these hardware IDs (the device's order: most specific first)")
    .option('--compatible <id...>', "with --for: the device's compatible IDs, most specific first")
    .option('--inf <path...>', 'with --for: rank these INF files, offline, instead of the driver store')
    .addOption(new Option('--arch <arch>', 'with --for: target architecture').choices([...ARCHITECTURES]))
    .option('--os <version>', 'with --for: target Windows version as major.minor.build, e.g. 10.0.19045')
    .action(async (flags: DriversFlags & Record<string, unknown>) => {
      const options = commonOptions(flags);
      if (flags.for === undefined) {
        const stray = (['compatible', 'inf', 'arch', 'os'] as const).filter((name) => flags[name] !== undefined);
        if (stray.length > 0) throw new InfkitError('E_USAGE', `--${stray.join(', --')} go${stray.length === 1 ? 'es' : ''} with --for`);
        await listDrivers(options);
        return;
      }
      if (flags.os !== undefined && !/^\d+\.\d+(\.\d+)?$/.test(flags.os)) {
        throw new InfkitError('E_USAGE', `--os must look like 10.0.19045, not '${flags.os}'`);
      }
      const device = { hardwareIds: flags.for, compatibleIds: flags.compatible ?? [] };
      const named = (machine: PlatformTarget): PlatformTarget => ({
        arch: flags.arch ?? machine.arch,
        osVersion: flags.os ?? machine.osVersion,
      });
      let ranking: DriverRanking;
      if (flags.inf !== undefined) {
        ranking = rankDrivers(await infPackages(flags.inf), device, named(DEFAULT_TARGET));
      } else {
        ranking = await withBackend(options, async (backend) => {
          const info = await backend.info();
          return rankDrivers(await storePackages(backend), device, named({ arch: info.arch, osVersion: info.osVersion }));
        });
      }
      finish(options, { json: ranking, text: rankingText(ranking), failed: ranking.candidates.length === 0 });
    });
}

async function listDrivers(options: CommonOptions): Promise<void> {
  const drivers = (await withBackend(options, (b) => b.listDrivers())).sort(byPublishedName);
  finish(options, {
    json: { drivers: drivers.map(driverJson) },
    text: drivers.map((d) => `${d.publishedName}  ${d.originalName}  ${d.provider}  ${d.className} ${d.classGuid}  ${d.driverVer}`),
  });
}

/** oem2.inf before oem10.inf. */
function byPublishedName(a: DriverPackage, b: DriverPackage): number {
  const number = (p: DriverPackage) => Number(/^oem(\d+)\.inf$/i.exec(p.publishedName)?.[1] ?? Number.MAX_SAFE_INTEGER);
  return number(a) - number(b) || compare(a.publishedName.toLowerCase(), b.publishedName.toLowerCase());
}

/** Windows does not consider an INF that SetupOpenInfFile refuses: it is left out, and said. */
function usable(doc: InfDocument): boolean {
  if (doc.openError) notice(`${doc.file} is left out: SetupAPI would refuse it (${doc.openError.name})`);
  return doc.openError === null;
}

/** The --inf files, each with its own folder as where its catalog must be. An unreadable file stops the command. */
async function infPackages(files: string[]): Promise<RankPackage[]> {
  const packages: RankPackage[] = [];
  for await (const parsed of parseInfFiles(files)) {
    if (parsed.error) throw parsed.error;
    if (!usable(parsed.document)) continue;
    packages.push({ doc: parsed.document, inf: parsed.file, catalog: { kind: 'folder', dir: path.dirname(path.resolve(parsed.file)) } });
  }
  return packages;
}

/**
 * The staged packages, by their copy %windir%\INF\<publishedName> (where SetupCopyOEMInf puts
 * it): the mock machine's file, or on Windows the file itself. One that is not there is skipped.
 */
async function storePackages(backend: Backend): Promise<RankPackage[]> {
  const windowsDir = backend.kind === 'mock' ? 'C:\\Windows' : (process.env.windir ?? process.env.SystemRoot ?? 'C:\\Windows');
  const packages: RankPackage[] = [];
  for (const { publishedName } of (await backend.listDrivers()).sort(byPublishedName)) {
    const file = path.win32.join(windowsDir, 'INF', publishedName);
    const bytes = await readMachineFile(backend, file);
    if (bytes === null) {
      notice(`${publishedName} is left out: ${file} cannot be read`);
      continue;
    }
    const doc = parseInfSync(bytes, { file: publishedName });
    if (usable(doc)) packages.push({ doc, inf: publishedName, catalog: { kind: 'driver-store' } });
  }
  return packages;
}

/** One line per candidate, best first, then the matches that do not count on the target. */
function rankingText(ranking: DriverRanking): string[] {
  const { arch, osVersion } = ranking.target;
  const lines = ranking.candidates.map(
    (c) =>
      `${c.rankHex}  ${c.signature.padEnd(8)}  ${c.matchType} #${c.idPosition} ${c.matchingId}  ${c.date || '-'} ${c.version || '-'}  ${c.inf} [${c.section}]  ${c.model}`,
  );
  if (lines.length === 0) lines.push(`no driver matches ${ranking.hardwareIds.join(', ')} on ${arch} ${osVersion}`);
  for (const e of ranking.excluded) lines.push(`not used: ${e.inf} [${e.modelsSection}] ${e.matchingId}: ${e.reason}`);
  return lines;
}
