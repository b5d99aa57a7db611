// `infkit drivers --for`: the built CLI ranking the drivers of test/fixtures/rank for a USB
// device, offline from --inf files and from the mock machine's driver store.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriverCandidate } from '../../lib/plan/rank.js';
import { assertBuilt, cleanup, projectRoot, run, runJson, tempState } from './helpers.js';

const fixtures = path.join(projectRoot, 'test/fixtures/rank');
const inf = (name: string) => path.join(fixtures, name, `${name}.inf`);
const ALL = ['contoso', 'fabrikam', 'generic', 'future'].map(inf);
const DEVICE = [
  '--for',
  'USB\\VID_1234&PID_5678&REV_0100',
  'USB\\VID_1234&PID_5678',
  '--compatible',
  'USB\\Class_FF&SubClass_00',
  'USB\\Class_FF',
];

beforeAll(assertBuilt);
afterAll(cleanup);

async function rank(args: string[]) {
  const result = await run(['drivers', ...DEVICE, ...args, '--json']);
  return { ...result, json: JSON.parse(result.stdout) };
}

describe('infkit drivers --for --inf (offline)', () => {
  it('ranks signed before unsigned, hardware before compatible IDs, and leaves out a decoration for a later build', async () => {
    const { code, json } = await rank(['--inf', ...ALL, '--os', '10.0.19045']);
    expect(code).toBe(0);
    expect(Object.keys(json)).toEqual(['hardwareIds', 'compatibleIds', 'target', 'candidates', 'excluded']);
    expect(json.target).toEqual({ arch: 'amd64', osVersion: '10.0.19045' });
    expect(json.candidates.map((c: DriverCandidate) => [path.basename(c.inf), c.signature, c.matchType, c.idPosition, c.rankHex])).toEqual([
      ['contoso.inf', 'signed', 'hardware', 1, '0x00FF0001'],
      ['generic.inf', 'signed', 'compatible', 1, '0x00FF2001'],
      ['fabrikam.inf', 'unsigned', 'hardware', 0, '0x80FF0000'],
    ]);
    expect(Object.keys(json.candidates[0])).toEqual([
      'inf',
      'provider',
      'section',
      'model',
      'matchingId',
      'matchType',
      'idPosition',
      'signature',
      'rank',
      'rankHex',
      'date',
      'version',
      'why',
    ]);
    expect(json.candidates[0]).toMatchObject({
      inf: inf('contoso'),
      provider: 'Contoso',
      section: 'Device_Install.NT',
      model: 'Contoso widget',
      matchingId: 'USB\\VID_1234&PID_5678',
      rank: 0x00ff0001,
      date: '2024-03-01',
      version: '2.0.0.0',
    });
    expect(json.candidates[2].why.join('\n')).toContain('fabrikam.cat, which is not next to the INF');
    expect(json.excluded).toEqual([
      {
        inf: inf('future'),
        modelsSection: 'Models.NTamd64.10.0...22000',
        matchingId: 'USB\\VID_1234&PID_5678&REV_0100',
        reason: 'NTamd64.10.0...22000 does not apply to amd64 10.0.19045: needs build 22000 or later',
      },
    ]);
  });

  it("targets `infkit plan`'s default, amd64 10.0.22631, unless --arch and --os say otherwise", async () => {
    const win11 = await rank(['--inf', ...ALL]);
    expect(win11.json.target).toEqual({ arch: 'amd64', osVersion: '10.0.22631' });
    expect(win11.json.candidates.map((c: DriverCandidate) => path.basename(c.inf))).toEqual([
      'future.inf',
      'contoso.inf',
      'generic.inf',
      'fabrikam.inf',
    ]);
    const arm = await rank(['--inf', ...ALL, '--arch', 'arm64']);
    expect(arm.code).toBe(1);
    expect(arm.json.candidates).toEqual([]);
    expect(arm.json.excluded).toHaveLength(4);
  });

  it('prints one line per candidate, best first', async () => {
    const { code, stdout } = await run(['drivers', ...DEVICE, '--inf', ...ALL, '--os', '10.0.19045']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.slice(0, 3).map((l) => l.split(/\s+/)[0])).toEqual(['0x00FF0001', '0x00FF2001', '0x80FF0000']);
    expect(lines[0]).toContain(`${inf('contoso')} [Device_Install.NT]  Contoso widget`);
    expect(lines[3]).toMatch(/^not used: .*future\.inf \[Models\.NTamd64\.10\.0\.\.\.22000\]/);
  });

  it('exits 1 when nothing matches, with the JSON all the same', async () => {
    const { code, json } = await run(['drivers', '--for', 'PCI\\VEN_FFFF&DEV_0001', '--inf', ...ALL, '--json']).then((r) => ({
      ...r,
      json: JSON.parse(r.stdout),
    }));
    expect(code).toBe(1);
    expect(json).toMatchObject({ hardwareIds: ['PCI\\VEN_FFFF&DEV_0001'], compatibleIds: [], candidates: [], excluded: [] });
  });

  it('leaves out an INF that SetupAPI would refuse, and says so', async () => {
    const refused = path.join(tempState(), 'refused.inf');
    writeFileSync(refused, 'no section header\r\n');
    const { code, json, stderr } = await rank(['--inf', refused, inf('contoso')]);
    expect(code).toBe(0);
    expect(json.candidates.map((c: DriverCandidate) => c.inf)).toEqual([inf('contoso')]);
    expect(stderr).toContain(`${refused} is left out: SetupAPI would refuse it (ERROR_EXPECTED_SECTION_NAME)`);
  });

  it.each([
    ['--inf without --for', ['drivers', '--inf', inf('contoso')]],
    ['--compatible without --for', ['drivers', '--compatible', 'USB\\Class_FF']],
    ['a bad --os', ['drivers', ...DEVICE, '--inf', inf('contoso'), '--os', 'eleven']],
    ['an unknown --arch', ['drivers', ...DEVICE, '--inf', inf('contoso'), '--arch', 'mips']],
    ['an INF that is not there', ['drivers', ...DEVICE, '--inf', path.join(fixtures, 'missing.inf')]],
  ])('exits 2 for %s', async (_name, args) => {
    expect((await run(args)).code).toBe(2);
  });
});

describe('infkit drivers --for (driver store)', () => {
  it("ranks the packages staged in the mock machine's driver store", async () => {
    const state = tempState();
    const staged = await runJson(state, ['install', 'package', inf('contoso')]);
    expect(staged.code).toBe(0);
    const { code, json } = await runJson(state, ['drivers', ...DEVICE]);
    expect(code).toBe(0);
    expect(json.candidates).toHaveLength(1);
    expect(json.candidates[0]).toMatchObject({ inf: staged.json.publishedName, signature: 'signed', rankHex: '0x00FF0001' });
    expect(json.candidates[0].why.join('\n')).toMatch(
      /assumed, as the driver store staged it with its catalog \(CatalogFile = contoso\.cat\)/,
    );
    // The target is the machine's platform (the mock's: amd64 10.0.19045), unless --arch/--os say otherwise.
    expect(json.target).toEqual({ arch: 'amd64', osVersion: '10.0.19045' });
    const older = await runJson(state, ['drivers', ...DEVICE, '--os', '10.0.17763']);
    expect(older.json.target).toEqual({ arch: 'amd64', osVersion: '10.0.17763' });
  });

  it('exits 1 on an empty driver store', async () => {
    const { code, json } = await runJson(tempState(), ['drivers', ...DEVICE]);
    expect(code).toBe(1);
    expect(json.candidates).toEqual([]);
  });
});
