// The one table Windows-1252 decoding needs beyond ISO-8859-1 (decode.ts; cp1252.c uses it too).

/**
 * The characters of Windows-1252 bytes 0x80-0x9F (index 0 is byte 0x80). The five bytes the
 * code page leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) become the C1 control of the same
 * number, as MultiByteToWideChar makes them. Node's TextDecoder('windows-1252') decodes all
 * 32 as C1 controls (ISO-8859-1), so this one code page is decoded here.
 */
export const CP1252_C1: readonly string[] = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f, 0x0090,
  0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
].map((unit) => String.fromCharCode(unit));
