// CopyFiles / DelFiles / RenFiles (and RegisterDlls, UpdateInis) → file operations with
// real target paths. The target directory of a file-list section comes from
// [DestinationDirs] (its own entry, else DefaultDestDir, else System32 as SetupAPI falls
// back to); DIRIDs are resolved for the plan's system root. The source of each copied
// file comes from [SourceDisksFiles(.arch)] and [SourceDisksNames(.arch)].
import {
  copyFilesTargets,
  directivesNamed,
  readCopyFilesSection,
  readDelFilesSection,
  readDestinationDirs,
  readInstallSection,
  readRegisterDllsSection,
  readRenFilesSection,
  readSourceDisksFiles,
  readSourceDisksNames,
  readUpdateInisSection,
  type DestinationDir,
  type SourceDiskFile,
  type SourceDiskName,
} from '../inf/model.js';
import { foldCase } from '../inf/lexer.js';
import type { InfDocument } from '../inf/types.js';
import type { OperationSource } from './types.js';
import { type PlanState, fieldValue, flagsOf, listed, sourceOf } from './context.js';
import { joinWindowsPath, unsafe } from './paths.js';
import { getOrInsertComputed } from '../base/maps.js';

/** COPYFLG_* bits that make Windows finish the copy at the next boot. */
export const COPYFLG = {
  FORCE_FILE_IN_USE: 0x00000008,
  REPLACE_BOOT_FILE: 0x00001000,
} as const;

interface DestDir {
  dirid: number;
  /** Absolute Windows path. */
  path: string;
}

/** What one document says about files, read once per plan. */
interface FileTables {
  destinationDirs: ReturnType<typeof readDestinationDirs>;
  sourceFiles: Map<string, SourceDiskFile>;
  sourceNames: Map<string, SourceDiskName>;
}

const tables = new WeakMap<PlanState, Map<InfDocument, FileTables>>();

function fileTables(state: PlanState, doc: InfDocument): FileTables {
  const perDoc = getOrInsertComputed(tables, state, () => new Map<InfDocument, FileTables>());
  let t = perDoc.get(doc);
  if (!t) {
    const arch = state.env.target.arch;
    t = {
      destinationDirs: readDestinationDirs(doc),
      sourceFiles: new Map(readSourceDisksFiles(doc, arch).map((f) => [foldCase(f.file), f])),
      sourceNames: new Map(readSourceDisksNames(doc, arch).map((n) => [foldCase(n.diskIdText.trim()), n])),
    };
    perDoc.set(doc, t);
  }
  return t;
}

/** SetupAPI's destination of a file-list section (null: DefaultDestDir), DIRIDs resolved; null with a note when unknown. */
export function destinationDir(state: PlanState, doc: InfDocument, listSection: string | null): DestDir | null {
  const dirs = fileTables(state, doc).destinationDirs;
  const entry: DestinationDir | undefined = listSection === null ? dirs.defaultDestDir : dirs.forSection(listSection);
  if (!entry) return { dirid: 11, path: state.dirids[11]! };
  const source = sourceOf(doc, 'DestinationDirs', entry.line);
  if (entry.dirid === undefined) {
    state.note('error', 'PLAN_BAD_DIRID', `'${entry.diridText}' is not a DIRID; the files of [${entry.key}] are left out`, source);
    return null;
  }
  // DIRID -1: the subdirectory field is an absolute path.
  const base = entry.dirid === -1 ? '' : state.dirids[entry.dirid];
  if (base === undefined) {
    state.note(
      'warning',
      'PLAN_UNKNOWN_DIRID',
      `DIRID ${entry.dirid} is not a standard DIRID; the files of [${entry.key}] are left out`,
      source,
    );
    return null;
  }
  return { dirid: entry.dirid, path: joinWindowsPath(base, fieldValue(state, doc, entry.line.fields[1])) };
}

/** Where a source file is on the distribution media, from SourceDisksFiles/SourceDisksNames. */
function sourceDisk(state: PlanState, doc: InfDocument, file: string, source: OperationSource) {
  const t = fileTables(state, doc);
  const entry = t.sourceFiles.get(foldCase(file));
  if (!entry) {
    if (t.sourceFiles.size > 0) state.note('warning', 'PLAN_NO_SOURCE_DISK', `${file} is not listed in [SourceDisksFiles]`, source);
    return { disk: null, path: file };
  }
  const subdir = entry.subdir ?? '';
  const diskId = entry.line.fields[0]?.value.trim() ?? '';
  const name = t.sourceNames.get(foldCase(diskId));
  if (!name) {
    state.note(
      'warning',
      'PLAN_NO_SOURCE_DISK',
      `source disk ${diskId} of ${file} is not in [SourceDisksNames]`,
      sourceOf(doc, entry.section, entry.line),
    );
    return { disk: null, path: joinWindowsPath(subdir, file) };
  }
  const disk = { id: diskId, description: name.description, path: name.path ?? '' };
  // A disk path is relative to the root of the media, which is the INF's folder.
  return { disk, path: joinWindowsPath(joinWindowsPath(disk.path, subdir), file).replace(/^\\+/, '') };
}

/** A file name as written on a CopyFiles/DelFiles/RenFiles line must stay inside its directory. */
function checkName(name: string, dir: string, source: OperationSource): void {
  if (/^[\\/]|:|(^|[\\/])\.\.([\\/]|$)/.test(name)) {
    throw unsafe(`'${name}' would be written outside its destination directory ${dir}`, source);
  }
}

/** Each existing section a directive names; missing ones are noted. */
function eachNamedSection(
  state: PlanState,
  doc: InfDocument,
  installSection: string,
  directive: 'DelFiles' | 'RenFiles' | 'RegisterDlls' | 'UnregisterDlls' | 'UpdateInis',
  visit: (section: string) => void,
): void {
  for (const { value, line } of listed(doc, installSection, directive)) {
    const section = doc.section(value);
    if (section) visit(section.name);
    else
      state.note('warning', 'PLAN_SECTION_MISSING', `${directive} section [${value}] does not exist`, sourceOf(doc, installSection, line));
  }
}

function copyOne(
  state: PlanState,
  doc: InfDocument,
  dir: DestDir,
  dest: string,
  from: string,
  flags: number,
  source: OperationSource,
): void {
  checkName(dest, dir.path, source);
  const where = sourceDisk(state, doc, from, source);
  state.add({
    op: 'file-copy',
    sourceFile: from,
    sourceDisk: where.disk,
    sourcePath: where.path,
    target: joinWindowsPath(dir.path, dest),
    dirid: dir.dirid,
    flags,
    source,
  });
  if (flags & COPYFLG.REPLACE_BOOT_FILE) {
    state.add({ op: 'reboot', kind: 'reboot', source, reason: `COPYFLG_REPLACE_BOOT_FILE on ${dest}` });
  } else if (flags & COPYFLG.FORCE_FILE_IN_USE) {
    state.note('info', 'PLAN_REBOOT_IF_IN_USE', `${dest} is replaced at the next boot if it is in use (COPYFLG_FORCE_FILE_IN_USE)`, source);
  }
}

/** The file operations of an install section, in the order a file queue commits them: deletes, renames, copies. */
export function planFiles(state: PlanState, doc: InfDocument, installSection: string): void {
  eachNamedSection(state, doc, installSection, 'DelFiles', (list) => {
    const dir = destinationDir(state, doc, list);
    if (!dir) return;
    for (const entry of readDelFilesSection(doc, list)) {
      const source = sourceOf(doc, list, entry.line);
      checkName(entry.file, dir.path, source);
      state.add({ op: 'file-delete', target: joinWindowsPath(dir.path, entry.file), source });
    }
  });
  eachNamedSection(state, doc, installSection, 'RenFiles', (list) => {
    const dir = destinationDir(state, doc, list);
    if (!dir) return;
    for (const entry of readRenFilesSection(doc, list)) {
      const source = sourceOf(doc, list, entry.line);
      checkName(entry.newName, dir.path, source);
      checkName(entry.oldName, dir.path, source);
      const [from, to] = [entry.oldName, entry.newName].map((name) => joinWindowsPath(dir.path, name));
      state.add({ op: 'file-rename', from: from!, to: to!, source });
    }
  });
  for (const directive of directivesNamed(readInstallSection(doc, installSection), 'CopyFiles')) {
    for (const target of copyFilesTargets(directive)) {
      const at = sourceOf(doc, installSection, directive.line);
      if (target.kind === 'file') {
        // CopyFiles=@file: one file to DefaultDestDir.
        const dir = destinationDir(state, doc, null);
        const name = target.file.trim();
        if (dir) copyOne(state, doc, dir, name, name, 0, at);
        continue;
      }
      const listSection = doc.section(target.section);
      if (!listSection) {
        state.note('warning', 'PLAN_SECTION_MISSING', `CopyFiles section [${target.section}] does not exist`, at);
        continue;
      }
      const dir = destinationDir(state, doc, listSection.name);
      if (!dir) continue;
      for (const entry of readCopyFilesSection(doc, listSection.name)) {
        const source = sourceOf(doc, listSection.name, entry.line);
        copyOne(state, doc, dir, entry.destination.trim(), entry.source.trim(), flagsOf(entry.line.fields[3]?.value), source);
      }
    }
  }
}

/** RegisterDlls / UnregisterDlls: `dirid,[subdir],filename,flags[,...]` → the DLL to (un)register. */
export function planRegisterDlls(state: PlanState, doc: InfDocument, installSection: string): void {
  for (const directive of ['RegisterDlls', 'UnregisterDlls'] as const) {
    eachNamedSection(state, doc, installSection, directive, (section) => {
      for (const entry of readRegisterDllsSection(doc, section)) {
        const source = sourceOf(doc, section, entry.line);
        const base = entry.dirid === undefined ? undefined : state.dirids[entry.dirid];
        if (base === undefined) {
          state.note(
            'warning',
            'PLAN_UNKNOWN_DIRID',
            `DIRID '${entry.line.fields[0]?.value ?? ''}' of ${entry.filename} is not a standard DIRID; the line is skipped`,
            source,
          );
          continue;
        }
        const target = joinWindowsPath(joinWindowsPath(base, fieldValue(state, doc, entry.line.fields[1])), entry.filename);
        state.add({ op: 'register-dll', target, unregister: directive === 'UnregisterDlls', source });
      }
    });
  }
}

/** UpdateInis: `ini-file,ini-section[,old-entry][,new-entry][,flags]` → the entry written. */
export function planIniUpdates(state: PlanState, doc: InfDocument, installSection: string): void {
  eachNamedSection(state, doc, installSection, 'UpdateInis', (section) => {
    for (const entry of readUpdateInisSection(doc, section)) {
      if (entry.newEntry === null) continue;
      const source = sourceOf(doc, section, entry.line);
      state.add({
        op: 'ini-update',
        file: fieldValue(state, doc, entry.line.fields[0]),
        section: entry.iniSection,
        entry: entry.newEntry,
        source,
      });
    }
  });
}
