// `infkit apply lab.yaml`: bring the machine to what a lab manifest says (docs/manifest.md),
// show the difference with --dry-run, take it back with --undo. Ends with a report of each
// item (JSON with --json). Exit 0 done or nothing to do, 1 an item failed, 2 the manifest
// is invalid (nothing applied), 3010 done but a reboot is required, 130 / 143 stopped by
// SIGINT / SIGTERM (the item in progress is finished and journalled, the report says how
// far the run got).
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import {
  applyManifest,
  infsOf,
  loadManifest,
  packageInfsOf,
  undoManifest,
  type ApplyReport,
  type ItemStatus,
  type ReportItem,
} from '../../apply/index.js';
import { colors, EXIT, notice } from '../common.js';
import {
  addCommonOptions,
  checkTrustBeforeInstall,
  commonOptions,
  finish,
  stateDirOf,
  validateBeforeInstall,
  withBackend,
  type CommonOptions,
} from '../options.js';

type StopSignal = 'SIGINT' | 'SIGTERM';

/**
 * Exit codes of a run stopped by a signal: 128 + its number, as shells report it. EXIT
 * (lib/cli/common.ts) has no code for SIGTERM yet, so 143 is written here.
 */
const EXIT_ON: Record<StopSignal, number> = { SIGINT: EXIT.INTERRUPTED, SIGTERM: 143 };

export function register(program: Command): void {
  addCommonOptions(program.command('apply').argument('<manifest>', 'lab manifest (YAML)'), { dryRun: true, force: true })
    .description('provision a test machine from a lab manifest: classes, interface classes, packages, devices, sections')
    .option('--undo', 'remove what applies of this manifest added, newest first')
    .action(async (file: string, raw: Record<string, unknown>) => {
      const stop = stopOnSignals();
      try {
        const options = commonOptions(raw);
        const manifest = loadManifest(file);
        const undo = raw.undo === true;
        if (!undo) {
          await validateBeforeInstall(infsOf(manifest), options);
          await checkTrustBeforeInstall(packageInfsOf(manifest), options);
        }
        const progress = progressBar(options);
        const run = { stateDir: await stateDirOf(options), dryRun: options.dryRun, onItem: progress?.onItem, signal: stop.signal };
        const report = await withBackend(options, (b) => (undo ? undoManifest(b, manifest, run) : applyManifest(b, manifest, run))).finally(
          () => progress?.stop(),
        );
        if (options.verbose) notice(`journal of ${report.manifest}: ${report.journal}`);
        finish(options, {
          json: report,
          text: describe(report),
          failed: report.summary.failed > 0,
          rebootRequired: report.rebootRequired,
        });
        if (report.interrupted) process.exitCode = EXIT_ON[stop.received!];
      } finally {
        stop.release();
      }
    });
}

/**
 * SIGINT and SIGTERM ask the run to stop after the item in progress (a change cut halfway,
 * or a journal write, would leave the machine and the books apart); more of them change
 * nothing.
 */
function stopOnSignals() {
  const controller = new AbortController();
  let received: StopSignal | undefined;
  const on = (signal: StopSignal) => {
    received ??= signal;
    controller.abort();
  };
  const signals = Object.keys(EXIT_ON) as StopSignal[];
  for (const signal of signals) process.on(signal, on);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    release: () => {
      for (const signal of signals) process.off(signal, on);
    },
  };
}

/** A progress bar on stderr when it is a terminal and the output is not JSON. */
function progressBar(options: CommonOptions) {
  if (options.json || !process.stderr.isTTY) return undefined;
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: '{bar} {value}/{total} {title}', clearOnComplete: true, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    onItem(item: ReportItem, done: number, total: number) {
      if (!started) bar.start(total, 0, { title: '' });
      started = true;
      bar.update(done, { title: item.title });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

const LABEL: Record<ItemStatus, string> = {
  changed: colors.green('changed'.padEnd(12)),
  unchanged: colors.dim('unchanged'.padEnd(12)),
  failed: colors.red('failed'.padEnd(12)),
  'would-change': colors.yellow('would change'),
  'would-fail': colors.red('would fail'.padEnd(12)),
};

function describe(report: ApplyReport): string[] {
  const { total, changed, unchanged, failed } = report.summary;
  const lines = report.items.map((i) => `${LABEL[i.status]}  ${i.title}: ${i.detail}`);
  const verb = `${report.operation === 'undo' ? 'undo' : report.dryRun ? 'dry run' : 'apply'} of ${report.name}`;
  if (report.interrupted) {
    lines.push(
      `${verb}: interrupted after ${total} of ${report.planned} items (${changed} changed, ${unchanged} unchanged, ${failed} failed)`,
    );
  } else if (changed === 0 && failed === 0) {
    lines.push(total === 0 ? `${verb}: nothing to do` : `${verb}: nothing to do, all ${total} item(s) are already in place`);
  } else {
    lines.push(`${verb}: ${changed} ${report.dryRun ? 'to change' : 'changed'}, ${unchanged} unchanged, ${failed} failed`);
  }
  return lines;
}
