// SetupAPI text logs (setupapi.dev.log, setupapi.app.log), as Microsoft's "SetupAPI Text
// Logs" pages describe them: a header, then sections
//
//   >>>  [Device Install (UpdateDriverForPlugAndPlayDevices) - USB\VID_1234&PID_5678]
//   >>>  Section start 2024/06/21 10:00:01.123
//        ndv: ...               (entry prefix: "!!!" error, "!" warning, else information;
//   !!!  dvi: ...                then an optional time stamp and an event category)
//        dvi: {Build Driver List} ... dvi: {Build Driver List - exit(0x00000000)}
//   <<<  Section end 2024/06/21 10:00:05.456
//   <<<  [Exit status: SUCCESS]            or FAILURE(0xE000023D)
//
// and the older documented forms (`>>>  2005/02/13 22:06:28.109: Section start`,
// `<<<  [2005/02/13 22:06:28.109: Section end]`, `<<<  [Exit Status(0x00000000)]`, `<<<  [Exit]`).
//
// The log's times are the machine's local time with no zone: they are given as ISO 8601
// without an offset (`timeZone: 'local'` says so), never converted.
//
// readLogTail reads a huge log from its end, a chunk at a time, until it has the sections
// asked for; a log that is absent or locked gives a result with a `note`, never a throw.
import { type FileHandle, open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RegistryValue } from '../base/registry-values.js';
import type { RegistryAccess } from '../backend/types.js';
import { describeWinError } from '../backend/winerror-table.js';
import { InfkitError } from '../errors.js';

export type { LogBlock, LogExitStatus, LogSection, SetupLog } from './types.js';
import type { LogBlock, LogExitStatus, LogSection, SetupLog } from './types.js';

const TIME = String.raw`(\d{4})/(\d\d)/(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,3}))?`;
const TITLE_RE = /^>>>\s+\[(.*)\]\s*$/;
const START_RE = new RegExp(String.raw`^>>>\s+(?:Section start\s+${TIME}|${TIME}:?\s+Section start)`, 'i');
const END_RE = new RegExp(String.raw`^<<<\s+(?:Section end\s+${TIME}|\[${TIME}:?\s+Section end\])`, 'i');
const EXIT_RE = /^<<<\s+\[Exit(?:\s+status:\s*(.*?)|\s*Status\s*\((.*?)\)|)\s*\]\s*$/i;
// Entry prefix, optional time stamp, event category ("dvi:", "ui :", "...:"), message.
const ENTRY_RE = /^(?:!!!|!)?\s*(?:\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d+)?:?\s+)?(?:[a-z.]{2,3}\s?:)\s?(.*)$/i;
// `{Title}` opens a block, `{Title - exit(0x...)}` (also `: exit(...)`, `exit (...)`, `exit(00000000)`) closes one;
// a time of day may follow.
const BLOCK_RE = /^\s*\{(.*)\}(?:\s+\d\d:\d\d:\d\d(?:\.\d+)?)?\s*$/;
const BLOCK_EXIT_RE = /^(.*?)(?:\s*[-:]\s*|\s+|)exit\s*\(\s*(?:0x)?([0-9a-f]{1,8})\s*\)$/i;

function isoTime(m: RegExpExecArray, at: number): string | null {
  const year = m[at];
  if (year === undefined) return null;
  const ms = m[at + 6];
  return `${year}-${m[at + 1]}-${m[at + 2]}T${m[at + 3]}:${m[at + 4]}:${m[at + 5]}${ms !== undefined ? `.${ms.padEnd(3, '0')}` : ''}`;
}

function timeOf(m: RegExpExecArray): string | null {
  return isoTime(m, 1) ?? isoTime(m, 8);
}

/** The table's name for a code; undefined for a code the table does not know. */
export function statusName(code: number): string | undefined {
  const name = describeWinError(code).name;
  return /^(WIN32|SPAPI|CR)_/.test(name) ? undefined : name;
}

function hexCode(text: string): number | undefined {
  const m = /^(?:0x)?([0-9a-f]{1,8})$/i.exec(text.trim());
  return m ? parseInt(m[1]!, 16) >>> 0 : undefined;
}

/** `SUCCESS`, `FAILURE(0xe000023d)`, `0x00000000`, '' → the exit status. */
export function parseExitStatus(text: string): LogExitStatus {
  const failure = /^FAILURE\s*\((.*)\)\s*$/i.exec(text);
  const code = failure ? hexCode(failure[1]!) : hexCode(text);
  const name = code !== undefined ? statusName(code) : undefined;
  return {
    text,
    ...(code !== undefined && { code }),
    ...(name !== undefined && { name }),
    failed: failure !== null || /^FAILURE\b/i.test(text) || (code !== undefined && code !== 0 && code !== 3010),
  };
}

/** A failure line: the entry prefix is "!!!" (error) or "!" (warning). */
export function isFailureLine(line: string): boolean {
  return line.startsWith('!');
}

class SectionBuilder {
  readonly section: LogSection;
  private readonly stack: LogBlock[] = [];
  private readonly top: LogBlock[] = [];

  constructor(title: string) {
    this.section = { title, start: null, end: null, exitStatus: null, failures: [], lines: [], truncated: true };
  }

  body(line: string): void {
    const s = this.section;
    s.lines.push(line);
    if (isFailureLine(line)) s.failures.push(line);
    const entry = ENTRY_RE.exec(line);
    const block = entry ? BLOCK_RE.exec(entry[1]!) : null;
    if (!block) return;
    const inner = block[1]!.trim();
    const exit = BLOCK_EXIT_RE.exec(inner);
    if (exit) {
      const title = exit[1]!.trim();
      const code = parseInt(exit[2]!, 16) >>> 0;
      const name = statusName(code);
      const result = { code, ...(name !== undefined && { name }) };
      const at = this.findOpen(title);
      if (at < 0) {
        // A close without its open (SetupAPI writes some): a block of one line.
        this.add({ title, line: s.lines.length, exit: result });
        return;
      }
      const closed = this.stack[at]!;
      this.stack.length = at; // blocks opened inside and never closed stay `open`
      delete closed.open;
      closed.exit = result;
      return;
    }
    const opened: LogBlock = { title: inner, line: s.lines.length, open: true };
    this.add(opened);
    this.stack.push(opened);
  }

  private findOpen(title: string): number {
    const want = title.toLowerCase();
    // `{Publish Driver Package: C:\...\x.inf}` closes as `{Publish Driver Package: exit(0x00000000)}`,
    // `{Update Device Driver - USB\VID_...}` as `{Update Device Driver - exit(0x00000000)}`.
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const t = this.stack[i]!.title.toLowerCase();
      if (t === want || t.startsWith(`${want}:`) || t.startsWith(`${want} - `)) return i;
    }
    return -1;
  }

  private add(block: LogBlock): void {
    const parent = this.stack[this.stack.length - 1];
    if (parent) {
      parent.blocks ??= [];
      parent.blocks.push(block);
    } else this.top.push(block);
  }

  finish(): LogSection {
    if (this.top.length > 0) this.section.blocks = this.top;
    return this.section;
  }
}

/** Parses log text (a whole log or any run of whole lines of one). Lines outside sections are skipped. */
export function parseLogText(text: string, file = '<text>'): SetupLog {
  const sections: LogSection[] = [];
  let current: SectionBuilder | undefined;
  let footer = false; // a `<<<` line was seen: body lines after it are outside the section
  const close = (): void => {
    if (current) sections.push(current.finish());
    current = undefined;
  };
  for (const raw of text.split('\n')) {
    // A crash can leave runs of NUL bytes where the file was extended but not written.
    const line = raw.replace(/\0+/g, '').trimEnd();
    if (line.startsWith('>>>')) {
      const title = TITLE_RE.exec(line);
      if (title) {
        close();
        current = new SectionBuilder(title[1]!.trim());
        footer = false;
        continue;
      }
      const start = START_RE.exec(line);
      if (start && current && current.section.start === null) {
        current.section.start = timeOf(start);
        continue;
      }
    }
    if (!current) continue;
    if (line.startsWith('<<<')) {
      const end = END_RE.exec(line);
      if (end) {
        current.section.end = timeOf(end);
        footer = true;
        continue;
      }
      const exit = EXIT_RE.exec(line);
      if (exit) {
        current.section.exitStatus = parseExitStatus((exit[1] ?? exit[2] ?? '').trim());
        current.section.truncated = false;
        close();
        continue;
      }
    }
    if (footer || line === '') continue;
    current.body(line);
  }
  close();
  return { file, timeZone: 'local', sections };
}

/**
 * Latin-1 is the decoding: the log is ANSI and English only (Microsoft's page), so the
 * bytes 0x80-0x9F where windows-1252 differs do not occur in what SetupAPI writes.
 * lib/inf/decode.ts's decodeInf is not used: its UTF-16 sniffing (IsTextUnicode) could
 * take a chunk of NUL bytes that a crash leaves behind for UTF-16.
 */
function decode(bytes: Buffer): string {
  return bytes.toString('latin1');
}

/** Parses a whole log file held in memory. */
export function parseLog(bytes: Uint8Array, file = '<buffer>'): SetupLog {
  return parseLogText(decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)), file);
}

// ---------------------------------------------------------------------------------------
// Filters
// ---------------------------------------------------------------------------------------

/**
 * `YYYY/MM/DD HH:MM[:SS[.mmm]]`, `YYYY-MM-DD[THH:MM[:SS[.mmm]]]` → the ISO form the sections use.
 * A time with a zone (Z, +02:00) is refused: the log's times are local and carry none.
 */
export function parseLogTime(text: string): string {
  const m = /^\s*(\d{4})[-/](\d\d)[-/](\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,3}))?)?)?\s*$/.exec(text);
  if (!m) {
    const zoned = /(?:Z|[+-]\d\d:?\d\d)\s*$/i.test(text) && /^\s*\d{4}-/.test(text);
    throw new InfkitError('E_USAGE', `invalid time '${text}'`, {
      hint: zoned
        ? "the log's times are local time with no zone: give the time without Z or an offset"
        : "write e.g. 2024-06-21T10:00:00 or '2024/06/21 10:00:00' (the log's local time)",
    });
  }
  const [, y, mo, d, h = '00', mi = '00', s = '00', ms = '000'] = m;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms!.padEnd(3, '0')}`;
}

/** A matcher for device instance IDs: case-insensitive, with `*` and `?` as devcon takes them. */
export function deviceMatcher(pattern: string): (text: string) => boolean {
  const wild = /[*?]/.test(pattern);
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  const re = new RegExp(`^${source}$`, 'i');
  const want = pattern.toLowerCase();
  return (text) => {
    // Instance IDs contain no blanks or quotes; titles and messages put them between those.
    for (const token of text.split(/[\s'"[\](),;<>]+/)) {
      const t = token.replace(/[.:]+$/, '');
      if (t === '') continue;
      if (wild ? re.test(t) : t.toLowerCase() === want) return true;
    }
    return false;
  };
}

export interface SectionFilter {
  /** Keep sections whose title or lines name this device instance ID (`*`/`?` patterns). */
  device?: string;
  /** Keep sections that started at or after this local time (parseLogTime's form or its input). */
  since?: string;
  /** Keep sections with failure lines or a failure exit status. */
  failures?: boolean;
}

export function hasFailure(section: LogSection): boolean {
  return section.failures.length > 0 || section.exitStatus?.failed === true;
}

/** The test a section must pass; undefined when the filter keeps everything. */
export function sectionPredicate(filter: SectionFilter): ((section: LogSection) => boolean) | undefined {
  const tests: ((section: LogSection) => boolean)[] = [];
  if (filter.device !== undefined) {
    const match = deviceMatcher(filter.device);
    tests.push((s) => match(s.title) || s.lines.some(match));
  }
  if (filter.since !== undefined) {
    const since = parseLogTime(filter.since);
    tests.push((s) => s.start !== null && s.start >= since);
  }
  if (filter.failures) tests.push(hasFailure);
  if (tests.length === 0) return undefined;
  return (s) => tests.every((t) => t(s));
}

export function filterSections(sections: LogSection[], filter: SectionFilter): LogSection[] {
  const keep = sectionPredicate(filter);
  return keep ? sections.filter(keep) : sections;
}

// ---------------------------------------------------------------------------------------
// Reading from the end
// ---------------------------------------------------------------------------------------

export interface TailOptions extends SectionFilter {
  /** How many (matching) sections to return, the last ones of the log. Default: all within maxBytes. */
  lastSections?: number;
  /** Stop after reading this many bytes from the end (default 64 MiB). */
  maxBytes?: number;
  /** Bytes per read (default 256 KiB). */
  chunkBytes?: number;
}

export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
const DEFAULT_CHUNK = 256 * 1024;

/** Where in `buf` the last section header (a line `>>>  [`) starts; -1 when none. */
function lastHeaderStart(buf: Buffer, atFileStart: boolean): number {
  let at = buf.length;
  for (;;) {
    const nl = buf.lastIndexOf('\n>>>', at - 1);
    const start = nl >= 0 ? nl + 1 : atFileStart && buf.subarray(0, 3).toString('latin1') === '>>>' ? 0 : -1;
    if (start < 0) return -1;
    let i = start + 3;
    while (i < buf.length && (buf[i] === 0x20 || buf[i] === 0x09)) i++;
    if (buf[i] === 0x5b /* [ */) return start;
    if (start === 0) return -1;
    at = nl;
  }
}

function unavailable(file: string, error: NodeJS.ErrnoException): SetupLog {
  const absent = error.code === 'ENOENT' || error.code === 'ENOTDIR';
  return {
    file,
    timeZone: 'local',
    sections: [],
    unavailable: absent ? 'absent' : 'unreadable',
    note: absent ? `no SetupAPI log at ${file}` : `the SetupAPI log ${file} could not be read (${error.code ?? error.message})`,
  };
}

/**
 * The last sections of a log, read backwards in chunks: memory stays near one section plus
 * one chunk plus what is returned, whatever the size of the log. Sections are taken from the
 * end until `lastSections` of them pass the filter, a section older than `since` is met (the
 * log is in time order), the start of the file, or `maxBytes`. Never throws for a log that is
 * absent or cannot be opened: the result has `unavailable` and a `note`.
 */
export async function readLogTail(file: string, options: TailOptions = {}): Promise<SetupLog> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const chunkBytes = Math.max(4096, options.chunkBytes ?? DEFAULT_CHUNK);
  const want = options.lastSections ?? Infinity;
  const keep = sectionPredicate(options);
  const since = options.since !== undefined ? parseLogTime(options.since) : undefined;
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    return unavailable(file, error as NodeJS.ErrnoException);
  }
  const found: LogSection[][] = []; // batches, newest first
  let count = 0;
  let note: string | undefined;
  try {
    const { size } = await handle.stat();
    let pos = size;
    let pending: Buffer = Buffer.alloc(0); // bytes [pos, parsedFrom) not yet parsed
    let done = want <= 0;
    while (!done) {
      if (pos === 0) break;
      if (size - pos >= maxBytes) {
        note = `read only the last ${maxBytes} bytes of ${size}`;
        break;
      }
      const length = Math.min(chunkBytes, pos, maxBytes - (size - pos));
      const chunk = Buffer.allocUnsafe(length);
      let got = 0;
      while (got < length) {
        const { bytesRead } = await handle.read(chunk, got, length - got, pos - length + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      pos -= length;
      pending = pending.length === 0 ? chunk.subarray(0, got) : Buffer.concat([chunk.subarray(0, got), pending]);
      const at = lastHeaderStart(pending, pos === 0);
      if (at < 0) continue;
      // Everything from the earliest header in `pending` is whole sections: find it.
      let first = at;
      for (;;) {
        const before = lastHeaderStart(pending.subarray(0, first), pos === 0);
        if (before < 0 || before === first) break;
        first = before;
      }
      const sections = parseLogText(decode(pending.subarray(first)), file).sections;
      pending = Buffer.from(pending.subarray(0, first)); // copy: let the big buffer go
      const batch: LogSection[] = [];
      for (let i = sections.length - 1; i >= 0; i--) {
        const s = sections[i]!;
        if (since !== undefined && s.start !== null && s.start < since) {
          done = true;
          break;
        }
        if (keep && !keep(s)) continue;
        batch.unshift(s);
        if (++count >= want) {
          done = true;
          break;
        }
      }
      found.push(batch);
    }
  } catch (error) {
    return unavailable(file, error as NodeJS.ErrnoException);
  } finally {
    await handle.close();
  }
  const sections = found.reverse().flat();
  return { file, timeZone: 'local', sections, ...(note !== undefined && { note }) };
}

/** The log's size in bytes now; null when it is absent or cannot be read. */
export async function logSize(file: string): Promise<number | null> {
  return stat(file).then(
    (s) => s.size,
    () => null,
  );
}

/**
 * The sections written after `offset` (a size logSize gave before a call): what SetupAPI wrote
 * while the call ran. A log that shrank since (rotated) is read from its start; at most
 * `maxBytes`, the last ones. Never throws: an absent or locked log gives a `note`.
 */
export async function readLogSince(file: string, offset: number, maxBytes = DEFAULT_MAX_BYTES): Promise<SetupLog> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    return unavailable(file, error as NodeJS.ErrnoException);
  }
  try {
    const { size } = await handle.stat();
    const from = Math.max(offset <= size ? offset : 0, size - maxBytes);
    const bytes = Buffer.alloc(size - from);
    await handle.read(bytes, 0, bytes.length, from);
    return parseLog(bytes, file);
  } catch (error) {
    return unavailable(file, error as NodeJS.ErrnoException);
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------------------------------
// Where the log is
// ---------------------------------------------------------------------------------------

const SETUP_KEY = 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup';

/** A LogPath registry value as a directory, %variables% expanded; undefined when absent or not a string. */
export function logPathFromValue(value: RegistryValue | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!value || (value.type !== 'REG_SZ' && value.type !== 'REG_EXPAND_SZ') || typeof value.data !== 'string' || value.data.trim() === '') {
    return undefined;
  }
  return value.data.trim().replace(/%([^%]+)%/g, (all, name: string) => {
    const key = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
    return key !== undefined ? env[key]! : all;
  });
}

/**
 * The device installation log of a Windows machine: `setupapi.dev.log` in the directory
 * HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Setup\LogPath names when that is an existing
 * directory (SetupAPI's own rule), else in %windir%\INF. `registry` is the backend's.
 */
export async function defaultLogPath(registry: Pick<RegistryAccess, 'readKey'>, name = 'setupapi.dev.log'): Promise<string> {
  const key = await registry.readKey('HKLM', SETUP_KEY).catch(() => null);
  const dir = logPathFromValue(key?.values.LogPath);
  // SetupAPI itself ignores a LogPath that is not an existing directory.
  const usable =
    dir !== undefined &&
    (await stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    ));
  const windir = process.env.windir ?? process.env.SystemRoot ?? 'C:\\Windows';
  return path.win32.join(usable ? dir : path.win32.join(windir, 'INF'), name);
}
