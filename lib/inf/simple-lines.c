// The lexer's fast path, compiled to WebAssembly (scripts/build-wasm.sh; lib/inf/simple-lines.ts
// loads it). Most INF lines are fields separated by ',' (the first one a key when '=' ends it),
// each plain text or one whole quoted string, then maybe a ';' comment. For those, SetupAPI's
// state machine (lib/inf/lexer.ts) comes down to: split there, trim, unquote. scan() finds such
// lines in a window of the text's UTF-16 code units (or of its Windows-1252 bytes, which map one
// to one) and records where each field is. It declines every other line, recording nothing: a
// NUL, a backslash before white space or at the end of a field (it may continue the line), a
// quote inside a token, a doubled or unclosed quote, a line longer than the token limit. It
// follows the one common continuation: a value that goes on after `,\` or `=\` ends a line.
// Declining is always safe, since the state machine reads the line the same way;
// test/inf/lexer.test.ts checks on random input that both ways give the same result.
//
// Records (int32, positions in code units from the start of the text):
//   a line:    from, end (its last '\n' or the text's end), fields (the key included),
//              kind (values, a key and values, or a section header), lines it continues onto,
//              where its last line starts, and the line breaks from the last line recorded
//              to it when only blank lines and comments lie between (else -1)
//   its fields, each: start, end (as written, quotes included), flags, line (0 for the
//              line's first), column (1-based), and a hash; a header has one, its name
//
// The hash is lib/inf/fold.ts's foldHash, so that the lexer can file names case-insensitively
// without folding them. A header's is of its name; that of a line's first field in a section
// whose name starts with "strings" (a [Strings] key) of its text (FIELD_TEXT_HASH); another
// field's, when its text is one %name%, of the name (FIELD_NAME_HASH). It is -1 when there is
// none, or a unit is past ASCII (fold.ts hashes those names itself).

#include <wasm_simd128.h>

enum {
  LF = 10,
  QUOTE = 34,
  PERCENT = 37,
  COMMA = 44,
  SEMICOLON = 59,
  EQUALS = 61,
  LBRACKET = 91,
  BACKSLASH = 92,
  RBRACKET = 93
};
enum { FIELD_QUOTED = 1, FIELD_PERCENT = 2, FIELD_KEY = 4, FIELD_TEXT_HASH = 8, FIELD_NAME_HASH = 16 };
enum { KIND_VALUES = 0, KIND_KEY = 1, KIND_HEADER = 2 };
enum { LINE_INTS = 7, FIELD_INTS = 6 };
// What tryLine() returns besides a line's end.
enum { DECLINED = -1, NO_ROOM = -2 };

typedef struct {
  const void *units;
  int wide;   // 1: UTF-16 code units; 0: Windows-1252 bytes
  int count;  // units in the window
  int final;  // the window ends where the text ends
  int maxField;
  int base;  // the window's first unit, as a position in the text
  int *out;
  int *limit;
} Scan;

static int resumeAt;
// The last header recorded named a section whose name starts with "strings": its lines' first
// fields get a hash. It only decides which hashes are worth computing (each field's flags say
// what its hash is of), so it may be stale: after a header the state machine read, or at the
// start of a text, where it is left from the last one.
static int inStrings;
// fold.ts's HASH_SEED, given with each window, and its constants.
static unsigned hashSeed;
enum { HASH_PRIME = 0x01000193 };
static const unsigned HASH_WORD_0 = 0x9e3779b1u, HASH_WORD_1 = 0x85ebca77u, HASH_WORD_2 = 0xc2b2ae3du,
                      HASH_WORD_3 = 0x27d4eb2fu;

static inline __attribute__((always_inline)) int unitAt(const Scan *s, int i) {
  return s->wide ? ((const unsigned short *)s->units)[i] : ((const unsigned char *)s->units)[i];
}

// foldHash of units [from, to), as fold.ts computes it for an ASCII name: 16 units at a time
// (the last block padded with zeros), A-Z lowered, the block's four 32-bit words each multiplied
// by its constant and xored together, then mixed into the hash by xor and multiply. -1 when a
// unit is past ASCII. A block may read past `to`, and past the window (the records lie beyond
// it); what it finds there is masked off.
static int foldHash(const Scan *s, int from, int to) {
  const v128_t words = wasm_i32x4_make(HASH_WORD_0, HASH_WORD_1, HASH_WORD_2, HASH_WORD_3);
  const v128_t bytes = wasm_i8x16_make(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const v128_t units = wasm_i16x8_make(0, 1, 2, 3, 4, 5, 6, 7);
  unsigned h = hashSeed ^ (unsigned)(to - from);
  for (int i = from; i < to; i += 16) {
    int left = to - i < 16 ? to - i : 16;
    v128_t v;
    if (s->wide) {
      const unsigned short *u = (const unsigned short *)s->units + i;
      v128_t low = wasm_v128_load(u) & wasm_i16x8_lt(units, wasm_i16x8_splat(left));
      v128_t high = wasm_v128_load(u + 8) & wasm_i16x8_lt(units, wasm_i16x8_splat(left - 8));
      if (wasm_v128_any_true((low | high) & wasm_i16x8_splat(0xff80))) return -1;
      v = wasm_u8x16_narrow_i16x8(low, high);
    } else {
      v = wasm_v128_load((const unsigned char *)s->units + i) & wasm_i8x16_lt(bytes, wasm_i8x16_splat(left));
      if (wasm_i8x16_bitmask(v)) return -1;
    }
    v128_t upper = wasm_i8x16_gt(v, wasm_i8x16_splat('A' - 1)) & wasm_i8x16_lt(v, wasm_i8x16_splat('Z' + 1));
    v = wasm_i32x4_mul(v | (upper & wasm_i8x16_splat(0x20)), words);
    h = (h ^ wasm_i32x4_extract_lane(v, 0) ^ wasm_i32x4_extract_lane(v, 1) ^ wasm_i32x4_extract_lane(v, 2) ^
         wasm_i32x4_extract_lane(v, 3)) *
        HASH_PRIME;
  }
  return (int)(h >> 2);
}

// Does the name at units [from, to) start with "strings", in any case?
static int isStringsName(const Scan *s, int from, int to) {
  static const char STRINGS[] = "strings";
  if (to - from < 7) return 0;
  for (int i = 0; i < 7; i++) {
    unsigned c = unitAt(s, from + i);
    if (c - 'A' < 26u) c += 0x20;
    if (c != (unsigned)STRINGS[i]) return 0;
  }
  return 1;
}

// iswspace: the Unicode White_Space characters in the BMP. Of the Windows-1252 bytes, 0xA0 is
// one (U+00A0); 0x85 is not (it is U+2026, where ISO-8859-1 has U+0085).
static inline __attribute__((always_inline)) int isSpace(const Scan *s, int c) {
  if (c <= 0x20) return c == 0x20 || (c >= 0x09 && c <= 0x0d);
  if (!s->wide) return c == 0xa0;
  if (c < 0x85) return 0;
  return c == 0x85 || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
         c == 0x202f || c == 0x205f || c == 0x3000;
}

// The units the scanner must look at: LF , ; = " % \ and NUL.
static const unsigned char SPECIAL[256] = {
    [0] = 1, [LF] = 1, [QUOTE] = 1, [PERCENT] = 1, [COMMA] = 1, [SEMICOLON] = 1, [EQUALS] = 1, [BACKSLASH] = 1,
};

// The first special unit at or after `i`, or the window's end.
static inline __attribute__((always_inline)) int skipPlain(const Scan *s, int i) {
  if (s->wide) {
    const unsigned short *u = s->units;
    for (; i < s->count; i++) {
      int c = u[i];
      if (c < 256 && SPECIAL[c]) return i;
    }
    return s->count;
  }
  // Bytes, 16 at a time: a byte is special when the classes of its two halves share a bit
  // (1: 0x00 0x0A; 2: 0x22 0x25 0x2C; 4: 0x3B 0x3D; 8: 0x5C).
  const v128_t low = wasm_i8x16_make(1, 0, 2, 0, 0, 2, 0, 0, 0, 0, 1, 4, 10, 4, 0, 0);
  const v128_t high = wasm_i8x16_make(1, 0, 2, 4, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  const unsigned char *u = s->units;
  for (; i < s->count; i += 16) {
    v128_t v = wasm_v128_load(u + i);
    v128_t classes = wasm_i8x16_swizzle(low, v & wasm_i8x16_splat(15)) & wasm_i8x16_swizzle(high, wasm_u8x16_shr(v, 4));
    int bits = wasm_i8x16_bitmask(wasm_i8x16_ne(classes, wasm_i8x16_splat(0)));
    if (bits) return i + __builtin_ctz(bits) < s->count ? i + __builtin_ctz(bits) : s->count;
  }
  return s->count;
}

// The first LF, NUL or `unit` at or after `i`, or the window's end: 16 bytes or 8 UTF-16 units
// at a time. A vector may read past the window's end (the records lie beyond it); what it finds
// there is not counted.
static inline __attribute__((always_inline)) int skipTo(const Scan *s, int i, int unit) {
  if (s->wide) {
    const unsigned short *u = s->units;
    for (; i < s->count; i += 8) {
      v128_t v = wasm_v128_load(u + i);
      int bits = wasm_i16x8_bitmask(wasm_i16x8_eq(v, wasm_i16x8_splat(LF)) | wasm_i16x8_eq(v, wasm_i16x8_splat(0)) |
                                    wasm_i16x8_eq(v, wasm_i16x8_splat(unit)));
      if (bits) return i + __builtin_ctz(bits) < s->count ? i + __builtin_ctz(bits) : s->count;
    }
  } else {
    const unsigned char *u = s->units;
    for (; i < s->count; i += 16) {
      v128_t v = wasm_v128_load(u + i);
      int bits = wasm_i8x16_bitmask(wasm_i8x16_eq(v, wasm_i8x16_splat(LF)) | wasm_i8x16_eq(v, wasm_i8x16_splat(0)) |
                                    wasm_i8x16_eq(v, wasm_i8x16_splat(unit)));
      if (bits) return i + __builtin_ctz(bits) < s->count ? i + __builtin_ctz(bits) : s->count;
    }
  }
  return s->count;
}

// The first LF or NUL at or after `i`, or the window's end.
static inline __attribute__((always_inline)) int skipToLineEnd(const Scan *s, int i) { return skipTo(s, i, LF); }

// The '\n' that ends the line at `from`; the window's end when the text ends there first;
// NO_ROOM when the window ends first.
static inline __attribute__((always_inline)) int lineEnd(const Scan *s, int from) {
  for (int i = skipToLineEnd(s, from); i < s->count; i = skipToLineEnd(s, i + 1)) {
    if (unitAt(s, i) == LF) return i;
  }
  return s->final ? s->count : NO_ROOM;
}

// The unit at `i`: LF at the end of the text, NO_ROOM past the window.
static inline __attribute__((always_inline)) int next(const Scan *s, int i) {
  if (i < s->count) return unitAt(s, i);
  return s->final ? LF : NO_ROOM;
}

// Reads, in one pass, the line whose first non-space character is at `from`, on the line
// starting at `lineStart`; returns its end, DECLINED, or NO_ROOM (the window or the records ran
// out). Each line it reads (it may continue onto more) must have no NUL and, from its first
// field on, at most maxField units: then no token on it can be cut.
static inline __attribute__((always_inline)) int tryLine(Scan *s, int from, int lineStart, int gap) {
  int *line = s->out;
  int *o = line + LINE_INTS;
  int fields = 0, hasKey = 0, lines = 0;
  int segment = from;  // where the current line's length is counted from
  int eol;
  for (int b = from;;) {
    int c = next(s, b);
    while (c != LF && isSpace(s, c)) c = next(s, ++b);
    if (c < 0) return c;
    if (c == 0) return DECLINED;
    int first = fields == 0 && !hasKey;
    if (!first && c == BACKSLASH) {
      int p = b + 1;
      int u = next(s, p);
      while (u != LF && isSpace(s, u)) u = next(s, ++p);
      if (u < 0) return u;
      if (u == LF && p < s->count) {
        // `,\` or `=\` ends the line: the field, still empty, goes on at the next line.
        if (p - segment > s->maxField) return DECLINED;
        lines++;
        lineStart = segment = b = p + 1;
        continue;
      }
    }
    int stop, end, flags = 0;    // stop: the field's terminator (',', '=' after the first, ';' or the line's end)
    int percents = 0, text = b;  // text: where the field's text starts (past an opening quote)
    if (c == QUOTE) {
      int close = skipPlain(s, b + 1);
      for (int u = next(s, close); u != QUOTE; close = skipPlain(s, close + 1), u = next(s, close)) {
        if (u < 0) return u;
        if (u == LF || u == 0) return DECLINED;  // no closing quote on the line, or a NUL
        if (u == PERCENT) percents++;
      }
      text = b + 1;
      stop = close + 1;
      int u = next(s, stop);
      while (u != LF && isSpace(s, u)) u = next(s, ++stop);
      if (u < 0) return u;
      if (u != COMMA && u != SEMICOLON && u != LF && !(u == EQUALS && first)) return DECLINED;
      end = close + 1;
      flags |= FIELD_QUOTED;
    } else {
      for (stop = skipPlain(s, b);; stop = skipPlain(s, stop + 1)) {
        int u = next(s, stop);
        if (u < 0) return u;
        if (u == LF || u == COMMA || u == SEMICOLON || (u == EQUALS && first)) break;
        if (u == QUOTE || u == 0) return DECLINED;
        if (u == PERCENT) percents++;
        if (u == BACKSLASH) {
          int after = next(s, stop + 1);
          if (after < 0) return after;
          // It may continue the line: the state machine decides.
          if (after == COMMA || after == SEMICOLON || (after == EQUALS && first) || isSpace(s, after)) return DECLINED;
        }
      }
      end = stop;
      while (end > b && isSpace(s, unitAt(s, end - 1))) end--;
    }
    if (o + FIELD_INTS > s->limit) return NO_ROOM;
    int textEnd = flags & FIELD_QUOTED ? end - 1 : end;
    int hash = -1;
    if (first && inStrings) {
      hash = foldHash(s, text, textEnd);
      flags |= FIELD_TEXT_HASH;
    } else if (percents == 2 && textEnd - text > 2 && unitAt(s, text) == PERCENT && unitAt(s, textEnd - 1) == PERCENT) {
      hash = foldHash(s, text + 1, textEnd - 1);
      flags |= FIELD_NAME_HASH;
    }
    if (percents) flags |= FIELD_PERCENT;
    int terminator = next(s, stop);
    if (terminator == EQUALS) {
      flags |= FIELD_KEY;
      hasKey = 1;
    } else {
      fields++;
    }
    o[0] = s->base + b;
    o[1] = s->base + end;
    o[2] = flags;
    o[3] = lines;
    o[4] = b - lineStart + 1;
    o[5] = hash;
    o += FIELD_INTS;
    if (terminator == COMMA || terminator == EQUALS) {
      b = stop + 1;
      continue;
    }
    // The line's end: here, or past a comment (a NUL in it sends the line to the state machine).
    if (terminator == LF) {
      eol = stop;
      break;
    }
    for (eol = skipToLineEnd(s, stop + 1);; eol = skipToLineEnd(s, eol + 1)) {
      int u = next(s, eol);
      if (u < 0) return u;
      if (u == LF) break;
      if (u == 0) return DECLINED;
    }
    break;
  }
  if (eol - segment > s->maxField) return DECLINED;
  line[0] = s->base + from;
  line[1] = s->base + eol;
  line[2] = fields + hasKey;
  line[3] = hasKey ? KIND_KEY : KIND_VALUES;
  line[4] = lines;
  line[5] = s->base + lineStart;
  line[6] = gap;
  s->out = o;
  return eol;
}

// Reads the section header whose '[' is at `from`, on the line starting at `lineStart`: the name
// runs to the first ']' on the line, the rest of the line is a comment. Declines a header the
// state machine must read: no ']' on the line, a NUL in the name, a name it would cut.
static inline __attribute__((always_inline)) int tryHeader(Scan *s, int from, int lineStart, int gap) {
  int close = skipTo(s, from + 1, RBRACKET);
  int u = next(s, close);
  if (u < 0) return u;
  if (u != RBRACKET) return DECLINED;
  if (close - (from + 1) > s->maxField) return DECLINED;
  int eol = lineEnd(s, close + 1);
  if (eol < 0) return eol;
  int *line = s->out;
  if (line + LINE_INTS + FIELD_INTS > s->limit) return NO_ROOM;
  line[0] = s->base + from;
  line[1] = s->base + eol;
  line[2] = 1;
  line[3] = KIND_HEADER;
  line[4] = 0;
  line[5] = s->base + lineStart;
  line[6] = gap;
  int *name = line + LINE_INTS;
  name[0] = s->base + from + 1;
  name[1] = s->base + close;
  name[2] = FIELD_TEXT_HASH;
  name[3] = 0;
  name[4] = from + 1 - lineStart + 1;
  name[5] = foldHash(s, from + 1, close);
  s->out = name + FIELD_INTS;
  inStrings = isStringsName(s, from + 1, close);
  return eol;
}

static inline __attribute__((always_inline)) int scanWindow(Scan *s) {
  int *start = s->out;
  int lineStart = 0;
  int gap = -1;  // line breaks since the last line recorded, if only blank lines and comments followed it
  while (lineStart < s->count) {
    int b = lineStart;
    while (b < s->count && unitAt(s, b) != LF && isSpace(s, unitAt(s, b))) b++;
    int c = b < s->count ? unitAt(s, b) : LF;
    if (c == LF || c == SEMICOLON) {
      if (gap >= 0) gap++;  // a blank line or a comment
    } else {
      int end = c == LBRACKET ? tryHeader(s, b, lineStart, gap) : tryLine(s, b, lineStart, gap);
      // Out of room with records to read: stop, and go on from this line next time. With
      // none, this line needs more room than there is: decline it.
      if (end == NO_ROOM && s->out != start) break;
      if (end >= 0) {
        lineStart = end + 1;
        gap = 1;
        continue;
      }
      gap = -1;
    }
    int eol = lineEnd(s, b);
    if (eol == NO_ROOM) {
      if (s->out != start) break;
      eol = s->count;  // a line longer than the window is declined
    }
    lineStart = eol + 1;
  }
  resumeAt = s->base + (lineStart < s->count ? lineStart : s->count);
  return (int)(s->out - start);
}

// Scans the window of `count` units at `units` (`wide`: UTF-16, else Windows-1252 bytes), which
// starts at position `base` of the text at the start of a line; `final`: the text ends with it.
// Writes records at `out` (room for `capacity` ints) and returns how many ints it wrote;
// resume() then says where the next window should start. `seed`: foldHash's.
__attribute__((export_name("scan"))) int scan(const void *units, int wide, int count, int final, int maxField, int base,
                                              int *out, int capacity, int seed) {
  Scan s = {units, 1, count, final, maxField, base, out, out + capacity};
  hashSeed = (unsigned)seed;
  if (wide) return scanWindow(&s);  // each call inlines its own copy, for one kind of unit
  s.wide = 0;
  return scanWindow(&s);
}

__attribute__((export_name("resume"))) int resume(void) { return resumeAt; }
