// %strkey%, %% and %DIRID% substitution, as SetupAPI's PARSER_string_substW does it:
// scan for '%' pairs left to right; `%%` is a single '%'; a key found in the string table
// is replaced by its value (never substituted again); otherwise a decimal number is a
// DIRID; anything else stays as written, percent signs included. A DIRID value's trailing
// backslash is dropped when the text continues with a backslash.

/** Longest substituted value SetupAPI returns (MAX_INF_STRING_LENGTH). */
export const MAX_STRING_LENGTH = 4096;

export interface SubstitutionTables {
  /** String key → value (keys match case-insensitively). */
  lookupString(key: string): string | undefined;
  /** DIRID → directory, or undefined to leave `%N%` as written. */
  dirids: Record<number, string> | undefined;
}

/**
 * Parse `text` as a DIRID the way wcstol(text, &end, 10) with a full-consumption check does:
 * optional leading white space, optional sign, decimal digits, nothing after.
 */
export function parseDirid(text: string): number | undefined {
  let i = 0;
  const n = text.length;
  while (i < n && isCSpace(text.charCodeAt(i))) i++;
  let sign = 1;
  if (i < n && (text[i] === '+' || text[i] === '-')) {
    if (text[i] === '-') sign = -1;
    i++;
  }
  const digitsFrom = i;
  let value = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
    i++;
  }
  if (i === digitsFrom || i !== n) return undefined;
  // wcstol saturates at LONG_MIN/LONG_MAX
  return Math.max(-2147483648, Math.min(2147483647, sign * value));
}

function isCSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function lookup(tables: SubstitutionTables, name: string, beforeBackslash: boolean): string | undefined {
  if (name.length === 0) return '%';
  const value = tables.lookupString(name);
  if (value !== undefined) return value;
  const dirid = parseDirid(name);
  if (dirid === undefined || !tables.dirids) return undefined;
  const dir = tables.dirids[dirid];
  if (dir === undefined) return undefined;
  return beforeBackslash && dir.endsWith('\\') ? dir.slice(0, -1) : dir;
}

export function substitute(text: string, tables: SubstitutionTables): string {
  let p = text.indexOf('%');
  if (p < 0) return text.length > MAX_STRING_LENGTH ? text.slice(0, MAX_STRING_LENGTH) : text;
  if (p === 0 && text.indexOf('%', 1) === text.length - 1) {
    // The whole text is one %xx% (most are): nothing to join.
    const out = lookup(tables, text.slice(1, -1), false) ?? text;
    return out.length > MAX_STRING_LENGTH ? out.slice(0, MAX_STRING_LENGTH) : out;
  }
  let out = text.slice(0, p);
  let open = p; // position of the '%' that opened the current %xx%
  for (p = text.indexOf('%', open + 1); p >= 0; p = text.indexOf('%', open + 1)) {
    const name = text.slice(open + 1, p);
    const value = lookup(tables, name, text.charCodeAt(p + 1) === 92);
    out += value ?? text.slice(open, p + 1);
    if (out.length >= MAX_STRING_LENGTH) return out.slice(0, MAX_STRING_LENGTH);
    const next = text.indexOf('%', p + 1);
    if (next < 0) {
      open = -1;
      out += text.slice(p + 1);
      break;
    }
    out += text.slice(p + 1, next);
    open = next;
  }
  if (open >= 0) out += text.slice(open); // an unfinished %xx stays as written
  return out.length > MAX_STRING_LENGTH ? out.slice(0, MAX_STRING_LENGTH) : out;
}
