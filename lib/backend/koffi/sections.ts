// Running INF sections: SetupInstallFromInfSection + SetupInstallServicesFromInfSection with a
// file-queue callback that collects every failure (file and code) instead of prompting, or
// InstallHinfSection exactly as rundll32 runs it. The callback also commits the queues of
// class and interface-class installs.
import type { QueueFailure, Primitives } from '../types.js';
import { ERR } from '../winerror-table.js';
import { INVALID_HANDLE_VALUE, check, isValidHandle, lastError, type Ffi } from './ffi.js';
import { actualSection, hasSection, requireSection, sectionAsksReboot, withInf } from './inf.js';

const SPFILENOTIFY_DELETEERROR = 0x07;
const SPFILENOTIFY_RENAMEERROR = 0x0a;
const SPFILENOTIFY_COPYERROR = 0x0d;
const SPFILENOTIFY_NEEDMEDIA = 0x0e;
const SPFILENOTIFY_FILEOPDELAYED = 0x13;
const FILEOP_DOIT = 1;
const FILEOP_SKIP = 2;
/** Questions the default callback would ask a user; they come OR'ed into the high word. */
const SPFILENOTIFY_LANGMISMATCH = 0x10000;
const SPFILENOTIFY_TARGETEXISTS = 0x20000;
const SPFILENOTIFY_TARGETNEWER = 0x40000;

/** SPINST_ALL on Vista and later (includes SPINST_PROPERTIES). */
export const SPINST_ALL = 0x7ff;
const SP_COPY_NEWER_OR_SAME = 0x4;
const SW_HIDE = 0;

export interface QueueCallback {
  /** The registered PSP_FILE_CALLBACK_W to hand SetupAPI. */
  callback: unknown;
  /** The default callback's context (SetupInitDefaultQueueCallbackEx, without UI). */
  context: number;
  failures: QueueFailure[];
  /** A file operation was delayed until the next reboot (SPFILENOTIFY_FILEOPDELAYED). */
  rebootRequired: boolean;
}

/**
 * Runs `body` with a file-queue callback that records copy/delete/rename errors and missing
 * source files as failures and skips them (so the rest of the queue runs), notes delayed
 * operations, answers the overwrite questions itself, and defers everything else to
 * SetupDefaultQueueCallback without UI. The callback is unregistered and the context freed on
 * every path.
 */
function withQueueCallback<T>(ffi: Ffi, body: (q: QueueCallback) => T): T {
  const { koffi, api } = ffi;
  const context = api.SetupInitDefaultQueueCallbackEx(0, INVALID_HANDLE_VALUE, 0, 0, null) as number;
  if (!isValidHandle(context)) throw lastError(ffi, 'SetupInitDefaultQueueCallbackEx');
  const q: QueueCallback = { callback: null, context, failures: [], rebootRequired: false };
  const handler = (ctx: number, notification: number, param1: unknown, param2: unknown): number => {
    try {
      if (notification & (SPFILENOTIFY_LANGMISMATCH | SPFILENOTIFY_TARGETEXISTS | SPFILENOTIFY_TARGETNEWER)) {
        // Never a dialog on a test rig: keep a newer file already there, otherwise copy.
        return notification & SPFILENOTIFY_TARGETNEWER ? 0 : 1;
      }
      switch (notification) {
        case SPFILENOTIFY_COPYERROR:
        case SPFILENOTIFY_DELETEERROR:
        case SPFILENOTIFY_RENAMEERROR: {
          const paths = koffi.decode(param1, ffi.filePaths) as { Target: string | null; Source: string | null; Win32Error: number };
          // A copy names its source; a delete or rename its target.
          const file = notification === SPFILENOTIFY_COPYERROR ? (paths.Source ?? paths.Target) : (paths.Target ?? paths.Source);
          q.failures.push({ ...(file ? { file } : {}), code: paths.Win32Error });
          return FILEOP_SKIP;
        }
        case SPFILENOTIFY_NEEDMEDIA: {
          // With no UI there is nobody to insert a disk: a missing source file is a failure.
          const media = koffi.decode(param1, ffi.sourceMedia) as { SourcePath: string | null; SourceFile: string | null };
          let source = media.SourcePath ?? '';
          if (source !== '' && !source.endsWith('\\')) source += '\\';
          source += media.SourceFile ?? '';
          if ((api.GetFileAttributesW(source) as number) >>> 0 !== 0xffffffff) return FILEOP_DOIT;
          q.failures.push({ file: source, code: ERR.FILE_NOT_FOUND });
          return FILEOP_SKIP;
        }
        case SPFILENOTIFY_FILEOPDELAYED:
          q.rebootRequired = true;
          return FILEOP_DOIT;
      }
      return api.SetupDefaultQueueCallbackW(ctx, notification, param1, param2) as number;
    } catch {
      // Never let a JS exception unwind through SetupAPI's frames.
      q.failures.push({ code: ERR.INVALID_FUNCTION });
      return FILEOP_SKIP;
    }
  };
  const registered = koffi.register(handler, ffi.fileCallback);
  q.callback = registered;
  try {
    return body(q);
  } finally {
    koffi.unregister(registered);
    api.SetupTermDefaultQueueCallback(context);
  }
}

/** SetupCommitFileQueue of a queue filled by a DI_NOVCP install, through the collecting callback. */
export function commitQueue(ffi: Ffi, fill: (queue: number) => void): { failures: QueueFailure[]; rebootRequired: boolean } {
  const queue = ffi.api.SetupOpenFileQueue() as number;
  if (!isValidHandle(queue)) throw lastError(ffi, 'SetupOpenFileQueue');
  try {
    fill(queue);
    return withQueueCallback(ffi, (q) => {
      check(ffi, ffi.api.SetupCommitFileQueueW(0, queue, q.callback, q.context), 'SetupCommitFileQueueW');
      return { failures: q.failures, rebootRequired: q.rebootRequired };
    });
  } finally {
    ffi.api.SetupCloseFileQueue(queue);
  }
}

/** SetupInstallFromInfSection (SPINST_ALL) of one section with the collecting callback; HKR = relativeKey. */
export function installFromSection(
  ffi: Ffi,
  hinf: number,
  section: string,
  relativeKey: number,
  sourceDir: string | null,
): { failures: QueueFailure[]; rebootRequired: boolean } {
  return withQueueCallback(ffi, (q) => {
    const ok = ffi.api.SetupInstallFromInfSectionW(
      0,
      hinf,
      section,
      SPINST_ALL,
      relativeKey,
      sourceDir,
      SP_COPY_NEWER_OR_SAME,
      q.callback,
      q.context,
      0,
      null,
    );
    check(ffi, ok, 'SetupInstallFromInfSectionW');
    return { failures: q.failures, rebootRequired: q.rebootRequired };
  });
}

/**
 * The platform-decorated section (SetupDiGetActualSectionToInstall, as InstallHinfSection
 * decorates it), then SetupInstallFromInfSection and, for <section>.Services,
 * SetupInstallServicesFromInfSection.
 */
export async function installSection(
  ffi: Ffi,
  infPath: string,
  requested: string,
  sourceDir: string | null,
): Promise<{ section: string; rebootRequired: boolean; failures: QueueFailure[] }> {
  return withInf(ffi, infPath, (hinf) => {
    const section = actualSection(ffi, hinf, requested);
    requireSection(ffi, hinf, section);
    const done = installFromSection(ffi, hinf, section, 0, sourceDir);
    // SetupInstallFromInfSection ignores Reboot/Restart directives; InstallHinfSection honours them.
    let rebootRequired = done.rebootRequired || sectionAsksReboot(ffi, hinf, section);
    const services = `${section}.Services`;
    if (hasSection(ffi, hinf, services)) {
      ffi.api.SetLastError(0); // success with a reboot needed is told through the last error
      check(ffi, ffi.api.SetupInstallServicesFromInfSectionW(hinf, services, 0), 'SetupInstallServicesFromInfSectionW');
      if ((ffi.api.GetLastError() as number) === ERR.SUCCESS_REBOOT_REQUIRED) rebootRequired = true;
    }
    return { section, rebootRequired, failures: done.failures };
  });
}

/**
 * InstallHinfSectionW(NULL, NULL, "<section> <mode> <path>", SW_HIDE), the call behind
 * `rundll32 setupapi,InstallHinfSection`. It reports nothing, so the INF and the section are
 * checked first.
 */
export function installHinfSection(ffi: Ffi, infPath: string, requested: string, mode: number): { section: string } {
  const section = withInf(ffi, infPath, (hinf) => {
    const actual = actualSection(ffi, hinf, requested);
    requireSection(ffi, hinf, actual);
    return actual;
  });
  ffi.api.InstallHinfSectionW(0, 0, `${requested} ${mode} ${infPath}`, SW_HIDE);
  return { section };
}

/** This area's primitives (lib/backend/koffi.ts puts the areas together). */
export function primitives(ffi: Ffi): Pick<Primitives, 'installSection' | 'installHinfSection'> {
  return {
    installSection: (inf, section, sourceDir) => installSection(ffi, inf, section, sourceDir),
    installHinfSection: (inf, section, mode) => installHinfSection(ffi, inf, section, mode),
  };
}
