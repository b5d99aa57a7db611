// Every command a hint or message tells the user to run exists.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../lib/cli/commands/index.js';
import { projectRoot } from './helpers.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return file.endsWith('.ts') && !file.endsWith('.test.ts') ? [file] : [];
  });
}

describe('hints name real commands', () => {
  it('every `infkit <command>` quoted in the hint table and the CLI is a command infkit has', () => {
    const known = new Set(commands.map((c) => c.name));
    const named = new Map<string, string>();
    const files = [path.join(projectRoot, 'lib/backend/winerror-table.ts'), ...sources(path.join(projectRoot, 'lib/cli'))];
    for (const file of files) {
      for (const m of readFileSync(file, 'utf8').matchAll(/`infkit ([a-z][a-z-]*)/g)) named.set(m[1]!, path.relative(projectRoot, file));
    }
    expect(named.size).toBeGreaterThan(2);
    const unknown = [...named].filter(([name]) => !known.has(name)).map(([name, file]) => `${name} (${file})`);
    expect(unknown).toEqual([]);
  });
});
