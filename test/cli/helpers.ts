// Runs the built command line on the mock machine, in a temporary state directory: in-process
// (`run`, `runJson`: tsc's dist/cli/program.js), or as a user would, as a child process
// (`start`, `runProcess`: the bundle in dist/cli/main.js), where the exit status, the locale or
// signals are tested. `npm run build` makes both.
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
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build first with \`npm run build\``);
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** What every run gets in its environment: no colours, a fixed locale unless a test sets another. */
const RUN_ENV = { NO_COLOR: '1', FORCE_COLOR: '0', LANG: 'C', LC_ALL: 'C' };

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...RUN_ENV, ...extra };
}

/** Starts `infkit args...` as a child process (the caller decides when it ends). */
export function start(args: string[], options: RunOptions = {}): ChildProcess {
  return spawn(process.execPath, [cli, ...args], {
    cwd: options.cwd ?? projectRoot,
    env: env(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs `infkit args...` as a child process to its end. */
export function runProcess(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return finished(start(args, options));
}

export interface RunOptions {
  env?: Record<string, string>;
  cwd?: string;
}

/** What is read once at start-up (colours, ICU's locale): a run that sets them needs its own process. */
const STARTUP_ENV = ['NO_COLOR', 'FORCE_COLOR', 'LANG', 'LC_ALL', 'TZ'];
let inProcess: Promise<typeof import('../../lib/cli/program.js')> | undefined;
let running = false;

/**
 * Runs `infkit args...` in this process to its end, as the bin script does: its stdout and
 * stderr are captured as a pipe's would be, with the environment and directory it is given.
 * Runs do not overlap (they share the process's streams and exit code): use runProcess.
 */
export async function run(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const late = Object.keys(options.env ?? {}).filter((name) => STARTUP_ENV.includes(name));
  if (late.length > 0) throw new Error(`${late.join(', ')} take effect at start-up: use runProcess`);
  if (running) throw new Error('in-process runs cannot overlap: use runProcess');
  running = true;
  const output = { stdout: '', stderr: '' };
  const restore = Object.entries({ ...RUN_ENV, ...options.env }).map(([name, value]) => setEnv(name, value));
  const cwd = process.cwd();
  restore.push(() => process.chdir(cwd));
  for (const name of ['stdout', 'stderr'] as const) restore.push(capture(process[name], (text) => (output[name] += text)));
  try {
    process.chdir(options.cwd ?? projectRoot);
    process.exitCode = undefined;
    inProcess ??= import(path.join(projectRoot, 'dist/cli/program.js'));
    const code = await (await inProcess).main(args);
    return { code, signal: null, ...output };
  } finally {
    process.exitCode = undefined;
    for (const undo of restore.reverse()) undo();
    running = false;
  }
}

/** Sets an environment variable; returns what puts it back. */
function setEnv(name: string, value: string): () => void {
  const was = process.env[name];
  process.env[name] = value;
  return () => {
    if (was === undefined) delete process.env[name];
    else process.env[name] = was;
  };
}

/** Sends what is written to `stream` to `sink`, as to a pipe (not a terminal); returns what undoes it. */
function capture(stream: NodeJS.WriteStream, sink: (text: string) => void): () => void {
  const write = stream.write;
  const isTTY = Object.getOwnPropertyDescriptor(stream, 'isTTY');
  Object.defineProperty(stream, 'isTTY', { value: false, configurable: true, writable: true });
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    sink(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const done = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    if (done) process.nextTick(done);
    return true;
  }) as typeof stream.write;
  return () => {
    stream.write = write;
    if (isTTY) Object.defineProperty(stream, 'isTTY', isTTY);
    else delete (stream as { isTTY?: boolean }).isTTY;
  };
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
  options: RunOptions & { process?: boolean } = {},
): Promise<RunResult & { json: T }> {
  const result = await (options.process ? runProcess : run)([...args, '--backend', 'mock', '--state', state, '--json'], options);
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
