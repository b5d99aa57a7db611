// Colours go to terminals only: a script reading infkit's output through a pipe gets plain
// text, even on CI machines (picocolors alone would colour whenever CI is set).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { colorEnabled } from '../../lib/cli/common.js';
import { assertBuilt, cli, projectRoot } from './helpers.js';

const tty = { isTTY: true } as NodeJS.WriteStream;
const pipe = { isTTY: false } as NodeJS.WriteStream;

describe('colorEnabled', () => {
  it('colours a terminal, not a pipe, whatever CI says', () => {
    expect(colorEnabled(tty, {})).toBe(true);
    expect(colorEnabled(pipe, {})).toBe(false);
    expect(colorEnabled(pipe, { CI: 'true' })).toBe(false);
    expect(colorEnabled(tty, { TERM: 'dumb' })).toBe(false);
  });

  it('honours NO_COLOR and FORCE_COLOR', () => {
    expect(colorEnabled(tty, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled(tty, { NO_COLOR: '' })).toBe(true);
    expect(colorEnabled(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorEnabled(pipe, { FORCE_COLOR: '' })).toBe(true);
    expect(colorEnabled(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorEnabled(tty, { FORCE_COLOR: 'false' })).toBe(false);
  });
});

describe('infkit output into a pipe on a CI machine', () => {
  it('has no escape sequences on stdout or stderr', () => {
    assertBuilt();
    const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true' };
    delete env.NO_COLOR;
    delete env.FORCE_COLOR;
    const inf = path.join(projectRoot, 'test/fixtures/contract/bad-guid.inf');
    for (const args of [
      ['validate', inf, 'no/such/file.inf'],
      ['parse', inf],
    ]) {
      const r = spawnSync(process.execPath, [cli, ...args], { env, encoding: 'utf8' });
      expect(r.stdout + r.stderr, args.join(' ')).not.toContain('\x1b[');
      expect(r.stdout.length + r.stderr.length).toBeGreaterThan(0);
    }
  });
});
