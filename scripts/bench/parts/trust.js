// @ts-check
// Part: `infkit trust check` of the 37 vendor packages of ../shared/packages (53 INFs: each
// catalog parsed, its signature and timestamp verified, every file hashed) against
// `infkit validate` of the same INFs, alternating in the same run, each a fresh process.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../corpus.js';
import { median, runNode } from '../measure.js';
import { skipped } from '../report.js';

const ID = 'trust';
const TITLE = 'Trust check of the vendor packages';
const packages = path.resolve(projectRoot, '../shared/packages');
/** trust check hashes every file and verifies signatures: it may take this many times validate's time. */
const RATIO_LIMIT = 4;

/**
 * @param {{ runs: number }} settings
 * @returns {Promise<import('../report.js').PartResult>}
 */
export async function benchTrust({ runs }) {
  if (!existsSync(packages)) return skipped(ID, TITLE, `no packages at ${packages}`);
  const cli = path.join(projectRoot, 'dist/cli/main.js');
  if (!existsSync(path.join(projectRoot, 'dist/cli/commands/trust.js'))) {
    return skipped(ID, TITLE, 'infkit trust is not built (dist/cli/commands/trust.js is missing)');
  }
  const commands = {
    trust: [cli, 'trust', 'check', packages, '--json'],
    validate: [cli, 'validate', '--read-threads', '0', '--format', 'json', packages],
  };
  /** @type {Record<'trust' | 'validate', number[]>} */
  const ms = { trust: [], validate: [] };
  /** @type {Record<'trust' | 'validate', number[]>} */
  const rss = { trust: [], validate: [] };
  for (let i = 0; i < runs; i++) {
    for (const name of /** @type {const} */ (['trust', 'validate'])) {
      const result = await runNode(commands[name], { measureRss: true });
      // Both exit 1 on these packages (findings); 2 or a crash is a failure of the bench.
      if (result.code !== 0 && result.code !== 1) throw new Error(`infkit ${name} exited ${result.code}: ${result.stderr.slice(0, 500)}`);
      if (/internal error/i.test(result.stderr)) throw new Error(`infkit ${name}: ${result.stderr.slice(0, 500)}`);
      ms[name].push(result.ms);
      if (result.maxRssMb !== null) rss[name].push(result.maxRssMb);
    }
  }
  const trust = median(ms.trust);
  const validate = median(ms.validate);
  const ratio = trust / validate;
  return {
    id: ID,
    title: TITLE,
    status: 'measured',
    figures: [
      { name: 'trust check, 37 packages (53 INFs): wall time', value: trust / 1000, unit: 's' },
      { name: 'validate, the same 53 INFs: wall time', value: validate / 1000, unit: 's' },
      { name: 'trust check: peak RSS', value: median(rss.trust), unit: 'MB' },
      { name: 'validate: peak RSS', value: median(rss.validate), unit: 'MB' },
    ],
    checks: [{ target: `trust check ≤ ${RATIO_LIMIT}× validate's time`, measured: `${ratio.toFixed(2)}×`, met: ratio <= RATIO_LIMIT }],
    notes: [
      '`node dist/cli/main.js trust check ../shared/packages --json` against `validate --read-threads 0 --format json ../shared/packages`, alternating, fresh processes, stdout discarded; wall time includes start-up',
      'trust check reads each catalog (pkijs, asn1js), verifies its signature and timestamp, and hashes the INF and every file it copies (SHA1 or SHA256, Authenticode for PE images): about 9 MB',
    ],
  };
}
