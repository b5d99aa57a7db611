// SetupAPI text logs: the parser over our fixtures (written in the format Microsoft's
// "SetupAPI Text Logs" pages document) and over excerpts posted publicly, reading from the
// end of a huge log in bounded memory, the filters, and where the log lives on Windows.
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  defaultLogPath,
  deviceMatcher,
  filterSections,
  logPathFromValue,
  parseLog,
  parseLogText,
  parseLogTime,
  readLogTail,
  type LogSection,
} from '../../lib/log/setupapi-log.js';

const dir = fileURLToPath(new URL('../fixtures/log/', import.meta.url));
const fixture = (name: string): string => path.join(dir, name);
const load = (name: string) => parseLog(readFileSync(fixture(name)), name);
const tmp = mkdtempSync(path.join(tmpdir(), 'infkit-log-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('parseLog: the documented sections', () => {
  it('a successful device install: title, local start and end times, SUCCESS, no failures, its blocks closed', () => {
    const log = load('success.dev.log');
    expect(log.timeZone).toBe('local');
    expect(log.sections).toHaveLength(1);
    const s = log.sections[0]!;
    expect(s.title).toBe('Device Install (DiInstallDevice) - ROOT\\INFKIT\\0000');
    expect(s.start).toBe('2024-06-21T10:00:01.123');
    expect(s.end).toBe('2024-06-21T10:00:02.010');
    expect(s.exitStatus).toEqual({ text: 'SUCCESS', failed: false });
    expect(s.failures).toEqual([]);
    expect(s.truncated).toBe(false);
    // Header lines and footer lines are not body lines; lines before the section are not in it.
    expect(s.lines[0]).toMatch(/^ {6}cmd: /);
    expect(s.lines.at(-1)).toContain('{Core Device Install - exit(0x00000000)}');
    expect(s.lines.some((l) => l.includes('ump:'))).toBe(false);
    expect(s.blocks?.map((b) => [b.title, b.exit?.code, b.open])).toEqual([
      ['Build Driver List', 0, undefined],
      ['Setup Import Driver Package: C:\\drv\\infkitsample.inf', 0, undefined],
      ['Core Device Install', 0, undefined],
    ]);
  });

  it('a failed install: the !!! and ! lines as failures, FAILURE(0x...) with its code and the table name', () => {
    const log = load('failure.dev.log');
    expect(log.sections.map((s) => s.title)).toEqual([
      'Setup Import Driver Package - C:\\drv\\unsigned\\unsigned.inf',
      'Delete Driver Package - oem42.inf',
    ]);
    const [imported, deleted] = log.sections as [LogSection, LogSection];
    expect(imported.exitStatus).toEqual({
      text: 'FAILURE(0xe000022f)',
      code: 0xe000022f,
      name: 'ERROR_NO_CATALOG_FOR_OEM_INF',
      failed: true,
    });
    expect(imported.failures).toEqual([
      "!    sig:      No installed catalogs matching catalog name '' were found that validated the file.",
      '!!!  sig:      Error 0xE000022F: The third-party INF does not contain digital signature information.',
      '!!!  sto:      Failed to import driver package into Driver Store. Error = 0xE000022F',
    ]);
    expect(deleted.exitStatus).toMatchObject({ text: 'FAILURE(0xE000023D)', code: 0xe000023d, name: 'ERROR_INF_IN_USE_BY_DEVICES' });
    // `{_VERIFY_FILE_SIGNATURE exit(0xe000022f)}` closes its block with the code named.
    expect(imported.blocks?.find((b) => b.title === '_VERIFY_FILE_SIGNATURE')?.exit).toEqual({
      code: 0xe000022f,
      name: 'ERROR_NO_CATALOG_FOR_OEM_INF',
    });
  });

  it('nested {…} blocks form a tree; `- exit(…)`, `exit (…)` and `exit(00000000)` all close a block', () => {
    const s = load('nested.dev.log').sections[0]!;
    const shape = (blocks: LogSection['blocks']): unknown =>
      blocks?.map((b) => ({ title: b.title, exit: b.exit?.code, ...(b.blocks && { in: shape(b.blocks) }) }));
    expect(shape(s.blocks)).toEqual([
      {
        // Opened as `{Update Device Driver - USB\...}`, closed as `{Update Device Driver - exit(00000000)}`.
        title: 'Update Device Driver - USB\\VID_1234&PID_5678\\SN0001',
        exit: 0,
        in: [
          {
            title: 'Core Device Install',
            exit: 0,
            in: [
              { title: 'DIF_INSTALLDEVICE', exit: 0 },
              { title: 'DIF_DESTROYPRIVATEDATA', exit: 0xe000020e },
            ],
          },
          // A close with no open (SetupAPI writes some): a block of one line.
          { title: 'Plug and Play Service: Device Install', exit: 0 },
        ],
      },
    ]);
    const dif = s.blocks![0]!.blocks![0]!.blocks![1]!;
    expect(dif.exit).toEqual({ code: 0xe000020e, name: 'ERROR_DI_DO_DEFAULT' });
    expect(s.lines[dif.line - 1]).toContain('{DIF_DESTROYPRIVATEDATA}');
  });

  it('the older documented footer ([time: Section end], [Exit Status(0x…)]) and a section cut off at the end of the file', () => {
    const log = load('truncated.dev.log');
    const [old, cut] = log.sections as [LogSection, LogSection];
    expect(old.start).toBe('2005-02-13T22:06:20.000');
    expect(old.end).toBe('2005-02-13T22:06:28.109');
    expect(old.exitStatus).toEqual({ text: '0x00000000', code: 0, name: 'ERROR_SUCCESS', failed: false });
    expect(old.truncated).toBe(false);
    expect(cut.truncated).toBe(true);
    expect(cut.end).toBeNull();
    expect(cut.exitStatus).toBeNull();
    expect(cut.failures).toEqual(['!    dvi:           Driver rank is higher than the selected one.']);
    // The NUL bytes a crash leaves are not a line of the section.
    expect(cut.lines.join('')).not.toContain('\0');
    expect(cut.blocks?.[0]).toMatchObject({
      title: 'Build Driver List',
      open: true,
      blocks: [{ title: 'Build Compatible Driver List', open: true }],
    });
  });

  it('a section cut off by the next section header is truncated, the next one whole', () => {
    const text =
      '>>>  [A]\n>>>  Section start 2024/01/01 00:00:00.000\n     dvi: one\n>>>  [B]\n>>>  Section start 2024/01/01 00:00:01.000\n<<<  Section end 2024/01/01 00:00:02.000\n<<<  [Exit]\n';
    const log = parseLogText(text);
    expect(log.sections.map((s) => [s.title, s.truncated, s.exitStatus?.text])).toEqual([
      ['A', true, undefined],
      ['B', false, ''],
    ]);
  });

  it('CRLF and LF give the same sections', () => {
    for (const name of ['success', 'failure']) {
      const crlf = load(`${name}-crlf.dev.log`);
      expect(readFileSync(fixture(`${name}-crlf.dev.log`), 'latin1')).toContain('\r\n');
      expect(crlf.sections).toEqual(load(`${name}.dev.log`).sections);
    }
  });

  it('ANSI bytes are read as Latin-1, one character per byte', () => {
    const bytes = Buffer.from(
      '>>>  [Device Install - ROOT\\X\\0000]\n     inf: Provider: Soci\xe9t\xe9\n<<<  [Exit status: SUCCESS]\n',
      'latin1',
    );
    expect(parseLog(bytes).sections[0]!.lines).toEqual(['     inf: Provider: Société']);
  });
});

interface Excerpt {
  source: string;
  repository: string;
  transform?: string;
  text: string;
  expect: {
    sections: number;
    titles: string[];
    starts: (string | null)[];
    exitStatus: (string | null)[];
    exitName?: (string | null)[];
    truncated: boolean[];
    failures: number[];
    device?: string;
    blocks?: { title: string; exit: number }[];
  };
}

describe('parseLog: excerpts of real logs posted publicly', () => {
  const excerpts = JSON.parse(readFileSync(fixture('excerpts.json'), 'utf8')) as Excerpt[];
  it('has excerpts, each with its public source', () => {
    expect(excerpts.length).toBeGreaterThanOrEqual(4);
    for (const e of excerpts) expect(e.source).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+\/issues\/\d+$/);
  });
  for (const e of excerpts) {
    it(e.source, () => {
      const log = parseLogText(e.text, e.source);
      expect(log.sections).toHaveLength(e.expect.sections);
      expect(log.sections.map((s) => s.title)).toEqual(e.expect.titles);
      expect(log.sections.map((s) => s.start)).toEqual(e.expect.starts);
      expect(log.sections.map((s) => s.exitStatus?.text ?? null)).toEqual(e.expect.exitStatus);
      if (e.expect.exitName) expect(log.sections.map((s) => s.exitStatus?.name ?? null)).toEqual(e.expect.exitName);
      expect(log.sections.map((s) => s.truncated)).toEqual(e.expect.truncated);
      expect(log.sections.map((s) => s.failures.length)).toEqual(e.expect.failures);
      if (e.expect.device) expect(filterSections(log.sections, { device: e.expect.device })).toHaveLength(e.expect.sections);
      if (e.expect.blocks) {
        expect(log.sections[0]!.blocks?.map((b) => ({ title: b.title, exit: b.exit?.code }))).toEqual(e.expect.blocks);
      }
    });
  }
});

describe('filters', () => {
  const sections = [...load('success.dev.log').sections, ...load('failure.dev.log').sections, ...load('truncated.dev.log').sections];

  it('--device: exact instance IDs case-insensitively, in the title or in a line, and devcon-style * and ? patterns', () => {
    const titles = (device: string) => filterSections(sections, { device }).map((s) => s.title);
    expect(titles('root\\infkit\\0000')).toEqual([
      'Device Install (DiInstallDevice) - ROOT\\INFKIT\\0000',
      'Delete Driver Package - oem42.inf',
    ]);
    expect(titles('PCI\\VEN_8086*')).toEqual(['Device Install (Hardware initiated) - PCI\\VEN_8086&DEV_1234\\3&11583659&0&10']);
    expect(titles('pci\\ven_104c&dev_801?&*')).toHaveLength(1);
    expect(titles('ROOT\\INFKIT')).toEqual([]); // a prefix is not the ID
    expect(deviceMatcher('USB\\VID_1234&PID_5678\\SN0001')("Installing on 'usb\\vid_1234&pid_5678\\sn0001'.")).toBe(true);
  });

  it('--since: sections started at or after a local time, ISO or the log’s own form; a zone is refused', () => {
    expect(filterSections(sections, { since: '2024-06-21T11:15:30.001' }).map((s) => s.start)).toEqual([
      '2024-06-21T11:15:30.001',
      '2024-06-21T11:20:00.000',
      '2024-06-23T07:30:00.000',
    ]);
    expect(filterSections(sections, { since: '2024/06/22 00:00:00' })).toHaveLength(1);
    expect(parseLogTime('2024-06-21')).toBe('2024-06-21T00:00:00.000');
    expect(parseLogTime('2024/06/21 10:00')).toBe('2024-06-21T10:00:00.000');
    expect(() => parseLogTime('2024-06-21T10:00:00Z')).toThrow(
      expect.objectContaining({ code: 'E_USAGE', hint: expect.stringContaining('no zone') }),
    );
    expect(() => parseLogTime('yesterday')).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
  });

  it('--failures: sections with failure lines or a failure exit status', () => {
    expect(filterSections(sections, { failures: true }).map((s) => s.title)).toEqual([
      'Setup Import Driver Package - C:\\drv\\unsigned\\unsigned.inf',
      'Delete Driver Package - oem42.inf',
      'Device Install - PCI\\VEN_104C&DEV_8019&SUBSYS_8010104C&REV_00\\3&61aaa01&0&38',
      'Device Install (Hardware initiated) - PCI\\VEN_8086&DEV_1234\\3&11583659&0&10',
    ]);
    // An exit code alone is a failure.
    const exitOnly = parseLogText('>>>  [X]\n<<<  [Exit status: FAILURE(0xe0000203)]\n').sections;
    expect(filterSections(exitOnly, { failures: true })).toHaveLength(1);
  });
});

/** A log of `count` sections, section i started at 2024-01-01 plus i seconds; every `failEvery`th one fails. */
function synthLog(count: number, failEvery = 0): string {
  let out = '[Device Install Log]\n     OS Version = 10.0.22631\n[BeginLog]\n\n';
  for (let i = 0; i < count; i++) {
    const t = new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString().replace('T', ' ').replace('Z', '').replace(/-/g, '/');
    const fail = failEvery > 0 && i % failEvery === 0;
    out += `>>>  [Device Install (DiInstallDevice) - ROOT\\SYNTH\\${String(i).padStart(4, '0')}]\n>>>  Section start ${t}\n`;
    out += `     dvi: {Build Driver List} 00:00:00.000\n     dvi:      Section ${i}\n     dvi: {Build Driver List - exit(0x00000000)} 00:00:00.001\n`;
    if (fail) out += `!!!  dvi: Failed to install device instance 'ROOT\\SYNTH\\${String(i).padStart(4, '0')}'. Error = 0xe000022f\n`;
    out += `<<<  Section end ${t}\n<<<  [Exit status: ${fail ? 'FAILURE(0xe000022f)' : 'SUCCESS'}]\n\n`;
  }
  return out;
}

describe('readLogTail: from the end of the log', () => {
  const text = synthLog(300, 7);
  const file = path.join(tmp, 'synth.dev.log');
  writeSync(openSync(file, 'w'), text);
  const whole = parseLogText(text, file).sections;

  it('the last N sections, the same whichever the chunk size (headers split across reads)', async () => {
    for (const chunkBytes of [4096, 5000, 65536, 1 << 20]) {
      const log = await readLogTail(file, { lastSections: 25, chunkBytes });
      expect(log.sections).toEqual(whole.slice(-25));
      expect(log.note).toBeUndefined();
    }
    expect((await readLogTail(file, { chunkBytes: 4096 })).sections).toEqual(whole);
  });

  it('filters apply while reading: the last N that match', async () => {
    const log = await readLogTail(file, { lastSections: 3, failures: true, chunkBytes: 4096 });
    expect(log.sections.map((s) => s.title)).toEqual(
      whole
        .filter((s) => s.failures.length > 0)
        .slice(-3)
        .map((s) => s.title),
    );
    const device = await readLogTail(file, { device: 'root\\synth\\01?0' });
    expect(device.sections.map((s) => s.title.slice(-4))).toEqual([
      '0100',
      '0110',
      '0120',
      '0130',
      '0140',
      '0150',
      '0160',
      '0170',
      '0180',
      '0190',
    ]);
  });

  it('--since stops at the first older section', async () => {
    const log = await readLogTail(file, { since: '2024-01-01T00:04:50', chunkBytes: 4096 });
    expect(log.sections.map((s) => s.start)).toEqual(whole.slice(290).map((s) => s.start));
  });

  it('maxBytes bounds the read and says so in a note', async () => {
    const log = await readLogTail(file, { failures: true, lastSections: 1000, maxBytes: 8192, chunkBytes: 4096 });
    expect(log.note).toMatch(/^read only the last 8192 bytes of \d+$/);
    expect(log.sections.length).toBeLessThan(10);
  });

  it('a log that is absent or cannot be read gives a note, never a throw', async () => {
    const absent = await readLogTail(path.join(tmp, 'none.log'));
    expect(absent).toMatchObject({ sections: [], unavailable: 'absent', note: expect.stringContaining('no SetupAPI log at') });
    const unreadable = await readLogTail(tmp); // a directory: opens on Linux, read fails (EISDIR) as a locked log would
    expect(unreadable).toMatchObject({ sections: [], unavailable: 'unreadable', note: expect.stringContaining('could not be read') });
  });

  it('a 200 MB log: the last sections, read from its end, and memory stays small', async () => {
    const big = path.join(tmp, 'big.dev.log');
    const block = Buffer.from(synthLog(2000), 'latin1'); // ~0.5 MB
    const fd = openSync(big, 'w');
    let size = 0;
    while (size < 200 * 1024 * 1024) size += writeSync(fd, block);
    writeSync(fd, Buffer.from(synthLog(3, 1), 'latin1'));
    closeSync(fd);
    try {
      const before = process.memoryUsage();
      // The peak while reading (the reads are asynchronous, so the timer runs between them).
      let peakRss = before.rss;
      let peakBuffers = before.arrayBuffers;
      const sampler = setInterval(() => {
        const now = process.memoryUsage();
        peakRss = Math.max(peakRss, now.rss);
        peakBuffers = Math.max(peakBuffers, now.arrayBuffers);
      }, 1);
      const log = await readLogTail(big, { lastSections: 5 });
      const lastFailure = await readLogTail(big, { lastSections: 1, failures: true });
      const deep = await readLogTail(big, { lastSections: 1, device: 'ROOT\\NO\\SUCH', maxBytes: 16 * 1024 * 1024 });
      clearInterval(sampler);
      const after = process.memoryUsage();
      peakRss = Math.max(peakRss, after.rss);
      peakBuffers = Math.max(peakBuffers, after.arrayBuffers);
      expect(log.sections).toHaveLength(5);
      expect(log.sections.at(-1)!.title).toBe('Device Install (DiInstallDevice) - ROOT\\SYNTH\\0002');
      expect(lastFailure.sections[0]!.exitStatus?.name).toBe('ERROR_NO_CATALOG_FOR_OEM_INF');
      expect(deep.sections).toEqual([]);
      expect(deep.note).toContain('read only the last 16777216 bytes');
      // Reading 16 MB to look for a device holds at most one chunk and the unparsed rest, not the file.
      expect(peakRss - before.rss).toBeLessThan(100 * 1024 * 1024);
      expect(peakBuffers - before.arrayBuffers).toBeLessThan(16 * 1024 * 1024);
    } finally {
      rmSync(big, { force: true });
    }
  }, 30_000);
});

describe('where the log is on Windows', () => {
  it('reads LogPath from the registry, expanding %variables%, and takes nothing that is not a string', () => {
    expect(logPathFromValue({ type: 'REG_EXPAND_SZ', data: '%SystemDrive%\\Logs\\Setup' }, { SYSTEMDRIVE: 'D:' })).toBe('D:\\Logs\\Setup');
    expect(logPathFromValue({ type: 'REG_SZ', data: 'C:\\Setup Logs' }, {})).toBe('C:\\Setup Logs');
    expect(logPathFromValue({ type: 'REG_DWORD', data: 1 }, {})).toBeUndefined();
    expect(logPathFromValue(undefined, {})).toBeUndefined();
  });

  it('falls back to %windir%\\INF when LogPath is absent, unreadable or not an existing folder', async () => {
    const windir = process.env.windir ?? process.env.SystemRoot ?? 'C:\\Windows';
    const expected = `${windir}\\INF\\setupapi.dev.log`;
    expect(await defaultLogPath({ readKey: async () => null })).toBe(expected);
    expect(await defaultLogPath({ readKey: async () => Promise.reject(new Error('access denied')) })).toBe(expected);
    const missing = {
      readKey: async () => ({ values: { LogPath: { type: 'REG_SZ' as const, data: 'Q:\\no\\such\\folder' } }, subkeys: [] }),
    };
    expect(await defaultLogPath(missing)).toBe(expected);
  });
});
