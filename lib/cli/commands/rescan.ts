// `infkit rescan`: re-enumerate the device tree from the root (CM_Reenumerate_DevNode,
// CM_REENUMERATE_SYNCHRONOUS), then wait for the installs it started. Exit 0 when they
// finished, 1 when some were still pending at --timeout.
import type { Command } from 'commander';
import { addCommonOptions, commonOptions, finish, parseDuration, withBackend } from '../options.js';

export function register(program: Command): void {
  addCommonOptions(program.command('rescan'))
    .description('scan for hardware changes (like Device Manager) and wait for the installs that start')
    .option('--timeout <duration>', 'how long to wait for pending installs (30s, 500ms, 2m)', '30s')
    .action(async (raw: Record<string, unknown>) => {
      const options = commonOptions(raw);
      const timeoutMs = parseDuration(String(raw.timeout));
      const pendingFinished = await withBackend(options, (b) => b.rescan(timeoutMs));
      finish(options, {
        json: { pendingFinished },
        text: pendingFinished ? 'rescanned; no installs are pending' : `rescanned; installs were still pending after ${timeoutMs / 1000}s`,
        failed: !pendingFinished,
      });
    });
}
