// Files: [SourceDisksNames], [SourceDisksFiles], [DestinationDirs], CopyFiles and the other
// file operations, and what lands where. Copies are resolved per architecture: the install
// sections that apply there, the [SourceDisksFiles.<arch>] entry of each source file, and the
// directory each file list goes to.
import type { InfDocument, InfField, InfLine, InfSection } from '../inf/types.js';
import type { Rule, RuleContext } from './types.js';
import { DIRID_USER, DIRIDS, standardDirids } from '../inf/dirids.js';
import {
  infInt,
  readDestinationDirs,
  readSourceDisksFiles,
  readSourceDisksNames,
  readVersion,
  type DestinationDir,
  type DestinationDirs,
  type SourceDiskFile,
} from '../inf/model.js';
import { ARCHITECTURES } from '../inf/platform.js';
import {
  allFields,
  hasUnresolvedToken,
  includesOtherInfs,
  isMisreadNoBreakSpace,
  linesOfDirective,
  perDocument,
  sectionsWithBase,
  stringTokens,
  targetSections,
} from './helpers.js';
import { isKnownDirid } from './dirids.js';
import { getOrInsertComputed } from '../base/maps.js';

// ---------------------------------------------------------------- the copies of one architecture

/** One file a CopyFiles directive copies. */
interface CopyOp {
  /** The section holding the CopyFiles line. */
  from: InfSection;
  /** The file-list section, or null for `CopyFiles=@file`. */
  list: InfSection | null;
  /** The file-list entry, or null for `@file`. */
  line: InfLine | null;
  /** Where a finding about the destination points: the entry's first field, or the `@file` field. */
  at: InfField;
  /** Where a finding about the source points: the entry's second field when given, else `at`. */
  sourceAt: InfField;
  dest: string;
  source: string;
  /** [DestinationDirs] entry that applies (the list's own, else DefaultDestDir), if any. */
  dir: DestinationDir | undefined;
}

const ARCH_OF_TOKEN = new Map<string, string | null>([['nt', null], ...ARCHITECTURES.map((a): [string, string | null] => [`nt${a}`, a])]);

/**
 * Whether the install section `name` is used on `arch`: one decorated for another architecture is
 * not, nor a `.NT` or undecorated one where the `.NT<arch>` (or `.NT`) variant exists, since
 * SetupAPI picks the most specific (SetupDiGetActualSectionToInstall).
 */
function usedOn(doc: InfDocument, name: string, arch: string): boolean {
  const parts = name.split('.');
  for (let i = 1; i < parts.length; i++) {
    const token = parts[i]!.trim().toLowerCase();
    if (!ARCH_OF_TOKEN.has(token)) continue;
    const tokenArch = ARCH_OF_TOKEN.get(token);
    if (tokenArch) return tokenArch === arch;
    const specific = [...parts.slice(0, i), `NT${arch}`, ...parts.slice(i + 1)].join('.');
    return !doc.hasSection(specific);
  }
  return !doc.hasSection(`${name}.NT${arch}`) && !doc.hasSection(`${name}.NT`);
}

/** Every file the CopyFiles directives of the install sections used on `arch` copy, in file order. */
function copiesOn(doc: InfDocument, arch: string, dirs: DestinationDirs): CopyOp[] {
  const out: CopyOp[] = [];
  for (const { section, line } of linesOfDirective(doc, 'copyfiles')) {
    if (!usedOn(doc, section.name, arch)) continue;
    for (const field of line.fields) {
      const value = field.value.trim();
      if (value === '') continue;
      if (value.startsWith('@')) {
        const file = value.slice(1).trim();
        if (file !== '')
          out.push({
            from: section,
            list: null,
            line: null,
            at: field,
            sourceAt: field,
            dest: file,
            source: file,
            dir: dirs.defaultDestDir,
          });
        continue;
      }
      const list = doc.section(value);
      if (!list) continue; // INF1203 reports it
      const dir = dirs.forSection(value);
      for (const entry of list.lines) {
        const destField = entry.fields[0];
        const dest = destField?.value.trim() ?? '';
        if (!destField || dest === '' || isMisreadNoBreakSpace(dest)) continue;
        const srcField = entry.fields[1] && entry.fields[1].value.trim() !== '' ? entry.fields[1] : destField;
        out.push({ from: section, list, line: entry, at: destField, sourceAt: srcField, dest, source: srcField.value.trim(), dir });
      }
    }
  }
  return out;
}

/** Each name the `kind` directives (copyfiles, delfiles, renfiles) list: its field, and the section it names if any. */
function listsNamedBy(doc: InfDocument, kind: string): Array<{ field: InfField; name: string; section: InfSection | undefined }> {
  const out: Array<{ field: InfField; name: string; section: InfSection | undefined }> = [];
  for (const { line } of linesOfDirective(doc, kind)) {
    for (const field of line.fields) {
      const name = field.value.trim();
      if (name !== '') out.push({ field, name, section: name.startsWith('@') ? undefined : doc.section(name) });
    }
  }
  return out;
}

/** Lower-case file name → its [SourceDisksFiles] entry on `arch` ([SourceDisksFiles.<arch>] first). */
function sourceFilesOn(doc: InfDocument, arch: string): Map<string, SourceDiskFile> {
  return new Map(readSourceDisksFiles(doc, arch).map((e) => [e.file.trim().toLowerCase(), e]));
}

/** A disk id as a number: decimal, or C notation; undefined when it is not a non-negative integer. */
function diskNumber(text: string | undefined): number | undefined {
  const t = (text ?? '').trim();
  if (t === '') return undefined;
  const n = /^\d+$/.test(t) ? Number(t) : infInt(t);
  return n !== undefined && n >= 0 ? n : undefined;
}

/** A relative path compared as Windows does: separators unified, `.` and empty parts dropped, lower case. */
function normalPath(text: string | null | undefined): string {
  return (text ?? '')
    .split(/[\\/]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '' && p !== '.')
    .join('\\')
    .toLowerCase();
}

/** Where an architecture's [SourceDisksFiles] entry puts a file, relative to the INF: disk path + subdir. */
function sourceDirOf(file: SourceDiskFile, disks: Map<number, string | null>): string | undefined {
  const id = diskNumber(file.line.key === null ? undefined : file.line.fields[0]?.value);
  if (id === undefined || !disks.has(id)) return undefined;
  return normalPath([disks.get(id) ?? '', file.subdir ?? ''].join('\\'));
}

/** Disk id → path of [SourceDisksNames.<arch>] and [SourceDisksNames]. */
function disksOn(doc: InfDocument, arch: string): Map<number, string | null> {
  const out = new Map<number, string | null>();
  for (const disk of readSourceDisksNames(doc, arch)) {
    const id = diskNumber(disk.diskIdText);
    if (id !== undefined && !out.has(id)) out.set(id, disk.path);
  }
  return out;
}

const DIRID_PATHS = standardDirids({ sourcePath: '<source>', driverStorePackage: '<package>' });

/** A destination directory as one comparable string: the DIRID's path (or its number) and the subdirectory. */
function destinationKey(dir: DestinationDir): string | undefined {
  if (dir.dirid === undefined) return undefined;
  const base = DIRID_PATHS[dir.dirid] ?? `dirid ${dir.dirid}`;
  return normalPath(`${base}\\${dir.subdir ?? ''}`);
}

function diridName(dirid: number): string {
  const info = DIRIDS[dirid];
  return info ? `DIRID ${dirid} (${info.description})` : `DIRID ${dirid}`;
}

/** `[List]` or `CopyFiles=@file` for messages. */
function whereCopied(op: CopyOp): string {
  return op.list ? `[${op.list.name}]` : `CopyFiles=@${op.dest} in [${op.from.name}]`;
}

/** The document's [DestinationDirs] and its copies by architecture, worked out once per document. */
const copyModel = perDocument((doc: InfDocument) => ({ dirs: readDestinationDirs(doc), byArch: new Map<string, CopyOp[]>() }));

/** copiesOn for the document being validated, remembered. */
function copiesFor(doc: InfDocument, arch: string): CopyOp[] {
  const model = copyModel(doc);
  return getOrInsertComputed(model.byArch, arch, () => copiesOn(doc, arch, model.dirs));
}

/** Run `each` over the copies of every architecture checked; the same finding from two is reported once. */
function forEachCopy(ctx: RuleContext, each: (op: CopyOp, arch: string) => void): void {
  for (const arch of ctx.arches) for (const op of copiesFor(ctx.doc, arch)) each(op, arch);
}

// ---------------------------------------------------------------- [SourceDisksNames] / [SourceDisksFiles]

const missingDiskId: Rule = {
  code: 'INF1008',
  description:
    'Each [SourceDisksFiles] entry must give the number of the disk its file is on (`file = diskid[,subdir]`), ' +
    'and each [SourceDisksNames] entry must be keyed by a disk number (a non-negative integer). An entry ' +
    'without one, or with text that is not a number, leaves Windows no disk to take the file from.',
  fix: 'Write `file.sys = 1` with the number of a disk of [SourceDisksNames].',
  bad: '[SourceDisksNames]\n1 = %Disk%\n\n[SourceDisksFiles]\nsample.sys',
  good: '[SourceDisksNames]\n1 = %Disk%\n\n[SourceDisksFiles]\nsample.sys = 1',
  check(ctx) {
    for (const section of sectionsWithBase(ctx.doc, 'SourceDisksFiles')) {
      for (const line of section.lines) {
        const name = (line.key ?? line.fields[0]?.value ?? '').trim();
        if (name === '' || isMisreadNoBreakSpace(name)) continue;
        const disk = line.key === null ? undefined : line.fields[0];
        const text = disk?.value.trim() ?? '';
        if (hasUnresolvedToken(disk)) continue; // INF1235
        if (text === '') ctx.report(disk ?? line, `${name} under [${section.name}] gives no disk id`);
        else if (diskNumber(text) === undefined)
          ctx.report(disk, `${name} under [${section.name}] has disk id "${text}", which is not a disk number`);
      }
    }
    for (const section of sectionsWithBase(ctx.doc, 'SourceDisksNames')) {
      for (const line of section.lines) {
        if (line.keyField === null || hasUnresolvedToken(line.keyField)) continue;
        const text = line.keyField.value.trim();
        if (diskNumber(text) === undefined)
          ctx.report(line.keyField, `disk id "${text}" under [${section.name}] is not a non-negative integer`);
      }
    }
  },
};

const diskNotListed: Rule = {
  code: 'INF1273',
  description:
    'A [SourceDisksFiles] entry names a disk that [SourceDisksNames] does not list. For [SourceDisksFiles.<arch>] ' +
    'the disk must be in [SourceDisksNames.<arch>] or [SourceDisksNames]; an undecorated [SourceDisksFiles] entry ' +
    'must find its disk on every architecture the INF targets (a disk listed only in [SourceDisksNames.x86] is ' +
    'missing for amd64).',
  fix: 'Add the disk to [SourceDisksNames] (`2 = %Disk2%`), or give the file the number of a listed disk.',
  bad: '[SourceDisksNames]\n1 = %Disk%\n\n[SourceDisksFiles]\nsample.sys = 2',
  good: '[SourceDisksNames]\n1 = %Disk%\n\n[SourceDisksFiles]\nsample.sys = 1',
  check(ctx) {
    const { doc } = ctx;
    const disks = new Map<string, Map<number, string | null>>();
    const disksFor = (arch: string): Map<number, string | null> => getOrInsertComputed(disks, arch, () => disksOn(doc, arch));
    // Lower-case names each [SourceDisksFiles.<arch>] lists: there, they hide the undecorated entry.
    const decoratedNames = new Map<string, Set<string>>();
    const listedFor = (arch: string): Set<string> =>
      getOrInsertComputed(decoratedNames, arch, () => {
        const lines = doc.section(`SourceDisksFiles.${arch}`)?.lines ?? [];
        return new Set(lines.flatMap((l) => (l.key === null ? [] : [l.key.trim().toLowerCase()])));
      });
    for (const section of sectionsWithBase(doc, 'SourceDisksFiles')) {
      const decoration = section.name.slice('SourceDisksFiles'.length + 1).toLowerCase();
      const arches = decoration === '' ? ctx.arches : (ARCHITECTURES as readonly string[]).includes(decoration) ? [decoration] : null;
      if (arches === null) continue; // not an architecture: SetupAPI never reads it
      for (const line of section.lines) {
        const disk = line.key === null ? undefined : line.fields[0];
        const id = diskNumber(disk?.value);
        if (id === undefined) continue; // INF1008
        // On an architecture whose own [SourceDisksFiles.<arch>] lists the file, this entry is not used.
        const missingOn = arches.find(
          (arch) => !disksFor(arch).has(id) && !(decoration === '' && listedFor(arch).has(line.key!.trim().toLowerCase())),
        );
        if (missingOn === undefined) continue;
        const names = doc.hasSection(`SourceDisksNames.${missingOn}`)
          ? `[SourceDisksNames.${missingOn}] or [SourceDisksNames]`
          : '[SourceDisksNames]';
        const forArch = decoration === '' && ctx.arches.length > 1 ? ` (for ${missingOn})` : '';
        ctx.report(disk, `source file ${line.key!.trim()} is on disk ${id}, which ${names} does not list${forArch}`);
      }
    }
  },
};

const catalogInSourceDisks: Rule = {
  code: 'INF1213',
  description:
    'A catalog file (.cat) is listed in [SourceDisksFiles]. The catalog is named only by CatalogFile in [Version], ' +
    'where Windows finds it; it is not a source file to copy.',
  fix: 'Remove the .cat line from [SourceDisksFiles] (and any CopyFiles of it); keep `CatalogFile = name.cat` in [Version].',
  bad: '[SourceDisksFiles]\nsample.sys = 1\nsample.cat = 1',
  good: '[SourceDisksFiles]\nsample.sys = 1',
  check(ctx) {
    for (const section of sectionsWithBase(ctx.doc, 'SourceDisksFiles')) {
      for (const line of section.lines) {
        const field = line.keyField ?? line.fields[0];
        if (field && /\.cat$/i.test(field.value.trim()))
          ctx.report(
            field,
            `catalog file ${field.value.trim()} is listed under [${section.name}]; name it only with CatalogFile in [Version]`,
          );
      }
    }
  },
};

/** A compressed name as makecab/compress writes it: the last character of the extension replaced by `_`. */
const COMPRESSED_NAME = /\.[^.\\/]{0,2}_$/;

const compressedName: Rule = {
  code: 'INF1231',
  description:
    '[SourceDisksFiles] must list files by their uncompressed names (`sample.sys`), not the compressed name ' +
    'on old distribution media (`sample.sy_`). Windows finds and expands compressed files by itself.',
  fix: 'List the file by its real name, the one CopyFiles copies.',
  bad: '[SourceDisksFiles]\nsample.sy_ = 1',
  good: '[SourceDisksFiles]\nsample.sys = 1',
  check(ctx) {
    // Copied names by everything but their last character, to name the file meant (built when first needed).
    let copied: Map<string, string> | undefined;
    const copiedAs = (stem: string): string | undefined => {
      if (!copied) {
        copied = new Map();
        forEachCopy(ctx, (op) => {
          if (!op.source.endsWith('_')) copied!.set(op.source.slice(0, -1).toLowerCase(), op.source);
        });
      }
      return copied.get(stem);
    };
    for (const section of sectionsWithBase(ctx.doc, 'SourceDisksFiles')) {
      for (const line of section.lines) {
        const field = line.keyField ?? line.fields[0];
        const name = field?.value.trim() ?? '';
        if (!COMPRESSED_NAME.test(name)) continue;
        const real = copiedAs(name.slice(0, -1).toLowerCase());
        ctx.report(field, `${name} under [${section.name}] is a compressed name; list the uncompressed file${real ? ` ${real}` : ''}`);
      }
    }
  },
};

/** Characters Windows does not allow in a path (besides the separators), and control characters. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: Windows forbids 0x00-0x1F in file names; matching them is the point.
const BAD_PATH_CHARS = /[<>"|?*:\x00-\x1f]/;

const malformedPath: Rule = {
  code: 'INF1015',
  description:
    'A path that must be relative — the path of a disk in [SourceDisksNames], the subdirectory of a file in ' +
    '[SourceDisksFiles], the subdirectory of a [DestinationDirs] entry — holds a character Windows does not ' +
    'allow in a path (`< > " | ? * :` or a control character), or a drive letter.',
  fix: 'Write the path relative to its root, with `\\` between its parts: `\\x64`, `Contoso\\Tools`.',
  bad: '[SourceDisksNames]\n1 = %Disk%,,,C:\\drivers',
  good: '[SourceDisksNames]\n1 = %Disk%,,,\\drivers',
  check(ctx) {
    const { doc } = ctx;
    const check = (field: InfField | undefined, what: string, section: string): void => {
      const value = field?.value.trim() ?? '';
      // A token left as written is INF1235's finding, not a malformed path.
      if (value !== '' && BAD_PATH_CHARS.test(value.replace(/%[^%\s]*%/g, '')))
        ctx.report(field, `${what} path "${value}" in [${section}] is not a valid relative path`);
    };
    for (const section of sectionsWithBase(doc, 'SourceDisksNames')) {
      for (const line of section.lines) if (line.keyField) check(line.fields[3], 'source disk', section.name);
    }
    for (const section of sectionsWithBase(doc, 'SourceDisksFiles')) {
      for (const line of section.lines) if (line.keyField) check(line.fields[1], 'source subdirectory', section.name);
    }
    for (const entry of readDestinationDirs(doc).entries) check(entry.line.fields[1], 'destination subdirectory', 'DestinationDirs');
  },
};

// ---------------------------------------------------------------- CopyFiles and [SourceDisksFiles]

const fileNotInSourceDisks: Rule = {
  code: 'INF1230',
  description:
    'A file copied by CopyFiles (from a file list or as `@file`) has no [SourceDisksFiles] entry on an ' +
    'architecture the INF targets: neither [SourceDisksFiles.<arch>] nor [SourceDisksFiles] lists it. The ' +
    'frequent cause is a file listed only in [SourceDisksFiles.x86] (or .amd64) while the INF also installs on ' +
    'another architecture. Only install sections used on that architecture count (not `[X.NTx86]` on amd64). ' +
    'INFs with a LayoutFile entry in [Version] take their file list from that layout file and are not checked.',
  fix: 'Add the file to [SourceDisksFiles] (or to the [SourceDisksFiles.<arch>] of each architecture) with its disk number.',
  bad: '[Install.NT]\nCopyFiles = Files\n\n[Files]\nsample.sys\n\n[SourceDisksFiles]\nother.sys = 1',
  good: '[Install.NT]\nCopyFiles = Files\n\n[Files]\nsample.sys\n\n[SourceDisksFiles]\nsample.sys = 1',
  check(ctx) {
    const { doc } = ctx;
    if (readVersion(doc).layoutFiles.length > 0) return;
    // Lower-case name → the [SourceDisksFiles*] sections that list it, for the message.
    const listedIn = new Map<string, string[]>();
    for (const section of sectionsWithBase(doc, 'SourceDisksFiles')) {
      for (const line of section.lines) {
        const name = (line.key ?? line.fields[0]?.value ?? '').trim().toLowerCase();
        if (name !== '') listedIn.set(name, [...(listedIn.get(name) ?? []), section.name]);
      }
    }
    const files = new Map(ctx.arches.map((a) => [a, sourceFilesOn(doc, a)]));
    forEachCopy(ctx, (op, arch) => {
      const key = op.source.toLowerCase();
      if (files.get(arch)!.has(key)) return;
      const elsewhere = listedIn.get(key);
      ctx.report(
        op.sourceAt,
        elsewhere
          ? `file ${op.source} is copied on ${arch} but listed only under [${elsewhere.join('], [')}]; add it to [SourceDisksFiles] or [SourceDisksFiles.${arch}]`
          : `file ${op.source} is copied but not listed in [SourceDisksFiles]`,
      );
    });
  },
};

const renamedInDriverStore: Rule = {
  code: 'INF1100',
  description:
    'Files copied to DIRID 13 stay where the driver store keeps the package, so a copy there must keep the ' +
    "file's name and its place in the package: the destination subdirectory ([DestinationDirs] `13,subdir`) " +
    "must be the source's ([SourceDisksNames] path and [SourceDisksFiles] subdirectory, per architecture), and " +
    'the destination name must be the source name.',
  fix: 'Give the [DestinationDirs] entry the subdirectory the file has in the package (`Files = 13,x64`), and do not rename files copied to DIRID 13.',
  bad: '[DestinationDirs]\nFiles = 13,bin\n\n[SourceDisksNames]\n1 = %Disk%\n\n[SourceDisksFiles]\nsample.sys = 1,x64\n\n[Install.NT]\nCopyFiles = Files\n\n[Files]\nsample.sys',
  good: '[DestinationDirs]\nFiles = 13,x64\n\n[SourceDisksNames]\n1 = %Disk%\n\n[SourceDisksFiles]\nsample.sys = 1,x64\n\n[Install.NT]\nCopyFiles = Files\n\n[Files]\nsample.sys',
  check(ctx) {
    const { doc } = ctx;
    const files = new Map(ctx.arches.map((a) => [a, sourceFilesOn(doc, a)]));
    const disks = new Map(ctx.arches.map((a) => [a, disksOn(doc, a)]));
    const reported = new Set<InfField>(); // once per entry, for the first architecture where it differs
    forEachCopy(ctx, (op, arch) => {
      if (op.dir?.dirid !== 13 || reported.has(op.at)) return;
      if (op.dest.toLowerCase() !== op.source.toLowerCase()) {
        reported.add(op.at);
        ctx.report(
          op.at,
          `source and destination name must match for ${op.source} copied to DIRID 13: ${whereCopied(op)} renames it to ${op.dest}`,
        );
        return;
      }
      const file = files.get(arch)!.get(op.source.toLowerCase());
      const sourceDir = file && sourceDirOf(file, disks.get(arch)!);
      if (sourceDir === undefined) return; // INF1230 / INF1273
      const destDir = normalPath(op.dir.subdir);
      if (sourceDir !== destDir) {
        reported.add(op.at);
        ctx.report(
          op.at,
          `source and destination directory must match for ${op.source} copied to DIRID 13: it is in ${sourceDir === '' ? 'the package root' : `${sourceDir}\\`} but goes to ${destDir === '' ? 'the package root' : `${destDir}\\`}`,
        );
      }
    });
  },
};

const conflictingCopies: Rule = {
  code: 'INF1330',
  description:
    'Two different source files are copied to one destination file (the same directory and name), e.g. ' +
    '`driver.sys,driver_a.sys` in one file list and `driver.sys,driver_b.sys` in another. When Windows copies ' +
    'the files of every install section in advance (offline imaging, several devices on one driver), the last ' +
    "copy wins. Destinations are resolved through [DestinationDirs] (the list's entry, else DefaultDestDir), " +
    'DIRIDs and subdirectories, per architecture.',
  fix: 'Copy each source under its own name and tell the driver which to use through an HKR registry value (see InfVerif error 1330).',
  bad: '[DestinationDirs]\nDefaultDestDir = 13\n\n[A.NT]\nCopyFiles = Files_A\n\n[B.NT]\nCopyFiles = Files_B\n\n[Files_A]\nsample.sys,sample_a.sys\n\n[Files_B]\nsample.sys,sample_b.sys',
  good: '[DestinationDirs]\nDefaultDestDir = 13\n\n[A.NT]\nCopyFiles = Files_A\n\n[B.NT]\nCopyFiles = Files_B\n\n[Files_A]\nsample_a.sys\n\n[Files_B]\nsample_b.sys',
  check(ctx) {
    for (const arch of ctx.arches) {
      const first = new Map<string, CopyOp>();
      for (const op of copiesFor(ctx.doc, arch)) {
        const dir = op.dir && destinationKey(op.dir);
        if (dir === undefined) continue; // INF1275 / INF1243
        const key = `${dir}\\${op.dest.toLowerCase()}`;
        const earlier = first.get(key);
        if (!earlier) first.set(key, op);
        else if (earlier.source.toLowerCase() !== op.source.toLowerCase()) {
          ctx.report(
            op.at,
            `cannot copy different source files ${earlier.source} (${whereCopied(earlier)}) and ${op.source} (${whereCopied(op)}) to one destination file ${op.dest}`,
          );
        }
      }
    }
  },
};

// ---------------------------------------------------------------- [DestinationDirs]

const noDestination: Rule = {
  code: 'INF1275',
  description:
    'A file list named by CopyFiles, DelFiles or RenFiles has no [DestinationDirs] entry and [DestinationDirs] ' +
    'has no DefaultDestDir, so Windows does not know where its files go; the same for `CopyFiles=@file` without ' +
    'DefaultDestDir. In an INF that uses Include=, it is only a warning.',
  fix: 'Add `ListName = 13` (or `DefaultDestDir = 13`) to [DestinationDirs].',
  bad: '[DestinationDirs]\nOther_Files = 13\n\n[Install.NT]\nCopyFiles = Files\n\n[Files]\nsample.sys',
  good: '[DestinationDirs]\nFiles = 13\n\n[Install.NT]\nCopyFiles = Files\n\n[Files]\nsample.sys',
  check(ctx) {
    const dirs = readDestinationDirs(ctx.doc);
    const lenient = includesOtherInfs(ctx.doc) ? 'warning' : undefined;
    for (const kind of ['copyfiles', 'delfiles', 'renfiles']) {
      const directive = kind === 'copyfiles' ? 'CopyFiles' : kind === 'delfiles' ? 'DelFiles' : 'RenFiles';
      for (const { field, name, section } of listsNamedBy(ctx.doc, kind)) {
        if (name.startsWith('@')) {
          if (!dirs.defaultDestDir) ctx.report(field, `${directive} ${name} needs a DefaultDestDir in [DestinationDirs]`, lenient);
        } else if (section && !dirs.forSection(name)) {
          ctx.report(field, `${directive} list [${section.name}] is not listed in [DestinationDirs], which has no DefaultDestDir`, lenient);
        }
      }
    }
  },
};

/** What is wrong with a DIRID as a destination: 'user' (user-defined), 'unknown', 'invalid', or null. */
function diridProblem(dir: DestinationDir): 'user' | 'unknown' | 'invalid' | null {
  const text = dir.diridText.trim();
  if (text === '' || dir.dirid === undefined) return 'invalid';
  const id = dir.dirid;
  if (id === -1 || id === 0xffff || id in DIRIDS) return null;
  if (id < -1) return 'invalid';
  if ((id >= DIRID_USER && id < 0xffff) || id > 0xffff) return 'user';
  return isKnownDirid(id) ? null : 'unknown';
}

function diridRule(
  code: 'INF1241' | 'INF1242' | 'INF1243',
  problem: 'user' | 'unknown' | 'invalid',
  rest: Omit<Rule, 'code' | 'check'>,
): Rule {
  return {
    code,
    ...rest,
    check(ctx) {
      forEachCopy(ctx, (op) => {
        if (!op.dir || diridProblem(op.dir) !== problem) return;
        const text = op.dir.diridText.trim();
        const what = problem === 'user' ? 'user-defined DIRID' : problem === 'unknown' ? 'DIRID' : 'DIRID value';
        const why =
          problem === 'user'
            ? 'is set only at install time (SetupSetDirectoryId), so it cannot be resolved'
            : problem === 'unknown'
              ? 'is not a directory Windows defines'
              : 'is not a valid directory id';
        ctx.report(
          op.at,
          `${what} ${text === '' ? '(empty)' : text} of [DestinationDirs] ${op.dir.key} for source file ${op.source} in ${whereCopied(op)} ${why}`,
        );
      });
    },
  };
}

const userDirid = diridRule('INF1241', 'user', {
  description:
    "A copied file's destination DIRID ([DestinationDirs]) is user-defined (32768-65534, or 65536 and up, " +
    'other than the printer DIRIDs 66000-66004). Such a DIRID exists only once an installer sets it with ' +
    'SetupSetDirectoryId, so the destination cannot be resolved from the INF.',
  fix: 'Use a DIRID Windows defines, normally 13 (the driver store).',
  bad: '[DestinationDirs]\nDefaultDestDir = 32768\n\n[Install.NT]\nCopyFiles = @sample.sys',
  good: '[DestinationDirs]\nDefaultDestDir = 13\n\n[Install.NT]\nCopyFiles = @sample.sys',
});

const unknownDirid = diridRule('INF1242', 'unknown', {
  description:
    "A copied file's destination DIRID ([DestinationDirs]) is a number in the system range (1-32767) that names " +
    'no directory: not one of the documented DIRIDs (10, 11, 12, 13, 17, ...), nor a shell folder (16384 + CSIDL).',
  fix: 'Use a documented DIRID, normally 13 (the driver store).',
  bad: '[DestinationDirs]\nDefaultDestDir = 14\n\n[Install.NT]\nCopyFiles = @sample.sys',
  good: '[DestinationDirs]\nDefaultDestDir = 13\n\n[Install.NT]\nCopyFiles = @sample.sys',
});

const invalidDirid = diridRule('INF1243', 'invalid', {
  description:
    "A copied file's destination DIRID ([DestinationDirs]) is not a DIRID at all: empty, text that is not a number " +
    '(`System32`, `%11%`), or a negative number other than -1.',
  fix: 'Write the DIRID as a number, e.g. `DefaultDestDir = 13`.',
  bad: '[DestinationDirs]\nDefaultDestDir = System32\n\n[Install.NT]\nCopyFiles = @sample.sys',
  good: '[DestinationDirs]\nDefaultDestDir = 13\n\n[Install.NT]\nCopyFiles = @sample.sys',
});

/** DIRIDs deprecated for driver packages as of Windows 11 24H2 (using-dirids.md's "Release Deprecated" column). */
const DEPRECATED_DIRIDS = new Set([
  1, 17, 18, 20, 21, 24, 25, 30, 50, 53, 54, -1, 0xffff, 16406, 16407, 16408, 16409, 16415, 16419, 16429, 16430,
]);

const deprecatedDirid: Rule = {
  code: 'INF1340',
  description:
    'A [DestinationDirs] entry uses a DIRID that is deprecated for driver packages (as of Windows 11 24H2): 1 ' +
    '(the source), 17 (INF), 18 (Help), 20 (Fonts), 21, 24, 25, 30, 50, 53, 54, -1 (absolute path), and the ' +
    'shell folders 16406-16409, 16415, 16419, 16429 and 16430.',
  fix: 'Copy the files to DIRID 13 (the driver store) and run them from there.',
  bad: '[DestinationDirs]\nDefaultDestDir = 17',
  good: '[DestinationDirs]\nDefaultDestDir = 13',
  check(ctx) {
    for (const entry of readDestinationDirs(ctx.doc).entries) {
      if (entry.dirid !== undefined && DEPRECATED_DIRIDS.has(entry.dirid)) {
        ctx.report(entry.line.fields[0], `DIRID ${entry.diridText.trim()} of [DestinationDirs] ${entry.key} is no longer allowed`);
      }
    }
  },
};

/** The DIRIDs InfVerif /h still lets a destination use besides 13 (infverif_h.md, "File Paths"). */
const HLK_ALLOWED_DIRIDS = new Set([10, 11, 12, 23, 51, 52, 55, 16422, 16425, 16426, 16427, 16428, 66000, 66001, 66002, 66003, 66004]);

const outsideDriverStore: Rule = {
  code: 'INF1322',
  description:
    'A Windows Driver package runs its files from the driver store: every copied file must go to DIRID 13 ' +
    '(driver package isolation), not to System32, drivers or elsewhere. InfVerif /h (hlk mode) still lets ' +
    'files go to the DIRIDs infverif_h.md lists as exceptions: 10, 11, 12, 23, 51, 52, 55, 16422, 16425-16428 ' +
    'and 66000-66004.',
  fix: 'Use `DefaultDestDir = 13` (and 13 for every entry of [DestinationDirs]) and load files from there.',
  bad: '[DestinationDirs]\nDefaultDestDir = 17\n\n[Install.NT]\nCopyFiles = @sample.sys',
  good: '[DestinationDirs]\nDefaultDestDir = 13\n\n[Install.NT]\nCopyFiles = @sample.sys',
  check(ctx) {
    forEachCopy(ctx, (op) => {
      const dirid = op.dir?.dirid;
      if (dirid === undefined || dirid === 13) return; // no destination: INF1275, INF1243
      if (ctx.mode === 'hlk' && HLK_ALLOWED_DIRIDS.has(dirid)) return;
      const where = `${diridName(dirid)}${op.dir!.subdir ? `\\${op.dir!.subdir}` : ''}`;
      // InfVerif points at the file list (its header); `@file` at the directive.
      ctx.report(op.list ?? op.at, `${op.dest} (${whereCopied(op)}) is copied to ${where}, outside the driver store (DIRID 13)`);
    });
  },
};

const securityInDriverStore: Rule = {
  code: 'INF1101',
  description:
    'A file list copied to DIRID 13 has a `[<list>.security]` section. Files in the driver store get the ' +
    "store's own security; a security descriptor cannot be applied to them.",
  fix: 'Remove the .security section of the file list.',
  bad: '[DestinationDirs]\nFiles = 13\n\n[Install.NT]\nCopyFiles = Files\n\n[Files]\nsample.sys\n\n[Files.security]\n"D:P(A;;GA;;;SY)"',
  good: '[DestinationDirs]\nFiles = 13\n\n[Install.NT]\nCopyFiles = Files\n\n[Files]\nsample.sys',
  check(ctx) {
    const dirs = readDestinationDirs(ctx.doc);
    for (const { name, section } of listsNamedBy(ctx.doc, 'copyfiles')) {
      if (!section || dirs.forSection(name)?.dirid !== 13) continue;
      const security = ctx.doc.section(`${section.name}.security`);
      if (security)
        ctx.report(security, `[${security.name}] sets a security descriptor on files copied to DIRID 13, which cannot have one`);
    }
  },
};

const editInDriverStore: Rule = {
  code: 'INF1102',
  description:
    'DelFiles or RenFiles names a file list whose destination is DIRID 13. Files in the driver store belong to ' +
    'the package and Windows removes them with it; an INF must not delete or rename them.',
  fix: 'Remove the DelFiles/RenFiles directive; to change a file, ship it under its new name.',
  bad: '[DestinationDirs]\nOld_Files = 13\n\n[Install.NT]\nDelFiles = Old_Files\n\n[Old_Files]\nold.sys',
  good: '[DestinationDirs]\nOld_Files = 12\n\n[Install.NT]\nDelFiles = Old_Files\n\n[Old_Files]\nold.sys',
  check(ctx) {
    const dirs = readDestinationDirs(ctx.doc);
    for (const kind of ['delfiles', 'renfiles']) {
      const directive = kind === 'delfiles' ? 'DelFiles' : 'RenFiles';
      for (const { field, name, section } of listsNamedBy(ctx.doc, kind)) {
        const dir = name.startsWith('@') ? dirs.defaultDestDir : section ? dirs.forSection(name) : undefined;
        if (dir?.dirid === 13)
          ctx.report(
            field,
            `${directive} cannot be used with DIRID 13: ${name.startsWith('@') ? name.slice(1) : `[${section!.name}]`} is in the driver store`,
          );
      }
    }
  },
};

// ---------------------------------------------------------------- entries and other file paths

const missingFileName: Rule = {
  code: 'INF1229',
  description:
    'An entry of a file list names no file: a CopyFiles or DelFiles line whose first field is empty ' +
    '(`,source.sys`), a RenFiles line without its new or old name, or `CopyFiles=@` with nothing after the `@`.',
  fix: 'Write the file name: `dest.sys[,source.sys]` for CopyFiles, `new.sys,old.sys` for RenFiles.',
  bad: '[DestinationDirs]\nDefaultDestDir = 13\n\n[Install.NT]\nCopyFiles = Files\n\n[Files]\n,sample.sys',
  good: '[DestinationDirs]\nDefaultDestDir = 13\n\n[Install.NT]\nCopyFiles = Files\n\n[Files]\nsample.sys',
  check(ctx) {
    const seen = new Set<InfSection>();
    for (const kind of ['copyfiles', 'delfiles', 'renfiles']) {
      const directive = kind === 'copyfiles' ? 'CopyFiles' : kind === 'delfiles' ? 'DelFiles' : 'RenFiles';
      for (const { field, name, section } of listsNamedBy(ctx.doc, kind)) {
        if (name.startsWith('@')) {
          if (name.slice(1).trim() === '') ctx.report(field, `${directive}=@ names no file`);
          continue;
        }
        if (!section || seen.has(section)) continue;
        seen.add(section);
        for (const line of section.lines) {
          const fields = line.fields;
          if (fields.some((f) => isMisreadNoBreakSpace(f.value))) continue; // INF9003
          const first = fields[0]?.value.trim() ?? '';
          if (kind === 'renfiles') {
            const old = fields[1]?.value.trim() ?? '';
            if (first === '' || old === '')
              ctx.report(line, `missing ${first === '' ? 'new' : 'old'} file name on a RenFiles entry of [${section.name}]`);
          } else if (first === '') {
            ctx.report(
              line,
              `missing ${kind === 'copyfiles' ? 'destination file' : 'file'} name on a ${directive} entry of [${section.name}]`,
            );
          }
        }
      }
    }
  },
};

const copyInfNotInf: Rule = {
  code: 'INF1110',
  description: 'CopyINF copies other INF files of the package into the driver store; every file it names must be an .inf file.',
  fix: 'Name only .inf files in CopyINF; copy other files with CopyFiles.',
  bad: '[Install.NT]\nCopyINF = sample.sys',
  good: '[Install.NT]\nCopyINF = sample_component.inf',
  check(ctx) {
    for (const { line } of linesOfDirective(ctx.doc, 'copyinf')) {
      for (const field of line.fields) {
        const name = field.value.trim();
        if (name !== '' && !/\.inf$/i.test(name))
          ctx.report(field, `CopyINF cannot name ${name}: only INF files can be copied with CopyINF`);
      }
    }
  },
};

/** A path that starts at a drive, a root, a share, or a DIRID: not relative to the package. */
function isAbsolute(path: string): boolean {
  return /^([a-z]:|[\\/]|%-?\d+%)/i.test(path.trim());
}

const absoluteSoftwareBinary: Rule = {
  code: 'INF1141',
  description:
    'SoftwareBinary in a software-install section (AddSoftware) gives the program to run, as a path relative to ' +
    'the driver package in the driver store (Windows runs `<DriverStorePath>\\<SoftwareBinary>`). A drive, a ' +
    'root, a share or a DIRID makes it absolute.',
  fix: "Give the file's path inside the package (`SoftwareBinary = ContosoSetup.exe`) and copy it to DIRID 13.",
  bad: '[Install.NT.Software]\nAddSoftware = ContosoTool,,Tool_Software\n\n[Tool_Software]\nSoftwareType = 1\nSoftwareBinary = %11%\\ContosoSetup.exe\nSoftwareVersion = 1.0.0.0',
  good: '[Install.NT.Software]\nAddSoftware = ContosoTool,,Tool_Software\n\n[Tool_Software]\nSoftwareType = 1\nSoftwareBinary = ContosoSetup.exe\nSoftwareVersion = 1.0.0.0',
  check(ctx) {
    const seen = new Set<InfSection>();
    for (const { line } of linesOfDirective(ctx.doc, 'addsoftware')) {
      const section = ctx.doc.section(line.fields[2]?.value.trim() ?? '');
      if (!section || seen.has(section)) continue;
      seen.add(section);
      for (const entry of section.lines) {
        const value = entry.fields[0];
        if (entry.key?.trim().toLowerCase() === 'softwarebinary' && value && isAbsolute(value.value)) {
          ctx.report(value, `device software binary ${value.value.trim()} must be a path relative to the driver package`);
        }
      }
    }
  },
};

const unisolatedLogFile: Rule = {
  code: 'INF1326',
  description:
    'The FileName of an AutoLogger session (the add-autologger-install-section of AddAutoLogger in ' +
    '[DDInstall.Events]) must be a file under the DriverData directory: `%%DriverData%%\\Company\\name.etl`.',
  fix: 'Write `FileName = %%DriverData%%\\Contoso\\Session.etl`.',
  bad: '[Install.NT.Events]\nAddAutoLogger = ContosoLog,{4b8b1947-ae4d-54e2-826a-1aee78ef05b2},Log_Inst\n\n[Log_Inst]\nStart = 1\nFileName = %10%\\Logs\\Contoso.etl',
  good: '[Install.NT.Events]\nAddAutoLogger = ContosoLog,{4b8b1947-ae4d-54e2-826a-1aee78ef05b2},Log_Inst\n\n[Log_Inst]\nStart = 1\nFileName = %%DriverData%%\\Contoso\\Contoso.etl',
  check(ctx) {
    const seen = new Set<InfSection>();
    for (const { line } of linesOfDirective(ctx.doc, 'addautologger')) {
      const section = ctx.doc.section(line.fields[2]?.value.trim() ?? '');
      if (!section || seen.has(section)) continue;
      seen.add(section);
      for (const entry of section.lines) {
        const value = entry.fields[0];
        if (entry.key?.trim().toLowerCase() !== 'filename' || !value) continue;
        const path = value.value.trim();
        if (!/^%DriverData%\\[^\\]/i.test(path))
          ctx.report(value, `unisolated file path ${path}: AutoLogger FileName must be a file under %DriverData%`);
      }
    }
  },
};

/** DIRIDs whose directory Windows can name at run time, and how: `%11%` is `%SystemRoot%\System32`. */
const RUNTIME_PATHS = new Map<number, string>(
  Object.entries(DIRIDS).flatMap(([id, info]): Array<[number, string]> => {
    const t = info.template;
    if (t === null || Number(id) === 13) return [];
    const path = t
      .replace('{WINDIR}', '%SystemRoot%')
      .replace('{SYSTEMDRIVE}', '%SystemDrive%')
      .replace('{PROGRAMFILESX86}', '%ProgramFiles(x86)%')
      .replace('{PROGRAMFILES}', '%ProgramFiles%')
      .replace('{PROGRAMDATA}', '%ProgramData%');
    return /\{/.test(path) || path === '' ? [] : [[Number(id), path.replace(/\\$/, '')]];
  }),
);

/** FLG_ADDREG_TYPE_SZ, _MULTI_SZ and _EXPAND_SZ: the value types that hold text. */
const STRING_TYPES = new Set([0, 0x10000, 0x20000]);
const FLG_ADDREG_TYPE_MASK = 0xffff0001;
const FLG_ADDREG_KEYONLY = 0x10;

const diridInRegistry: Rule = {
  code: 'INF1258',
  description:
    'An AddReg string value holds a path built from a DIRID (`%11%\\sample.dll`). DIRIDs are resolved when ' +
    'the driver is added to a Windows image, which may be another machine or OS version (offline imaging, OS ' +
    'upgrade), so the stored path may be wrong where the value is read. A registry value should use a path ' +
    'Windows resolves at run time, such as %SystemRoot%\\System32. DIRID 13 (the driver store) is not reported.',
  fix: 'Write the value with an environment variable and REG_EXPAND_SZ: `HKR,,Path,0x00020000,"%%SystemRoot%%\\System32\\sample.dll"`.',
  bad: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR,,HelperPath,,%11%\\sample.dll',
  good: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR,,HelperPath,0x00020000,"%%SystemRoot%%\\System32\\sample.dll"',
  check(ctx) {
    for (const section of targetSections(ctx.doc, 'addreg')) {
      for (const line of section.lines) {
        const fields = allFields(line);
        const flags = infInt(fields[3]?.value.trim() ?? '');
        if (flags === undefined || (flags & FLG_ADDREG_KEYONLY) !== 0 || !STRING_TYPES.has((flags & FLG_ADDREG_TYPE_MASK) >>> 0)) continue;
        for (const value of fields.slice(4)) {
          if (!value.raw.includes('%')) continue;
          for (const token of stringTokens(value.raw)) {
            const runtime = /^\d+$/.test(token.name) ? RUNTIME_PATHS.get(Number(token.name)) : undefined;
            if (runtime === undefined) continue;
            const name = fields[2]?.value.trim() || '(default)';
            ctx.report(
              value,
              `file path "${value.value.trim()}" in value ${name} of [${section.name}] may be wrong in some installation scenarios (DIRID ${token.name} is resolved when the driver is added to an image); use ${runtime} instead`,
            );
            break;
          }
        }
      }
    }
  },
};

export const rules: Rule[] = [
  malformedPath,
  missingDiskId,
  renamedInDriverStore,
  securityInDriverStore,
  editInDriverStore,
  copyInfNotInf,
  absoluteSoftwareBinary,
  catalogInSourceDisks,
  missingFileName,
  fileNotInSourceDisks,
  compressedName,
  userDirid,
  unknownDirid,
  invalidDirid,
  diridInRegistry,
  diskNotListed,
  noDestination,
  outsideDriverStore,
  unisolatedLogFile,
  conflictingCopies,
  deprecatedDirid,
];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {
  INF1016:
    "InfVerif reports it when assembling a file's source path from [SourceDisksFiles] and [SourceDisksNames] fails for a reason the page does not name; the failures the INF text shows are reported as 1230 (no entry), 1273 (disk not listed), 1008 (no disk id) and 1015 (malformed path).",
  INF1103:
    "The page does not say which CopyFiles flags InfVerif refuses for which destination DIRID (Microsoft's samples copy to DIRID 13 with 0x2, 0x40 and 0x100 and pass), so no flag can be reported without guessing.",
  INF1328: 'The page does not say which file paths InfVerif replaces, nor with what; "could not be resolved" names no entry of the INF.',
  INF1341:
    'The page gives 1341 the same message and details as 1340 (a deprecated DIRID), without saying which uses of a DIRID it covers; infkit reports deprecated [DestinationDirs] DIRIDs as 1340.',
  INF2600:
    'The page does not say which entries of a display driver INF must point under which DIRID (file copies, ServiceBinary, or registry values such as UserModeDriverName), so the condition cannot be written down.',
  INF2601:
    "A second check with 2600's wording; the page does not say which entries of a display driver INF it covers or which DIRID it requires.",
};
