// @ts-check
// Timing, medians, child processes and the machine description the bench shares.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** @param {readonly number[]} values */
export function median(values) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? /** @type {number} */ (sorted[mid])
    : /** @type {number} */ (sorted[mid - 1] + /** @type {number} */ (sorted[mid])) / 2;
}

/** Milliseconds taken by `fn`. @param {() => unknown} fn */
export function timeMs(fn) {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/**
 * @typedef {object} ChildResult
 * @property {number} ms wall time, spawn to exit
 * @property {number | null} code
 * @property {number | null} maxRssMb peak resident set of the child, when it reported one
 * @property {string} stderr
 */

const rssPreload = fileURLToPath(new URL('./rss-preload.js', import.meta.url));

/**
 * Run `node ...args` to completion, stdout discarded. With `measureRss`, a preload makes
 * the child write its process.resourceUsage().maxRSS on exit.
 * @param {string[]} args
 * @param {{ measureRss?: boolean, cwd?: string, command?: string, env?: Record<string, string> }} [options]
 * @returns {Promise<ChildResult>}
 */
export function runNode(args, options = {}) {
  const dir = options.measureRss ? mkdtempSync(path.join(os.tmpdir(), 'infkit-bench-')) : null;
  const rssFile = dir ? path.join(dir, 'rss.json') : null;
  const env = { ...process.env, ...options.env, ...(rssFile && { INFKIT_BENCH_RSS_OUT: rssFile }) };
  const fullArgs = rssFile ? ['--import', rssPreload, ...args] : args;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(options.command ?? process.execPath, fullArgs, {
      cwd: options.cwd,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      if (stderr.length < 20000) stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      let maxRssMb = null;
      if (rssFile && dir) {
        try {
          maxRssMb = JSON.parse(readFileSync(rssFile, 'utf8')).maxRssKb / 1024;
        } catch {
          maxRssMb = null;
        }
        rmSync(dir, { recursive: true, force: true });
      }
      resolve({ ms, code, maxRssMb, stderr });
    });
  });
}

/** @param {string} command @param {string[]} args */
function probe(command, args) {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10000 }).trim();
  } catch {
    return null;
  }
}

/** What the figures were measured on. */
export function describeMachine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    wine: probe('wine', ['--version']),
    date: new Date().toISOString(),
  };
}
