// foldHash (lib/inf/fold.ts) of a name in the scanner's window, so that the lexer can file
// names case-insensitively without folding them: FNV-1a of its units with A-Z lowered. A name
// with a unit past ASCII gets -1: fold.ts folds and hashes those itself.

static const unsigned FNV_BASIS = 0x811c9dc5u, FNV_PRIME = 0x01000193u, HASH_MASK = 0x3fffffffu;

// Units [from, to) of the window at `units` (`wide`: UTF-16, else Windows-1252 bytes).
__attribute__((export_name("foldHash"))) int foldHash(const void *units, int wide, int from, int to) {
  unsigned h = FNV_BASIS;
  for (int i = from; i < to; i++) {
    unsigned c = wide ? ((const unsigned short *)units)[i] : ((const unsigned char *)units)[i];
    if (c >= 0x80) return -1;
    if (c - 'A' < 26u) c += 0x20;
    h = (h ^ c) * FNV_PRIME;
  }
  return (int)(h & HASH_MASK);
}
