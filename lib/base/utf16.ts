// UTF-16 string coding for Win32 data (wide strings, REG_MULTI_SZ lists): pure Buffer work
// that koffi and registry value coding share.

/** A zeroed buffer for `chars` UTF-16 code units. */
export function wideBuffer(chars: number): Buffer {
  return Buffer.alloc(Math.max(1, chars) * 2);
}

/** The UTF-16 string in `buf` up to its first NUL (or `chars` units). */
export function fromWide(buf: Uint8Array, chars?: number): string {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const limit = chars === undefined ? b.length : Math.min(b.length, chars * 2);
  let end = 0;
  while (end + 1 < limit && (b[end] !== 0 || b[end + 1] !== 0)) end += 2;
  return b.toString('utf16le', 0, end);
}

/** REG_MULTI_SZ / list data: strings separated by NUL, ended by an empty one. */
export function fromMultiSz(buf: Uint8Array, bytes = buf.byteLength): string[] {
  const b = Buffer.from(buf.buffer, buf.byteOffset, Math.min(bytes, buf.byteLength));
  const text = b.toString('utf16le', 0, b.length - (b.length % 2));
  const out: string[] = [];
  for (const s of text.split('\0')) {
    if (s === '') break;
    out.push(s);
  }
  return out;
}

export function toMultiSz(strings: string[]): Buffer {
  return Buffer.from(`${strings.map((s) => `${s}\0`).join('')}\0`, 'utf16le');
}

export function toWideZ(text: string): Buffer {
  return Buffer.from(`${text}\0`, 'utf16le');
}
