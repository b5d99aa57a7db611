// docs/cli.md against the real command line: every command and option `--help` shows is
// documented in the command's own section, and every JSON example that follows a command line
// has the keys the command really prints on the mock machine (the lines run in document order,
// on one machine, as a session would).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../lib/cli/commands/index.js';
import { assertBuilt, cleanup, projectRoot, run, tempState } from './helpers.js';

const doc = readFileSync(path.join(projectRoot, 'docs/cli.md'), 'utf8');

/** The options every machine-touching command shares, documented once at the top. */
const SHARED = ['--backend', '--state', '--json', '--verbose', '--dry-run', '--force', '--help'];

async function program(): Promise<Command> {
  const root = new Command('infkit');
  for (const entry of commands) (await entry.load()).register(root);
  return root;
}

/** Every command that runs something (not a group), with its path: ['install', 'class']. */
function leaves(command: Command, names: string[] = []): Array<{ path: string[]; command: Command }> {
  if (command.commands.length === 0) return [{ path: names, command }];
  return command.commands.filter((c) => c.name() !== 'help').flatMap((c) => leaves(c, [...names, c.name()]));
}

/** The `### \`infkit …\`` sections, each with the command paths its heading names (`a|b` names both). */
function sections(): Array<{ paths: string[][]; text: string }> {
  const parts = doc.split(/\n(?=### )/);
  return parts.flatMap((part) => {
    const m = /^### `infkit ([^`]*)`/.exec(part);
    if (!m) return [];
    const words = m[1]!.split(' ').filter((w) => /^[a-z][a-z0-9|-]*$/.test(w));
    let paths: string[][] = [[]];
    for (const word of words) paths = paths.flatMap((p) => word.split('|').map((w) => [...p, w]));
    return [{ paths, text: part }];
  });
}

describe('docs/cli.md documents every command and option', () => {
  it('each command has a section, and each of its options is in it (or among the shared options)', async () => {
    const all = sections();
    const missing: string[] = [];
    for (const { path: names, command } of leaves(await program())) {
      const own = all.filter((s) => s.paths.some((p) => p.join(' ') === names.join(' ')));
      if (own.length === 0) {
        missing.push(`infkit ${names.join(' ')}: no section`);
        continue;
      }
      const text = own.map((s) => s.text).join('\n');
      for (const option of command.options) {
        const flag = option.long ?? option.short!;
        if (!SHARED.includes(flag) && !text.includes(flag)) missing.push(`infkit ${names.join(' ')} ${flag}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

/** Keys whose value is keyed by data (finding codes), or documented on a page of its own (plan.md). */
const NOT_COMPARED = new Set(['byCode', 'plan']);

/** The keys of `doc` that `real` lacks or has extra, by path, recursing into objects and first array elements. */
function keyDifferences(documented: unknown, real: unknown, at = '$'): string[] {
  if (Array.isArray(documented) && Array.isArray(real)) {
    return documented.length > 0 && real.length > 0 ? keyDifferences(documented[0], real[0], `${at}[0]`) : [];
  }
  if (!isObject(documented) || !isObject(real)) return [];
  const out: string[] = [];
  for (const key of Object.keys(documented)) if (!(key in real)) out.push(`${at}.${key} is documented but not printed`);
  for (const key of Object.keys(real)) {
    if (!(key in documented)) out.push(`${at}.${key} is printed but not documented`);
    else if (!NOT_COMPARED.has(key)) out.push(...keyDifferences(documented[key], real[key], `${at}.${key}`));
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Each ```json block that follows a ```sh block, with that block's `infkit` lines. */
function examples(): Array<{ lines: string[][]; json: string }> {
  const out: Array<{ lines: string[][]; json: string }> = [];
  for (const m of doc.matchAll(/```sh\n([\s\S]*?)```\s*\n```json\n([\s\S]*?)```/g)) {
    const lines = m[1]!
      .split('\n')
      .filter((l) => l.startsWith('infkit '))
      .map((l) => words(l.slice('infkit '.length)));
    out.push({ lines, json: m[2]! });
  }
  return out;
}

/** Whether the command these words run acts on a machine (takes --backend). */
function takesBackend(root: Command, args: string[]): boolean {
  let command = root;
  for (const arg of args) command = command.commands.find((c) => c.name() === arg) ?? command;
  return command.options.some((o) => o.long === '--backend');
}

/** A command line's words: single quotes group, as a shell does. */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!).filter((w) => w !== '--json');
}

describe('docs/cli.md JSON examples', () => {
  beforeAll(assertBuilt);
  afterAll(cleanup);

  it('have the keys the commands print on the mock machine', { timeout: 180_000 }, async () => {
    const found = examples();
    expect(found.length).toBeGreaterThan(15);
    const state = tempState();
    const root = await program();
    const machine = (args: string[]) => (takesBackend(root, args) ? ['--backend', 'mock', '--state', state] : []);
    const problems: string[] = [];
    for (const example of found) {
      let last: { stdout: string } | undefined;
      for (const args of example.lines) last = await run([...args, ...machine(args), '--json']);
      const shown = example.lines.at(-1)!.join(' ');
      let documented: unknown;
      let real: unknown;
      try {
        documented = JSON.parse(example.json);
      } catch {
        problems.push(`${shown}: its JSON example does not parse`);
        continue;
      }
      try {
        real = JSON.parse(last!.stdout);
      } catch {
        problems.push(`${shown}: printed no JSON: ${last!.stdout.slice(0, 200)}`);
        continue;
      }
      problems.push(...keyDifferences(documented, real).map((d) => `${shown}: ${d}`));
    }
    expect(problems).toEqual([]);
  });
});
