// Small helpers shared by the reader's tests.
import { parseInfSync, type InfDocument, type ParseOptions } from '../../lib/index.js';

/** The [Version] header every SetupAPI test file starts with. */
export const STD_HEADER = '[Version]\r\nSignature="$CHICAGO$"\r\n';

/** Parse text given as bytes 0-255 (so \x00, \x1a and high bytes reach the decoder unchanged). */
export function parseBytes(text: string, options: ParseOptions = {}): InfDocument {
  return parseInfSync(Buffer.from(text, 'latin1'), options);
}

/** UTF-16LE bytes, with a BOM unless told otherwise. */
export function utf16(text: string, bom = true): Uint8Array {
  return Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, 'utf16le')]);
}
