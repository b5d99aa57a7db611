// Apply after a run killed part-way through an item whose change observe finds present: the
// interface classes of an INF whose install section had not finished (test/wine/faults.sh
// caught this under Wine: the DeviceClasses key made, its FriendlyName not yet written).
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openMockBackend } from '../../lib/backend/mock/index.js';
import { applyManifest, parseManifest, undoManifest } from '../../lib/apply/index.js';
import { Journal } from '../../lib/apply/journal.js';
import { stepsOf } from '../../lib/apply/steps.js';
import { DEVICE_CLASSES_KEY } from '../../lib/base/registry-paths.js';

const labInfs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/lab/infs');
const labiface = path.join(labInfs, 'labiface.inf');
const manifestFile = path.join(labInfs, '..', 'interrupted.yaml'); // never read: the text is given
const PORT = '{C7F2A5E0-8B1D-4F3A-9E27-5D1B3C4A6F02}';
const CONTROL = '{C7F2A5E0-8B1D-4F3A-9E27-5D1B3C4A6F03}';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('an interface-class item a killed run left pending', () => {
  it('is installed again, so that the values its install section writes are there; undo removes the classes', async () => {
    const stateDir = mkdtempSync(path.join(tmpdir(), 'infkit-interrupted-'));
    dirs.push(stateDir);
    const backend = await openMockBackend({ stateDir });
    const lab = parseManifest(`version: 1\ninterfaceClasses:\n  - inf: ${labiface}\n`, manifestFile);
    const [step] = stepsOf(lab);

    // The killed run: its pending entry, then both class keys made and the control class's
    // AddReg (FriendlyName) not yet run.
    const journal = await Journal.open(stateDir, manifestFile);
    const before = {
      classGuids: (await backend.listClasses()).map((c) => c.guid),
      interfaceClassGuids: (await backend.listInterfaceClasses()).map((c) => c.guid),
      publishedNames: (await backend.listDrivers()).map((d) => d.publishedName),
    };
    await journal.pending(step!.id, step!.kind, step!.at, {}, before);
    await backend.installInterfaceClasses(labiface);
    const control = `${DEVICE_CLASSES_KEY}\\${CONTROL}`;
    await backend.registry.deleteValue('HKLM', control, 'FriendlyName');

    const preview = await applyManifest(backend, lab, { stateDir, dryRun: true });
    expect(preview.items.map((i) => [i.status, i.detail])).toEqual([
      ['would-change', `${PORT}, ${CONTROL} exist; would be made again, as an interrupted run left it pending`],
    ]);
    const rerun = await applyManifest(backend, lab, { stateDir });
    expect(rerun.items.map((i) => i.status)).toEqual(['changed']);
    expect(rerun.items[0]!.detail).toBe(`${PORT}, ${CONTROL} exist; made again, as an interrupted run left it pending`);
    expect((await backend.registry.readKey('HKLM', control))?.values.FriendlyName).toEqual({ type: 'REG_SZ', data: 'Lab rig control' });
    const [entry] = (await Journal.open(stateDir, manifestFile)).entries;
    expect(entry).toMatchObject({ status: 'done' });
    expect(entry!.undo).toEqual({ interfaceClassGuids: [PORT, CONTROL] });

    // Now whole: a third apply changes nothing.
    expect((await applyManifest(backend, lab, { stateDir })).items.map((i) => i.status)).toEqual(['unchanged']);

    expect((await undoManifest(backend, lab, { stateDir })).summary.failed).toBe(0);
    const left = (await backend.listInterfaceClasses()).map((c) => c.guid);
    expect(left).not.toContain(PORT);
    expect(left).not.toContain(CONTROL);
  });
});
