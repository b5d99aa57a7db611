// Running INF sections: SetupInstallFilesFromInfSection into our own file queue, committed
// with a callback that collects every failure (file and code) instead of prompting; then
// SetupInstallFromInfSection for everything but files, and SetupInstallServicesFromInfSection
// for <section>.Services. Also the raw InstallHinfSection mode.
import fs from 'node:fs';
import path from 'node:path';
import type { InstallSectionOptions, InstallSectionResult, SectionFailure } from '../types.js';
import { installModeArg, requireText } from '../args.js';
import { ERR, describeWinError } from '../winerror-table.js';
import { INVALID_HANDLE_VALUE, check, isValidHandle, lastWinError, requireElevation, type Ffi } from './ffi.js';
import { hasSection, infPathOf, requireSection, sectionAsksReboot, withInf } from './inf.js';

const SPFILENOTIFY_DELETEERROR = 0x07;
const SPFILENOTIFY_RENAMEERROR = 0x0a;
const SPFILENOTIFY_COPYERROR = 0x0d;
const SPFILENOTIFY_NEEDMEDIA = 0x0e;
const FILEOP_SKIP = 2;
/** Questions the default callback would ask a user; they come OR'ed into the high word. */
const SPFILENOTIFY_LANGMISMATCH = 0x10000;
const SPFILENOTIFY_TARGETEXISTS = 0x20000;
const SPFILENOTIFY_TARGETNEWER = 0x40000;

const SPFILEQ_FILE_IN_USE = 0x1;
const SPFILEQ_REBOOT_RECOMMENDED = 0x2;
const SPFILEQ_REBOOT_IN_PROGRESS = 0x4;

const SPINST_FILES = 0x10;
/** SPINST_ALL on Vista and later (includes SPINST_PROPERTIES). */
export const SPINST_ALL = 0x7ff;

function failure(file: string | undefined, code: number): SectionFailure {
  const entry = describeWinError(code);
  return { ...(file ? { file } : {}), code: code >>> 0, name: entry.name, message: entry.message };
}

export interface QueueCallback {
  /** The registered PSP_FILE_CALLBACK_W to hand SetupAPI. */
  callback: unknown;
  /** The default callback's context (SetupInitDefaultQueueCallbackEx, without UI). */
  context: number;
  failures: SectionFailure[];
}

/**
 * Runs `body` with a file-queue callback that records copy/delete/rename errors and missing
 * source files as failures and skips them, answers the overwrite questions itself, and defers
 * everything else to SetupDefaultQueueCallback without UI. The callback is unregistered and the context freed
 * on every path.
 */
export function withQueueCallback<T>(ffi: Ffi, body: (q: QueueCallback) => T): T {
  const { koffi, api } = ffi;
  const context = api.SetupInitDefaultQueueCallbackEx(0, INVALID_HANDLE_VALUE, 0, 0, null) as number;
  if (!isValidHandle(context)) throw lastWinError(ffi, 'SetupInitDefaultQueueCallbackEx');
  const failures: SectionFailure[] = [];
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
          const code = paths.Win32Error || ERR.INVALID_FUNCTION;
          // A missing file is the source's fault; anything else (access, sharing) the target's.
          const sourceMissing = code === ERR.FILE_NOT_FOUND || code === ERR.PATH_NOT_FOUND;
          const file = (sourceMissing ? paths.Source ?? paths.Target : paths.Target ?? paths.Source) ?? undefined;
          failures.push(failure(file, code));
          return FILEOP_SKIP;
        }
        case SPFILENOTIFY_NEEDMEDIA: {
          const media = koffi.decode(param1, ffi.sourceMedia) as { SourcePath: string | null; SourceFile: string | null };
          const source = path.join(media.SourcePath ?? '', media.SourceFile ?? '');
          if (!fs.existsSync(source)) {
            failures.push(failure(source, ERR.FILE_NOT_FOUND));
            return FILEOP_SKIP;
          }
          break;
        }
      }
      return api.SetupDefaultQueueCallbackW(ctx, notification, param1, param2) as number;
    } catch (e) {
      // Never let a JS exception unwind through SetupAPI's frames.
      failures.push({ code: ERR.INVALID_FUNCTION, name: 'E_CALLBACK', message: String((e as Error)?.message ?? e) });
      return FILEOP_SKIP;
    }
  };
  const callback = koffi.register(handler, ffi.fileCallback);
  try {
    return body({ callback, context, failures });
  } finally {
    koffi.unregister(callback);
    api.SetupTermDefaultQueueCallback(context);
  }
}

/**
 * SetupInstallFromInfSection of one section with the collecting callback, optionally against
 * a registry key (HKR). Used for the Wine path of interface-class installs.
 */
export function installFromSection(
  ffi: Ffi,
  hinf: number,
  section: string,
  options: { relativeKey?: number; sourceDir?: string | null; flags?: number } = {},
): SectionFailure[] {
  return withQueueCallback(ffi, (q) => {
    const ok = ffi.api.SetupInstallFromInfSectionW(
      0,
      hinf,
      section,
      options.flags ?? SPINST_ALL,
      options.relativeKey ?? 0,
      options.sourceDir ?? null,
      0,
      q.callback,
      q.context,
      0,
      null,
    );
    check(ffi, ok, 'SetupInstallFromInfSectionW');
    return q.failures;
  });
}

function sourceDirOf(inf: string, options: InstallSectionOptions): string {
  return options.sourceDir ? path.resolve(options.sourceDir) : path.dirname(infPathOf(inf));
}

export function installSection(ffi: Ffi, inf: string, section: string, options: InstallSectionOptions = {}): InstallSectionResult {
  requireText(section, 'section name');
  const { mode, hinfMode } = installModeArg(options);
  const api = mode === 'hinf' ? 'InstallHinfSectionW' : 'SetupInstallFromInfSectionW';
  const sourceDir = sourceDirOf(inf, options);

  if (mode === 'hinf') {
    // InstallHinfSection itself reports nothing, so a missing INF or section is found first.
    withInf(ffi, inf, (hinf) => requireSection(ffi, hinf, section, api));
    requireElevation(ffi, api);
    ffi.api.InstallHinfSectionW(0, 0, `${section} ${hinfMode} ${infPathOf(inf)}`, 0);
    // It handles any reboot itself (by its mode), so this mode reports nothing either:
    // exactly what rundll32 would have told the caller.
    return { section, rebootRequired: false, failures: [] };
  }

  return withInf(ffi, inf, (hinf) => {
    requireSection(ffi, hinf, section, api);
    requireElevation(ffi, api);
    // SetupInstallFromInfSection ignores Reboot/Restart directives; InstallHinfSection honours them.
    const asksReboot = sectionAsksReboot(ffi, hinf, section);
    const queue = ffi.api.SetupOpenFileQueue() as number;
    if (!isValidHandle(queue)) throw lastWinError(ffi, 'SetupOpenFileQueue');
    try {
      return withQueueCallback(ffi, (q) => {
        check(ffi, ffi.api.SetupInstallFilesFromInfSectionW(hinf, 0, queue, section, sourceDir, 0), 'SetupInstallFilesFromInfSectionW');
        check(ffi, ffi.api.SetupCommitFileQueueW(0, queue, q.callback, q.context), 'SetupCommitFileQueueW');
        const queueReboot = ffi.api.SetupPromptReboot(queue, 0, 1) as number;
        let rebootRequired =
          asksReboot || (queueReboot > 0 && (queueReboot & (SPFILEQ_FILE_IN_USE | SPFILEQ_REBOOT_RECOMMENDED | SPFILEQ_REBOOT_IN_PROGRESS)) !== 0);

        const ok = ffi.api.SetupInstallFromInfSectionW(0, hinf, section, SPINST_ALL & ~SPINST_FILES, 0, sourceDir, 0, q.callback, q.context, 0, null);
        check(ffi, ok, 'SetupInstallFromInfSectionW');

        const services = `${section}.Services`;
        if (hasSection(ffi, hinf, services)) {
          ffi.api.SetLastError(0);
          check(ffi, ffi.api.SetupInstallServicesFromInfSectionW(hinf, services, 0), 'SetupInstallServicesFromInfSectionW');
          if ((ffi.api.GetLastError() as number) === ERR.SUCCESS_REBOOT_REQUIRED) rebootRequired = true;
        }
        return { section, rebootRequired, failures: q.failures };
      });
    } finally {
      ffi.api.SetupCloseFileQueue(queue);
    }
  });
}
