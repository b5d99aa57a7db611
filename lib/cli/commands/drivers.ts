// `infkit drivers`: the third-party driver packages staged in the driver store (oemNN.inf).
import type { Command } from 'commander';
import type { DriverPackage } from '../../backend/types.js';
import { addCommonOptions, commonOptions, compare, finish, withBackend } from '../options.js';
import { driverJson } from '../shapes.js';

export function register(program: Command): void {
  addCommonOptions(program.command('drivers'))
    .description('list the driver packages staged in the driver store')
    .action(async (raw: Record<string, unknown>) => {
      const options = commonOptions(raw);
      const drivers = (await withBackend(options, (b) => b.listDrivers())).sort(byPublishedName);
      finish(options, {
        json: { drivers: drivers.map(driverJson) },
        text: drivers.map((d) => `${d.publishedName}  ${d.originalName}  ${d.provider}  ${d.className} ${d.classGuid}  ${d.driverVer}`),
      });
    });
}

/** oem2.inf before oem10.inf. */
function byPublishedName(a: DriverPackage, b: DriverPackage): number {
  const number = (p: DriverPackage) => Number(/^oem(\d+)\.inf$/i.exec(p.publishedName)?.[1] ?? Number.MAX_SAFE_INTEGER);
  return number(a) - number(b) || compare(a.publishedName.toLowerCase(), b.publishedName.toLowerCase());
}
