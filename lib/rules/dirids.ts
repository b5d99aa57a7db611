// Which DIRIDs Windows defines: the named ones of the reader's table (lib/inf/dirids.ts,
// printer directories included) and the ranges.
import { DIRID_USER, DIRIDS } from '../inf/dirids.js';

/** True for a DIRID Windows defines: a named one, a shell folder (16384 + CSIDL), a printer directory, or user-defined. */
export function isKnownDirid(dirid: number): boolean {
  if (dirid in DIRIDS) return true;
  if (dirid >= 0x4000 && dirid < 0x4000 + 0x40) return true; // 16384 + CSIDL_*
  return dirid >= DIRID_USER && dirid <= 0xffff; // SetupSetDirectoryId's user-defined range
}
