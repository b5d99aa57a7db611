// Behaviours SetupAPI's parser is known for (the same ones Wine's dlls/setupapi/tests/parser.c
// pins down), as tables of input → expected result. Where Windows and Wine differ, the
// expectation is Windows' (Vista and later); see docs/wine-gaps.md.
import { describe, expect, it } from 'vitest';
import { lookupKey } from '../../lib/index.js';
import { STD_HEADER, parseBytes } from './helpers.js';

const a = (n: number): string => 'a'.repeat(n);

describe('files SetupAPI opens or refuses', () => {
  // [file contents, expected error name or null, expected error line]
  const cases: Array<[string, string | null, number?]> = [
    ['\r\n', 'ERROR_WRONG_INF_STYLE'],
    ['[Version]\r\n', 'ERROR_WRONG_INF_STYLE'],
    ['[Version]\nSignature=', 'ERROR_WRONG_INF_STYLE'],
    ['[Version]\nSignature=foo', 'ERROR_WRONG_INF_STYLE'],
    ['[version]\nsignature=$chicago$', null],
    ['[VERSION]\nSIGNATURE=$CHICAGO$', null],
    ['[Version]\nSignature="$Windows NT$"', null],
    ['[Version]\nSignature=$Windows 95$', null],
    ['[Version]\nSignature=$chicago$,abcd', null],
    ['[Version]\nabc=def\nSignature=$chicago$', null],
    ['[Version]\nabc=def\n[Version]\nSignature=$chicago$', null],
    [STD_HEADER, null],
    [`${STD_HEADER}[]\r\n`, null],
    [`${STD_HEADER}]\r\n`, null],
    [`${STD_HEADER}[${a(255)}]\r\n`, null],
    [`${STD_HEADER}[ab\r\n`, 'ERROR_BAD_SECTION_NAME_LINE', 3],
    [`${STD_HEADER}\n\n[ab\x1a]\n`, 'ERROR_BAD_SECTION_NAME_LINE', 5],
    [`${STD_HEADER}[${a(256)}]\r\n`, 'ERROR_SECTION_NAME_TOO_LONG', 3],
    [`[abc]\n${STD_HEADER}`, null],
    [`abc\r\n${STD_HEADER}`, 'ERROR_EXPECTED_SECTION_NAME', 1],
    [`;\n;\nabc\r\n${STD_HEADER}`, 'ERROR_EXPECTED_SECTION_NAME', 3],
    [`;\n;\nab\nab\n${STD_HEADER}`, 'ERROR_EXPECTED_SECTION_NAME', 3],
    [`;aa\n;bb\n${STD_HEADER}`, null],
    [`garbage1\ngarbage2\n[abc]\n${STD_HEADER}`, 'ERROR_EXPECTED_SECTION_NAME', 1],
    // Text before the first section is tolerated when the file has a [Strings] section.
    [`garbage1\ngarbage2\n[Strings]\n${STD_HEADER}`, null],
    [`;comment\ngarbage1\ngarbage2\n[abc]\n${STD_HEADER}`, 'ERROR_EXPECTED_SECTION_NAME', 2],
    [` \t\ngarbage1\ngarbage2\n${STD_HEADER}[Strings]\n`, null],
    [` \t\ngarbage1\ngarbage2\n${STD_HEADER}[abc]\n`, 'ERROR_EXPECTED_SECTION_NAME', 2],
  ];
  it.each(cases)('%j → %s', (data, error, line) => {
    const doc = parseBytes(data);
    expect(doc.openError?.name ?? null).toBe(error);
    if (error && line !== undefined) expect(doc.openError?.line).toBe(line);
    if (error === 'ERROR_WRONG_INF_STYLE') expect(doc.openError?.line).toBeUndefined();
  });

  it('still returns what it read from a refused file', () => {
    const doc = parseBytes('[Strings]\nfoo=bar\n[Other]\nx=%foo%\n');
    expect(doc.openError?.name).toBe('ERROR_WRONG_INF_STYLE');
    expect(doc.value('Other', 'x')).toBe('bar');
  });
});

describe('section names', () => {
  // [file contents after the header, name to look up, found?]
  const cases: Array<[string, string, boolean]> = [
    ['[TestSection]', 'TestSection', true],
    ['[TestSection]\n', 'TestSection', true],
    ['[TESTSECTION]\r\n', 'TestSection', true],
    ['[TestSection]\n[abc]', 'testsection', true],
    [';[TestSection]\n', 'TestSection', false],
    ['[TestSection]\n', 'Bad name', false],
    ['[TestSection]   \r\n', 'TestSection', true],
    ['   [TestSection]\r\n', 'TestSection', true],
    ['   [TestSection]   dummy\r\n', 'TestSection', true],
    ['   [TestSection]   [foo]\r\n', 'TestSection', true],
    [' [  Test Section  ] dummy\r\n', '  Test Section  ', true],
    ['[TestSection] \x1a\ndummy', 'TestSection', true],
    ['[TestSection] \n\x1adummy', 'TestSection', true],
    ['[Test[Section]\r\n', 'Test[Section', true],
    ['[Test[S]ection]\r\n', 'Test[S', true],
    ['[Test[[[Section]\r\n', 'Test[[[Section', true],
    ['[]\r\n', '', true],
    ['[[[]\n', '[[', true],
    ['[Test"Section]\r\n', 'Test"Section', true],
    ['[Test\\Section]\r\n', 'Test\\Section', true],
    ['[Test\\ Section]\r\n', 'Test\\ Section', true],
    ['[Test;Section]\r\n', 'Test;Section', true],
    [' [Test\r\b\tSection] \n', 'Test\r\b\tSection', true],
  ];
  it.each(cases)('%j: [%s] found=%s', (data, name, found) => {
    const doc = parseBytes(STD_HEADER + data);
    expect(doc.openError).toBeNull();
    expect(doc.hasSection(name)).toBe(found);
  });

  it('merges a section that appears twice, keeping its first spelling and both headers', () => {
    const doc = parseBytes(`${STD_HEADER}[Test]\na=1\n[Other]\n[TEST]\nb=2\n`);
    expect(doc.sections.map((s) => s.name)).toEqual(['Version', 'Test', 'Other']);
    const test = doc.section('test')!;
    expect(test.lines.map((l) => l.key)).toEqual(['a', 'b']);
    expect(test.headers.map((h) => h.line)).toEqual([3, 6]);
    expect(test.lines.map((l) => l.index)).toEqual([0, 1]);
  });
});

describe('keys and fields', () => {
  const STR_SECTION =
    '[Strings]\nfoo=aaa\nbar=bbb\nloop=%loop2%\nloop2=%loop%\n' +
    'per%%cent=abcd\nper=1\ncent=2\n22=foo\n' +
    `big=${a(400)}\n` +
    'mydrive="C:\\"\n' +
    `verybig=${a(1200)}\n`;
  // [line(s) in [Test], key SetupAPI reports (field 0), fields]
  const cases: Array<[string, string | null, string[]]> = [
    ['ab=cd', 'ab', ['cd']],
    ['ab=cd,ef,gh,ij', 'ab', ['cd', 'ef', 'gh', 'ij']],
    ['ab', 'ab', ['ab']],
    ['ab,cd', null, ['ab', 'cd']],
    ['ab,cd=ef', null, ['ab', 'cd=ef']],
    ['=abcd,ef', '', ['abcd', 'ef']],
    // backslashes: a trailing one continues the line, any other is literal
    ['ba\\\ncd=ef', 'bacd', ['ef']],
    ['ab  \\  \ncd=ef', 'abcd', ['ef']],
    ['ab\\\ncd,ef', null, ['abcd', 'ef']],
    ['ab  \\ ;cc\ncd=ef', 'abcd', ['ef']],
    ['ab \\ \\ \ncd=ef', 'abcd', ['ef']],
    ['ba \\ dc=xx', 'ba \\ dc', ['xx']],
    ['ba \\\\ \nc=d', 'bac', ['d']],
    ['a=b\\\\c', 'a', ['b\\\\c']],
    ['ab=cd \\ ', 'ab', ['cd']],
    ['ba=c \\ \n \\ \n a', 'ba', ['ca']],
    ['ba=c \\ \n \\ a', 'ba', ['c\\ a']],
    ['  \\ a= \\ b', '\\ a', ['\\ b']],
    // quotes
    ['Ab"Cd"=Ef', 'AbCd', ['Ef']],
    ['Ab"Cd=Ef"', 'AbCd=Ef', ['AbCd=Ef']],
    ['ab"""cd,ef=gh"', 'ab"cd,ef=gh', ['ab"cd,ef=gh']],
    ['ab""cd=ef', 'abcd', ['ef']],
    ['ab""cd=ef,gh', 'abcd', ['ef', 'gh']],
    ['ab=cd""ef', 'ab', ['cdef']],
    ['ab=cd","ef', 'ab', ['cd,ef']],
    ['ab=cd",ef', 'ab', ['cd,ef']],
    ['ab=cd",ef\\\nab', 'ab', ['cd,ef\\']],
    // single quotes are ordinary characters
    ["HKLM,A,B,'C',D", null, ['HKLM', 'A', 'B', "'C'", 'D']],
    // spaces
    [' a b = c , d \n', 'a b', ['c', 'd']],
    [' a b = c ," d" \n', 'a b', ['c', ' d']],
    [' a b\r = c\r\n', 'a b', ['c']],
    // empty fields are kept
    ['a=b,,,c,,,d', 'a', ['b', '', '', 'c', '', '', 'd']],
    ['a=b,"",c," ",d', 'a', ['b', '', 'c', ' ', 'd']],
    ['=,,b', '', ['', '', 'b']],
    [',=,,b', null, ['', '=', '', 'b']],
    ['a=\n', 'a', ['']],
    ['=', '', ['']],
    // Ctrl-Z ends the file
    ['ab=c\x1ad', 'ab', ['c']],
    ['ab\x1a=cd', 'ab', ['ab']],
    // NUL becomes a space (and trails like one in values)
    ['abcd=ef\x00gh', 'abcd', ['ef gh']],
    ['foo=%bar%\n[Strings]\nbar=bbb\x00\n', 'foo', ['bbb']],
    ['foo=%bar%\n[Strings]\nbar=bbb \x00\n', 'foo', ['bbb']],
    ['foo=%bar%\n[Strings]\nbar=aaa\x00bbb \x00\n', 'foo', ['aaa bbb']],
    // sections with the same name merge
    ['[Test2]\nab\n[Test]\nee=ff\n', 'ee', ['ff']],
    // string substitution (keys too), never recursive
    [`%foo%=%bar%\n${STR_SECTION}`, 'aaa', ['bbb']],
    [`%foo%xx=%bar%yy\n${STR_SECTION}`, 'aaaxx', ['bbbyy']],
    [`%% %foo%=%bar%\n${STR_SECTION}`, '% aaa', ['bbb']],
    [`%f"o"o%=ccc\n${STR_SECTION}`, 'aaa', ['ccc']],
    [`abc=%bar;bla%\n${STR_SECTION}`, 'abc', ['%bar']],
    [`loop=%loop%\n${STR_SECTION}`, 'loop', ['%loop2%']],
    [`%per%%cent%=100\n${STR_SECTION}`, '12', ['100']],
    [`a=%big%\n${STR_SECTION}`, 'a', [a(400)]],
    // Windows Vista and later keep 1200 characters (Wine and XP cut at 511)
    [`a=%verybig%\n${STR_SECTION}`, 'a', [a(1200)]],
    [`a=%big%%big%%big%%big%\n${STR_SECTION}`, 'a', [a(1600)]],
    [`a=%big%%big%%big%%big%%big%%big%%big%%big%%big%\n${STR_SECTION}`, 'a', [a(3600)]],
    // a substituted value stops at MAX_INF_STRING_LENGTH (Windows 10 1709+: 4096)
    [`a=%big%%big%%big%%big%%big%%big%%big%%big%%big%%big%%big%\n${STR_SECTION}`, 'a', [a(4096)]],
    // a string value keeps its backslashes; unknown %keys% stay as written
    [`ab="%mydrive%\\fred"\n${STR_SECTION}`, 'ab', ['C:\\\\fred']],
    [`ab=%nokey%,100%\n${STR_SECTION}`, 'ab', ['%nokey%', '100%']],
    ['ab=C:\\\\FRED', 'ab', ['C:\\\\FRED']],
  ];
  it.each(cases)('%j → key %j, fields %j', (data, key, fields) => {
    const doc = parseBytes(`${STD_HEADER}[Test]\n${data}`);
    expect(doc.openError).toBeNull();
    const line = doc.section('Test')!.lines[0]!;
    expect(lookupKey(line)).toBe(key);
    expect(line.fields.map((f) => f.value)).toEqual(fields);
  });

  it('finds lines by substituted key, case-insensitively, and never by the unsubstituted text', () => {
    const doc = parseBytes(`${STD_HEADER}[Test]\n%foo%=1\nLone\n[Strings]\nfoo=Aaa\n`);
    expect(doc.linesWithKey('TEST', 'aaa')).toHaveLength(1);
    expect(doc.linesWithKey('Test', '%foo%')).toHaveLength(0);
    // a line that is one field without '=' is found by that field, as SetupFindFirstLine does
    expect(doc.linesWithKey('Test', 'lone')).toHaveLength(1);
    expect(doc.section('Test')!.lines[1]!.key).toBeNull();
    expect(doc.value('Test', 'AAA')).toBe('1');
  });

  it('keeps each field raw, unquoted and substituted', () => {
    const doc = parseBytes(`${STD_HEADER}[Test]\nk = "a ""q"" %s%" , %s%\n[Strings]\ns="x,y"\n`);
    const [f0, f1] = doc.section('Test')!.lines[0]!.fields;
    expect(f0).toMatchObject({ raw: '"a ""q"" %s%"', text: 'a "q" %s%', value: 'a "q" x,y' });
    expect(f1).toMatchObject({ raw: '%s%', text: '%s%', value: 'x,y' });
  });

  it('cuts a token at 4096 characters, as Windows Vista and later do, and says so', () => {
    const doc = parseBytes(`${STD_HEADER}[Test]\nk=x,${a(5000)},y\n`);
    const fields = doc.section('Test')!.lines[0]!.fields;
    expect(fields.map((f) => f.value.length)).toEqual([1, 4096, 1]);
    expect(doc.diagnostics.map((d) => d.code)).toContain('INF9006');
  });
});

describe('DIRID substitution', () => {
  const dirids = { 24: 'C:\\', 11: 'C:\\Windows\\System32', [-1]: '' };
  const cases: Array<[string, string]> = [
    ['"%24%"', 'C:\\'],
    ['"%24%\\fred"', 'C:\\fred'], // the DIRID's trailing backslash is dropped before another
    ['"%24%\\\\fred"', 'C:\\\\fred'],
    ['%11%\\drivers', 'C:\\Windows\\System32\\drivers'],
    ['%011%', 'C:\\Windows\\System32'],
    ['% 11%', 'C:\\Windows\\System32'],
    ['%-1%x', 'x'],
    ['%12%', '%12%'], // not in the table: left as written
    ['%11x%', '%11x%'],
  ];
  it.each(cases)('%s → %s', (field, value) => {
    const doc = parseBytes(`${STD_HEADER}[Test]\nk=${field}\n`, { dirids });
    expect(doc.value('Test', 'k')).toBe(value);
  });

  it('prefers a [Strings] key over a DIRID of the same number', () => {
    const doc = parseBytes(`${STD_HEADER}[Test]\nk=%11%\n[Strings]\n11=eleven\n`, { dirids });
    expect(doc.value('Test', 'k')).toBe('eleven');
  });
});

describe('localized strings', () => {
  const text =
    STD_HEADER +
    '[Test]\nk=%name%,%only%\n[Strings]\nname=English\nonly=base\n[Strings.0407]\nname=Deutsch\n[Strings.000C]\nname=Francais\n';
  it('uses [Strings] without a locale', () => {
    const doc = parseBytes(text);
    expect(doc.locale).toBeNull();
    expect(doc.section('Test')!.lines[0]!.fields.map((f) => f.value)).toEqual(['English', 'base']);
  });
  it('uses [Strings.LLLL] for the locale, falling back to [Strings] key by key', () => {
    const doc = parseBytes(text, { locale: '0407' });
    expect(doc.locale).toBe('0407');
    expect(doc.section('Test')!.lines[0]!.fields.map((f) => f.value)).toEqual(['Deutsch', 'base']);
    expect(doc.string('NAME')).toBe('Deutsch');
  });
  it('falls back to the primary language (040C → [Strings.000C])', () => {
    expect(parseBytes(text, { locale: '040c' }).value('Test', 'k')).toBe('Francais');
  });
  it('falls back to [Strings] for a locale the file does not have', () => {
    const doc = parseBytes(text, { locale: '0411' });
    expect(doc.locale).toBeNull();
    expect(doc.value('Test', 'k')).toBe('English');
  });
});
