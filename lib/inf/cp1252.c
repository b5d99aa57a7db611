// Windows-1252 bytes to UTF-16 units, for lib/inf/decode.ts (built into the same module as
// simple-lines.c): a byte in 0x80-0x9F becomes the unit `c1` gives for it (decode.ts's
// CP1252_C1, 32 units), any other byte the unit of the same number. 16 bytes at a time.

#include <wasm_simd128.h>

// Writes the `count` units of the bytes at `in` to `out`; returns how many bytes were in 0x80-0x9F.
__attribute__((export_name("cp1252"))) int cp1252(const unsigned char *in, unsigned short *out, int count,
                                                  const unsigned short *c1) {
  int found = 0, i = 0;
  for (; i + 16 <= count; i += 16) {
    v128_t v = wasm_v128_load(in + i);
    wasm_v128_store(out + i, wasm_u16x8_extend_low_u8x16(v));
    wasm_v128_store(out + i + 8, wasm_u16x8_extend_high_u8x16(v));
    int bits = wasm_i8x16_bitmask(wasm_i8x16_eq(v & wasm_i8x16_splat(0xe0), wasm_i8x16_splat(0x80)));
    for (; bits; bits &= bits - 1, found++) {
      int k = i + __builtin_ctz(bits);
      out[k] = c1[in[k] - 0x80];
    }
  }
  for (; i < count; i++) {
    unsigned byte = in[i];
    if ((byte & 0xe0) == 0x80) {
      out[i] = c1[byte - 0x80];
      found++;
    } else {
      out[i] = (unsigned short)byte;
    }
  }
  return found;
}
