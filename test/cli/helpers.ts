// Runs the built command line (dist/cli/main.js, from `npx tsc -p .`) as a user would:
// a child process, on the mock machine, in a temporary state directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MockBackend } from '../../lib/backend/mock/index.js';
import type { classJson, deviceJson, driverJson, interfaceJson } from '../../lib/cli/shapes.js';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cli = path.join(projectRoot, 'dist/cli/main.js');
export const exampleDir = path.join(projectRoot, 'examples/lab');
export const fixtureDir = path.join(projectRoot, 'test/fixtures/cli');

export function assertBuilt(): void {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build first with \`npx tsc -p .\``);
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The environment every run gets: no colours, a fixed locale unless a test sets another. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', LANG: 'C', LC_ALL: 'C', ...extra };
}

/** Starts `infkit args...` (the caller decides when it ends). */
export function start(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): ChildProcess {
  return spawn(process.execPath, [cli, ...args], {
    cwd: options.cwd ?? projectRoot,
    env: env(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs `infkit args...` to its end. */
export function run(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<RunResult> {
  const child = start(args, options);
  return finished(child);
}

export function finished(child: ChildProcess): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** What the commands print with --json for classes, devices, driver packages and interfaces (lib/cli/shapes.ts). */
export type ClassJson = ReturnType<typeof classJson>;
export type DeviceJson = ReturnType<typeof deviceJson>;
export type DriverJson = ReturnType<typeof driverJson>;
export type InterfaceJson = ReturnType<typeof interfaceJson>;

/** Runs with --json on the mock machine in `state` and parses stdout. */
// biome-ignore lint/suspicious/noExplicitAny: each command prints its own shape; a test names the type where it reads more than a field.
export async function runJson<T = any>(
  state: string,
  args: string[],
  options: { env?: Record<string, string> } = {},
): Promise<RunResult & { json: T }> {
  const result = await run([...args, '--backend', 'mock', '--state', state, '--json'], options);
  let json: T;
  try {
    json = JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`stdout of infkit ${args.join(' ')} is not JSON (exit ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
  return { ...result, json };
}

/** The mock machine in `state`, opened through the built library (dist/), as the CLI opens it. */
export async function openMachine(state: string): Promise<MockBackend> {
  const mock: typeof import('../../lib/backend/mock/index.js') = await import(path.join(projectRoot, 'dist/backend/mock/index.js'));
  return mock.openMockBackend({ stateDir: state });
}

/** A fresh, empty state directory; `cleanup()` removes every one made. */
const made: string[] = [];
export function tempState(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'infkit-cli-'));
  made.push(dir);
  return dir;
}

export function cleanup(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export const example = (name: string) => path.join(exampleDir, name);

export const LAB_CLASS_GUID = '{6B5C2A10-4E4B-4C1E-9A52-2D7F1C0B0A01}';
export const LAB_PORT_GUID = '{C7F2A5E0-8B1D-4F3A-9E27-5D1B3C4A6F02}';
export const LAB_CONTROL_GUID = '{C7F2A5E0-8B1D-4F3A-9E27-5D1B3C4A6F03}';
