// `infkit parse`: the listing, the JSON shape, and exit codes (0 read, 1 refused, 2 usage/I/O).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { register } from '../../lib/cli/commands/parse.js';
import { reportError } from '../../lib/cli/common.js';
import { STD_HEADER } from './helpers.js';

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  const program = new Command('infkit').exitOverride();
  register(program);
  let code = 0;
  try {
    await program.parseAsync(['parse', ...args], { from: 'user' });
  } catch (error) {
    code = reportError(error, { json: args.includes('--json') });
  }
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

const dir = mkdtempSync(path.join(tmpdir(), 'infkit-parse-'));
const write = (name: string, text: string | Buffer): string => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};
const good = write('good.inf', `${STD_HEADER}[Test]\nk = %s%, "a,b"\nlone\n[Strings]\ns=value\n[Strings.0407]\ns=Wert\n`);

afterEach(() => vi.restoreAllMocks());

describe('infkit parse', () => {
  it('prints a readable listing with line numbers', async () => {
    const { code, stdout } = await run([good]);
    expect(code).toBe(0);
    expect(stdout).toContain('[Test]');
    expect(stdout).toMatch(/4\s+k = value, "a,b"/);
    expect(stdout).toMatch(/5\s+lone/);
  });

  it('prints exactly {file, encoding, sections} with --json', async () => {
    const { code, stdout } = await run([good, '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual(['file', 'encoding', 'sections']);
    expect(json.encoding).toBe('ansi');
    expect(json.sections[1]).toEqual({
      name: 'Test',
      line: 3,
      lines: [
        { line: 4, key: 'k', fields: ['value', 'a,b'] },
        { line: 5, key: null, fields: ['lone'] },
      ],
    });
  });

  it('uses [Strings.LLLL] with --locale', async () => {
    const json = JSON.parse((await run([good, '--json', '--locale', '0407'])).stdout);
    expect(json.sections[1].lines[0].fields[0]).toBe('Wert');
  });

  it('decodes with --codepage', async () => {
    const file = write('cyr.inf', Buffer.concat([Buffer.from(`${STD_HEADER}[T]\nk=`), Buffer.from([0xcf, 0xf0, 0xe8]), Buffer.from('\n')]));
    const json = JSON.parse((await run([file, '--json', '--codepage', 'windows-1251'])).stdout);
    expect(json.sections[1].lines[0].fields).toEqual(['При']);
  });

  it('reports a file SetupAPI refuses with the error name and line, exit 1', async () => {
    const bad = write('bad.inf', `${STD_HEADER}[Broken\n`);
    const { code, stderr } = await run([bad]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${bad}:3:`);
    expect(stderr).toContain('ERROR_BAD_SECTION_NAME_LINE');
    const noVersion = write('noversion.inf', '[Other]\nk=1\n');
    const json = await run([noVersion, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: 'E_INF_REFUSED', file: noVersion });
    expect(json.stdout).toContain('ERROR_WRONG_INF_STYLE');
  });

  it('exits 2 for a missing file and for bad options', async () => {
    const missing = await run([path.join(dir, 'missing.inf')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('E_IO');
    expect((await run([good, '--locale', 'german'])).code).toBe(2);
    expect((await run([good, '--codepage', 'klingon'])).code).toBe(2);
  });

  it('prints reader diagnostics on stderr with file:line:column', async () => {
    const quote = write('quote.inf', `${STD_HEADER}[T]\nk="open\n`);
    const { code, stderr } = await run([quote]);
    expect(code).toBe(0);
    expect(stderr).toContain(`${quote}:4:3: warning INF9007`);
  });
});
