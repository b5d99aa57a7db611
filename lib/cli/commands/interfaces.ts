// `infkit interfaces`: device interfaces by interface class, and `--wait` for one to
// arrive (polling the backend, opened afresh each time so another process's mock lock
// is never held while waiting).
import type { Command } from 'commander';
import type { DeviceInterface } from '../../backend/types.js';
import { InfkitError } from '../../errors.js';
import { normalizeGuid } from '../../base/guid.js';
import { BASELINE_INTERFACE_CLASSES } from '../../backend/mock/baseline-data.js';
import { interfaceJson } from '../shapes.js';
import {
  addCommonOptions,
  commonOptions,
  compare,
  finish,
  parseDuration,
  requireGuid,
  withBackend,
  type CommonOptions,
} from '../options.js';

/** Interval between two looks while waiting. */
const POLL_MS = 200;

export function register(program: Command): void {
  addCommonOptions(program.command('interfaces'))
    .description('list device interfaces, or wait for one of a class to arrive')
    .option('--class <guid|name>', 'interface class, by GUID or symbolic name (GUID_DEVINTERFACE_USB_DEVICE)')
    .option('--present', 'only enabled interfaces of present devices (CM_GET_DEVICE_INTERFACE_LIST_PRESENT)')
    .option(
      '--wait <guid|name>',
      'wait until an interface of this class exists (with --present: is enabled on a present device); exit 1 on timeout',
    )
    .option('--timeout <duration>', 'how long --wait waits (30s, 500ms, 2m)', '30s')
    .action(async (raw: Record<string, unknown>) => {
      const options = commonOptions(raw);
      const present = raw.present === true;
      if (typeof raw.wait === 'string') {
        await waitFor(interfaceClass(raw.wait), present, parseDuration(String(raw.timeout)), options);
        return;
      }
      if (typeof raw.class === 'string') {
        const interfaceClassGuid = interfaceClass(raw.class);
        const interfaces = await withBackend(options, (b) => b.listInterfaces({ classGuid: interfaceClassGuid, present }));
        finish(options, { json: { interfaceClassGuid, interfaces: sorted(interfaces) }, text: sorted(interfaces).map(line) });
        return;
      }
      const interfaceClasses = await withBackend(options, async (b) => {
        const guids = (await b.listInterfaceClasses()).map((c) => c.guid).sort(compare);
        const out: Array<{ guid: string; interfaces: Array<ReturnType<typeof interfaceJson>> }> = [];
        for (const guid of guids) out.push({ guid, interfaces: sorted(await b.listInterfaces({ classGuid: guid, present })) });
        return out;
      });
      finish(options, {
        json: { interfaceClasses },
        text: interfaceClasses.flatMap((c) => [c.guid, ...c.interfaces.map((i) => `  ${line(i)}`)]),
      });
    });
}

/**
 * GUID, or a well-known symbolic name (the Windows SDK's GUID_DEVINTERFACE_* names, the
 * same table the mock machine starts with), with or without the GUID_DEVINTERFACE_ prefix.
 */
function interfaceClass(text: string): string {
  const name = text
    .trim()
    .toUpperCase()
    .replace(/^GUID_DEVINTERFACE_/, '');
  const known = BASELINE_INTERFACE_CLASSES[name];
  if (known) return known;
  if (normalizeGuid(text) === null && /^[A-Z_0-9]+$/.test(name)) {
    throw new InfkitError('E_USAGE', `unknown interface class name '${text}'`, {
      hint: `give its GUID, or one of: ${Object.keys(BASELINE_INTERFACE_CLASSES).join(', ')}`,
    });
  }
  return requireGuid(text);
}

/** Polls until the class has an interface (an enabled one of a present device with --present). */
async function waitFor(classGuid: string, present: boolean, timeoutMs: number, options: CommonOptions): Promise<void> {
  const started = Date.now();
  for (;;) {
    const interfaces = await withBackend(options, (b) => b.listInterfaces({ classGuid, present }));
    const waitedMs = Date.now() - started;
    if (interfaces.length > 0) {
      finish(options, {
        json: { interfaceClassGuid: classGuid, waitedMs, interfaces: sorted(interfaces) },
        text: sorted(interfaces).map(line),
      });
      return;
    }
    if (waitedMs >= timeoutMs) {
      throw new InfkitError(
        'E_NOT_FOUND',
        `no ${present ? 'present ' : ''}interface of class ${classGuid} arrived within ${timeoutMs / 1000}s`,
        {
          hint: 'check that the device was created and registers this interface class, or give a longer --timeout',
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, timeoutMs - waitedMs)));
  }
}

/** In symbolic-link order, each in its documented shape. */
function sorted(interfaces: DeviceInterface[]): Array<ReturnType<typeof interfaceJson>> {
  return [...interfaces].sort((a, b) => compare(a.symbolicLink.toLowerCase(), b.symbolicLink.toLowerCase())).map(interfaceJson);
}

function line(i: Pick<DeviceInterface, 'symbolicLink' | 'deviceInstanceId' | 'enabled' | 'removed'>): string {
  const state = i.removed ? ' (removed)' : i.enabled ? '' : ' (disabled)';
  return `${i.symbolicLink}  ${i.deviceInstanceId}${state}`;
}
