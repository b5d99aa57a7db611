// `infkit parse FILE [--json] [--locale 0407] [--codepage windows-1251]`: read an INF the
// way SetupAPI does and print its sections, lines, keys and substituted fields.
// Exit 0 read, 1 SetupAPI would refuse the file, 2 usage or I/O error.
import type { Command } from 'commander';
import { InfkitError } from '../../errors.js';
import { checkCodepage } from '../../inf/decode.js';
import { parseInf } from '../../inf/index.js';
import type { InfDocument, InfLine } from '../../inf/types.js';
import { colors, printJson } from '../common.js';

interface ParseFlags {
  json?: boolean;
  locale?: string;
  codepage?: string;
}

export function register(program: Command): void {
  program
    .command('parse')
    .description('read an INF as SetupAPI does and print its sections, keys and fields')
    .argument('<file>', 'the INF file')
    .option('--json', 'print {"file","encoding","sections":[...]} on stdout', false)
    .option('--locale <langid>', 'LANGID in hex (e.g. 0407): use [Strings.0407] before [Strings]')
    .option('--codepage <label>', '8-bit code page for files without a BOM (default windows-1252)')
    .action(async (file: string, flags: ParseFlags) => {
      if (flags.locale !== undefined && !/^[0-9a-f]{1,4}$/i.test(flags.locale)) {
        throw new InfkitError('E_USAGE', `--locale must be a hexadecimal LANGID such as 0407, not '${flags.locale}'`);
      }
      if (flags.codepage !== undefined) checkCodepage(flags.codepage);
      const doc = await parseInf(file, {
        ...(flags.locale !== undefined && { locale: flags.locale }),
        ...(flags.codepage !== undefined && { codepage: flags.codepage }),
      });
      if (doc.openError) {
        const { name, message, line } = doc.openError;
        throw new InfkitError('E_INF_REFUSED', `SetupAPI refuses this INF: ${name} (${message})`, {
          file,
          ...(line !== undefined && { line }),
          hint: name === 'ERROR_WRONG_INF_STYLE' ? 'add [Version] with Signature="$Windows NT$"' : 'fix the line named above',
        });
      }
      if (flags.json) printJson(doc.toJSON());
      else process.stdout.write(formatListing(doc));
      for (const d of doc.diagnostics) {
        process.stderr.write(`${file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}\n`);
      }
    });
}

/** A field as the listing shows it: bare when unambiguous, else JSON-quoted. */
function showValue(value: string): string {
  return /^[^\s,;"=]+$/.test(value) ? value : JSON.stringify(value);
}

function formatLine(line: InfLine): string {
  const fields = line.fields.map((f) => showValue(f.value)).join(', ');
  return line.key === null ? fields : `${colors.cyan(showValue(line.key))} = ${fields}`;
}

/** The readable listing: each section with its lines, numbered by their line in the file. */
export function formatListing(doc: InfDocument): string {
  const width = String(doc.sections.reduce((m, s) => Math.max(m, s.line, ...s.lines.map((l) => l.line)), 1)).length;
  const out: string[] = [`${doc.file} (${doc.encoding}, ${doc.sections.length} sections${doc.locale ? `, locale ${doc.locale}` : ''})`];
  for (const section of doc.sections) {
    out.push(`${String(section.line).padStart(width)}  ${colors.bold(`[${section.name}]`)}`);
    for (const line of section.lines) out.push(`${String(line.line).padStart(width)}    ${formatLine(line)}`);
  }
  return `${out.join('\n')}\n`;
}
