// A framework-free runner for the contract suite: runs in plain Node (Windows Node under
// Wine included), sequentially, and returns one result per case.
import { readFile } from 'node:fs/promises';
import type { Backend } from '../../lib/backend/types.js';
import { contractCases } from './suite.js';
import type { Capability, ContractCase, ContractContext, ContractResult } from './types.js';

export interface RunOptions {
  /** Only cases whose name contains this text (or matches this expression). */
  filter?: string | RegExp;
  /** Cases to skip, by exact name, with the reason (a platform's known gap). */
  skip?: Record<string, string>;
  /** Capabilities this run has; cases needing others are skipped. All when absent. */
  capabilities?: Capability[];
  /** The cases to run (default: the whole suite). */
  cases?: ContractCase[];
  /** Called after each case, e.g. to print progress. */
  onResult?: (result: ContractResult) => void;
}

/** Reads a file of this machine when it is Windows (or Wine), for ContractContext.readMachineFile. */
async function readLocalFile(windowsPath: string): Promise<Uint8Array | null> {
  try {
    return await readFile(windowsPath);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function describeError(e: unknown): NonNullable<ContractResult['error']> {
  const err = e as { message?: unknown; name?: unknown; code?: unknown; api?: unknown; stack?: unknown };
  return {
    message: String(err?.message ?? e),
    ...(typeof err?.name === 'string' && { name: err.name }),
    ...((typeof err?.code === 'number' || typeof err?.code === 'string') && { code: err.code }),
    ...(typeof err?.api === 'string' && { api: err.api }),
    ...(typeof err?.stack === 'string' && { stack: err.stack }),
  };
}

function skipReason(c: ContractCase, options: RunOptions, ctx: ContractContext): string | undefined {
  const listed = options.skip?.[c.name];
  if (listed !== undefined) return listed;
  if (c.needs?.includes('standard-user') && ctx.standardUser === undefined) {
    return 'needs a standard user: this runner cannot open the machine without administrator rights';
  }
  const missing = (c.needs ?? []).filter((n) => options.capabilities !== undefined && !options.capabilities.includes(n));
  return missing.length > 0 ? `needs ${missing.join(', ')}` : undefined;
}

function selected(c: ContractCase, filter: RunOptions['filter']): boolean {
  if (filter === undefined) return true;
  return typeof filter === 'string' ? c.name.includes(filter) : filter.test(c.name);
}

export async function runContract(
  backend: Backend,
  ctx: Omit<ContractContext, 'backend'> & { backend?: Backend },
  options: RunOptions = {},
): Promise<ContractResult[]> {
  const context: ContractContext = {
    ...ctx,
    backend,
    readMachineFile: ctx.readMachineFile ?? (process.platform === 'win32' ? readLocalFile : undefined),
  };
  const results: ContractResult[] = [];
  for (const c of (options.cases ?? contractCases).filter((c) => selected(c, options.filter))) {
    const reason = skipReason(c, options, context);
    let result: ContractResult;
    if (reason !== undefined) {
      result = { name: c.name, status: 'skip', ms: 0, reason };
    } else {
      const started = Date.now();
      try {
        await c.run(context);
        result = { name: c.name, status: 'pass', ms: Date.now() - started };
      } catch (e) {
        result = { name: c.name, status: 'fail', ms: Date.now() - started, error: describeError(e) };
      }
    }
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}

/** One line per case and a count, for a log file (Wine's stdout may not be usable). */
export function formatResults(results: ContractResult[]): string {
  const lines = results.map((r) => {
    const mark = r.status === 'pass' ? 'ok  ' : r.status === 'skip' ? 'skip' : 'FAIL';
    const extra = r.status === 'skip' ? ` (${r.reason})` : r.status === 'fail' ? `\n      ${r.error?.message}` : '';
    return `${mark} ${r.name}${extra}`;
  });
  const count = (s: string) => results.filter((r) => r.status === s).length;
  lines.push(`${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped`);
  return `${lines.join('\n')}\n`;
}
