// `infkit log`: the sections of a SetupAPI text log (setupapi.dev.log), read from its end.
// Works on any OS on a copied log (--file); on Windows the machine's own log is the default.
import type { Command } from 'commander';
import { InfkitError } from '../../errors.js';
import { defaultLogPath, parseLogTime, readLogTail, type LogSection } from '../../log/setupapi-log.js';
import { openBackend } from '../../backend/select.js';
import { colors, EXIT, noticeOnce, printJson } from '../common.js';

/** Sections shown when neither --last nor --since is given. */
const DEFAULT_LAST = 10;

function positive(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new InfkitError('E_USAGE', `--last must be a whole number of 1 or more, not '${text}'`);
  }
  return Number(text);
}

function statusText(section: LogSection): string {
  if (section.truncated) return colors.yellow('CUT OFF');
  const status = section.exitStatus!;
  const text = status.text === '' ? 'EXIT' : status.text;
  const shown = status.name !== undefined && status.failed ? `${text} ${status.name}` : text;
  return status.failed ? colors.red(shown) : shown;
}

export function register(program: Command): void {
  program
    .command('log')
    .description('show the sections of a SetupAPI text log (setupapi.dev.log), newest last')
    .option('--file <path>', 'the log to read (default on Windows: setupapi.dev.log in the LogPath directory, else %windir%\\INF)')
    .option('--last <n>', `the last N sections that pass the filters (default ${DEFAULT_LAST}, or all with --since)`)
    .option('--device <id>', 'sections whose title or lines name this device instance ID (case-insensitive; * and ? patterns)')
    .option('--since <time>', "sections started at or after this local time: 2024-06-21T10:00:00 or '2024/06/21 10:00:00'")
    .option('--failures', 'sections with failure lines (!!! or !) or a failure exit status')
    .option('--json', 'print stable, locale-independent JSON on stdout')
    .action(async (raw: Record<string, unknown>) => {
      const json = raw.json === true;
      const last = typeof raw.last === 'string' ? positive(raw.last) : undefined;
      const since = typeof raw.since === 'string' ? raw.since : undefined;
      if (since !== undefined) parseLogTime(since); // a bad time is a usage error before any read
      let file = typeof raw.file === 'string' ? raw.file : undefined;
      if (file === undefined) {
        if (process.platform !== 'win32') {
          throw new InfkitError('E_USAGE', '--file is required on this OS: there is no SetupAPI log here', {
            hint: 'copy setupapi.dev.log from the Windows machine (%windir%\\INF) and give its path with --file',
          });
        }
        const backend = await openBackend({ backend: 'auto', onNotice: noticeOnce });
        file = await defaultLogPath(backend.registry);
      }
      const log = await readLogTail(file, {
        lastSections: last ?? (since !== undefined ? undefined : DEFAULT_LAST),
        ...(since !== undefined && { since }),
        ...(typeof raw.device === 'string' && { device: raw.device }),
        ...(raw.failures === true && { failures: true }),
      });
      if (log.unavailable !== undefined) {
        throw new InfkitError('E_IO', log.note!, {
          file,
          hint:
            log.unavailable === 'absent'
              ? 'check the path; on Windows the log is %windir%\\INF\\setupapi.dev.log unless HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\LogPath moves it'
              : 'another program may hold the log open: copy it and read the copy with --file',
        });
      }
      if (json) {
        printJson({ file: log.file, timeZone: log.timeZone, sections: log.sections, ...(log.note !== undefined && { note: log.note }) });
      } else {
        const out: string[] = [];
        for (const s of log.sections) {
          out.push(`${s.start ?? '(no start time)'}  ${statusText(s)}  ${colors.bold(s.title)}`);
          for (const line of s.failures) out.push(`    ${line.startsWith('!!!') ? colors.red(line) : colors.yellow(line)}`);
        }
        if (log.sections.length === 0) out.push('no matching sections');
        if (log.note !== undefined) out.push(`note: ${log.note}`);
        process.stdout.write(`${out.join('\n')}\n`);
      }
      process.exitCode = EXIT.OK;
    });
}
