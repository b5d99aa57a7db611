// Which DIRIDs Windows defines. The table of named ones is the reader's (lib/inf/dirids.ts);
// the ranges and the printer directories are added here.
import { DIRID_USER, DIRIDS } from '../inf/dirids.js';

/** Printer directories (66000 printer drivers ... 66004 ASP files), resolved by the spooler. */
const PRINTER_DIRIDS = [66000, 66001, 66002, 66003, 66004];

/** True for a DIRID Windows defines: a named one, a shell folder (16384 + CSIDL), a printer directory, or user-defined. */
export function isKnownDirid(dirid: number): boolean {
  if (dirid in DIRIDS || PRINTER_DIRIDS.includes(dirid)) return true;
  if (dirid >= 0x4000 && dirid < 0x4000 + 0x40) return true; // 16384 + CSIDL_*
  return dirid >= DIRID_USER && dirid <= 0xffff; // SetupSetDirectoryId's user-defined range
}
