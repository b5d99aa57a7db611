// Where SetupAPI under Wine 8 does not do what a plan says, and Windows would: the differences
// test/wine/fidelity.ts accepts. Each is matched precisely (fixture, kind, target, and what
// Wine left there) and names its row in docs/wine-gaps.md ("Plan against SetupAPI under
// Wine"), where the evidence is. A listed gap that no longer shows fails the check: remove it.
import type { RegistryRoot } from '../../lib/backend/types.js';

/** What an effect is read back at: a registry value, a key, or a file (Windows paths; any case). */
export type Target =
  | { what: 'value'; root: RegistryRoot; key: string; name: string }
  | { what: 'key'; root: RegistryRoot; key: string }
  | { what: 'file'; path: string };

export interface FidelityGap {
  /** The row's first column in docs/wine-gaps.md. */
  row: string;
  fixture: string;
  /** The effect's kind (fidelity.ts kindOf): 'reg-set', 'reg-set:append', 'service-value', ... */
  kind: string;
  target: Target;
  /** What Wine left there, as fidelity.ts shows it: 'absent', 'key present', 'REG_SZ "..."', 'REG_BINARY 00,00'. */
  wine: string;
}

const value = (key: string, name: string): Target => ({ what: 'value', root: 'HKLM', key, name });
const SERVICES = 'SYSTEM\\CurrentControlSet\\Services';
const ADDREG = 'SOFTWARE\\infkit-fidelity\\addreg';

/** The values the service control manager writes for a Win32 service without StartName, as the plan lists them. */
const win32ServiceValues = ['Type', 'Start', 'ErrorControl', 'ImagePath', 'ObjectName'];

export const WINE_FIDELITY_GAPS: FidelityGap[] = [
  {
    row: 'fid-inf-folder-case',
    fixture: 'addreg',
    kind: 'reg-set',
    target: value(ADDREG, 'Dirids'),
    wine: 'REG_SZ "C:\\\\windows|C:\\\\windows\\\\system32|C:\\\\windows\\\\system32\\\\drivers|C:\\\\windows\\\\inf"',
  },
  { row: 'fid-binary-0x', fixture: 'addreg', kind: 'reg-set', target: value(ADDREG, 'BinaryHex'), wine: 'REG_BINARY 00,00' },
  { row: 'fid-append-missing', fixture: 'addreg', kind: 'reg-set:append', target: value(ADDREG, 'AppendNew'), wine: 'absent' },
  {
    row: 'fid-32bitkey',
    fixture: 'addreg',
    kind: 'reg-set',
    target: value(`SOFTWARE\\WOW6432Node\\infkit-fidelity\\addreg\\Views`, 'Wow32'),
    wine: 'absent',
  },
  {
    row: 'fid-32bitkey',
    fixture: 'addreg',
    kind: 'reg-set',
    target: value('SOFTWARE\\WOW6432Node\\Classes\\infkit-fidelity.view32', ''),
    wine: 'absent',
  },
  {
    row: 'fid-delstring-length',
    fixture: 'delreg',
    kind: 'reg-delete-string',
    target: value('SOFTWARE\\infkit-fidelity\\delreg', 'Filters'),
    wine: 'REG_MULTI_SZ ["a"]',
  },
  {
    row: 'fid-delreg-flags',
    fixture: 'delreg',
    kind: 'reg-delete-key',
    target: { what: 'key', root: 'HKLM', key: 'SOFTWARE\\infkit-fidelity\\delreg\\Common' },
    wine: 'key present',
  },
  {
    row: 'fid-bitreg',
    fixture: 'bitreg',
    kind: 'reg-bit',
    target: value('SOFTWARE\\infkit-fidelity\\bitreg', 'Binary'),
    wine: 'REG_BINARY f0,0f',
  },
  {
    row: 'fid-bitreg',
    fixture: 'bitreg',
    kind: 'reg-bit',
    target: value('SOFTWARE\\infkit-fidelity\\bitreg', 'Dword'),
    wine: 'REG_DWORD 0xff',
  },
  {
    row: 'fid-imagepath',
    fixture: 'services',
    kind: 'service-value',
    target: value(`${SERVICES}\\InfkitFidDrv`, 'ImagePath'),
    wine: 'REG_SZ "C:\\\\windows\\\\system32\\\\drivers\\\\infkitfid.sys"',
  },
  {
    row: 'fid-imagepath',
    fixture: 'services',
    kind: 'service-value',
    target: value(`${SERVICES}\\InfkitFidUser`, 'ImagePath'),
    wine: 'REG_SZ "C:\\\\windows\\\\system32\\\\infkitfid.exe"',
  },
  {
    row: 'fid-imagepath',
    fixture: 'device',
    kind: 'service-value',
    target: value(`${SERVICES}\\InfkitFidDev`, 'ImagePath'),
    wine: 'REG_SZ "C:\\\\windows\\\\system32\\\\drivers\\\\infkitfid.sys"',
  },
  ...['DependOnService', 'DependOnGroup'].map(
    (name): FidelityGap => ({
      row: 'fid-dependencies',
      fixture: 'services',
      kind: 'service-value',
      target: value(`${SERVICES}\\InfkitFidDrv`, name),
      wine: 'absent',
    }),
  ),
  ...['EventMessageFile', 'TypesSupported'].map(
    (name): FidelityGap => ({
      row: 'fid-eventlog',
      fixture: 'services',
      kind: 'reg-set',
      target: value(`${SERVICES}\\EventLog\\Application\\InfkitFidEvents`, name),
      wine: 'absent',
    }),
  ),
  ...win32ServiceValues.map(
    (name): FidelityGap => ({
      row: 'fid-delservice-loop',
      fixture: 'delservice',
      kind: 'service-value',
      target: value(`${SERVICES}\\InfkitFidAfter`, name),
      wine: 'absent',
    }),
  ),
  ...['FromInclude', 'FromLocalNeeds', 'Order'].map(
    (name): FidelityGap => ({
      row: 'fid-include-needs',
      fixture: 'include',
      kind: 'reg-set',
      target: value('SOFTWARE\\infkit-fidelity\\include', name),
      wine: 'absent',
    }),
  ),
  ...win32ServiceValues.map(
    (name): FidelityGap => ({
      row: 'fid-classinstall-services',
      fixture: 'class',
      kind: 'service-value',
      target: value(`${SERVICES}\\InfkitFidClass`, name),
      wine: 'absent',
    }),
  ),
  {
    row: 'fid-dirid13',
    fixture: 'files',
    kind: 'file-copy',
    target: { what: 'file', path: 'C:\\windows\\System32\\DriverStore\\FileRepository\\files.inf_amd64_0000000000000000\\one.txt' },
    wine: 'absent',
  },
];

/** What Wine writes where the plan names nothing (so nothing is compared), removed after the fixture so that the next run starts clean. */
export const WINE_EXTRA_WRITES: Array<{ row: string; fixture: string; target: Target }> = [
  // FLG_ADDREG_32BITKEY ignored: the line went to the native view.
  { row: 'fid-32bitkey', fixture: 'addreg', target: { what: 'key', root: 'HKCR', key: 'infkit-fidelity.view32' } },
  // The device install stages the package under the INF's own name (docs/wine-gaps.md, SetupCopyOEMInfW), with its PNF.
  { row: 'fid-stage-own-name', fixture: 'device', target: { what: 'file', path: 'C:\\windows\\inf\\device.inf' } },
  { row: 'fid-stage-own-name', fixture: 'device', target: { what: 'file', path: 'C:\\windows\\inf\\device.pnf' } },
];
