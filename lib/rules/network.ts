// Network drivers of the NetDriver class: [DefaultInstall.NetDrivers], its AddNetFilter and
// AddNetProtocol directives, and the component sections they name (component identifiers,
// filter classes, bind tokens).
//
// Microsoft documents this INF form only through InfVerif's messages (2400-2420): they give the
// directive syntax (`AddNetFilter = <component id>,<component section>`) and the patterns. The
// keys of a component section checked here are those the messages name (FilterClass) and the
// names network INFs give filter types and bind token lists (FilterType, FilterRunType,
// UpperRange, LowerRange, FilterMediaTypes). Classic network INFs (Class = Net, NetService,
// NetTrans, NetClient, with Ndi registry values) are not checked against these patterns:
// Microsoft's ndisprot samples bind to "ndis4" and "ndis5_prot" there and pass InfVerif.
import type { InfDocument, InfField, InfLine, InfSection } from '../inf/types.js';
import type { Rule, RuleContext } from './types.js';
import { infInt, readVersion } from '../inf/model.js';
import {
  INSTALL_DECORATIONS,
  hasUnresolvedToken,
  includesOtherInfs,
  linesOfDirective,
  perDocument,
  type DirectiveLine,
} from './helpers.js';

/** [DefaultInstall.NetDrivers] and its decorated forms ([DefaultInstall.NTamd64.NetDrivers]), lower case. */
const NETDRIVERS_SECTIONS = new Set(['defaultinstall.netdrivers', ...INSTALL_DECORATIONS.map((d) => `defaultinstall.${d}.netdrivers`)]);

function isNetDriversSection(section: InfSection): boolean {
  return NETDRIVERS_SECTIONS.has(section.name.toLowerCase());
}

function netDriversSections(doc: InfDocument): InfSection[] {
  return doc.sections.filter(isNetDriversSection);
}

function isNetDriverInf(doc: InfDocument): boolean {
  return readVersion(doc).class?.value.trim().toLowerCase() === 'netdriver';
}

const NET_DIRECTIVES = ['addnetfilter', 'addnetprotocol'];

/** Every AddNetFilter and AddNetProtocol line, wherever it is. */
function netDirectives(doc: InfDocument): DirectiveLine[] {
  return NET_DIRECTIVES.flatMap((d) => linesOfDirective(doc, d));
}

/** The fields of a line with a value (trailing and inner empty ones dropped). */
function filled(line: InfLine): InfField[] {
  return line.fields.filter((f) => f.value.trim() !== '');
}

interface ComponentSection {
  /** 'addnetfilter' or 'addnetprotocol'. */
  directive: string;
  line: InfLine;
  section: InfSection;
}

/** The component sections AddNetFilter/AddNetProtocol name (each once, with the first line naming it). */
const componentSections = perDocument((doc: InfDocument): ComponentSection[] => {
  const seen = new Set<InfSection>();
  const out: ComponentSection[] = [];
  for (const { directive, line } of netDirectives(doc)) {
    const name = line.fields[1]?.value.trim();
    const section = name ? doc.section(name) : undefined;
    if (!section || seen.has(section)) continue; // a missing section is INF1203's
    seen.add(section);
    out.push({ directive, line, section });
  }
  return out;
});

/** The lines keyed `key` (lower case) in the component sections. */
function componentLines(doc: InfDocument, keys: ReadonlySet<string>): Array<{ key: string; line: InfLine; section: InfSection }> {
  const out: Array<{ key: string; line: InfLine; section: InfSection }> = [];
  for (const { section } of componentSections(doc)) {
    for (const line of section.lines) {
      const key = line.key?.trim().toLowerCase();
      if (key !== undefined && keys.has(key)) out.push({ key, line, section });
    }
  }
  return out;
}

const netDriversOutsideClass: Rule = {
  code: 'INF2405',
  description:
    '[DefaultInstall.NetDrivers] installs network components declaratively, and only an INF of the NetDriver ' +
    'class may have it, not an INF of another class (Net, NetService, ...).',
  fix: 'Set `Class = NetDriver` in [Version], or install the component the classic way (Ndi registry values).',
  bad: '[Version]\nSignature = "$Windows NT$"\nClass = NetService\n\n[DefaultInstall.NetDrivers]\nAddNetFilter = contoso_filter, Filter_Component',
  good: '[Version]\nSignature = "$Windows NT$"\nClass = NetDriver\n\n[DefaultInstall.NetDrivers]\nAddNetFilter = contoso_filter, Filter_Component',
  check(ctx) {
    if (isNetDriverInf(ctx.doc)) return;
    const cls = readVersion(ctx.doc).class?.value.trim();
    for (const section of netDriversSections(ctx.doc)) {
      ctx.report(
        section,
        `only an INF with Class = NetDriver may use [${section.name}]${cls ? `; this INF's Class is "${cls}"` : '; this INF has no Class'}`,
      );
    }
  },
};

const netDriverWithoutComponents: Rule = {
  code: 'INF2420',
  description:
    'An INF with `Class = NetDriver` installs its network components through [DefaultInstall.NetDrivers], which ' +
    'must hold at least one AddNetFilter or AddNetProtocol directive: without one the INF installs no network ' +
    'component. In an INF that uses Include=, the directives may come from an included INF through Needs, so it ' +
    'is then a warning.',
  fix: 'Add [DefaultInstall.NetDrivers] with `AddNetFilter = <component id>, <component section>` or `AddNetProtocol = ...`.',
  bad: '[Version]\nSignature = "$Windows NT$"\nClass = NetDriver\n\n[DefaultInstall.NetDrivers]\nCopyFiles = Files',
  good: '[Version]\nSignature = "$Windows NT$"\nClass = NetDriver\n\n[DefaultInstall.NetDrivers]\nAddNetFilter = contoso_filter, Filter_Component',
  check(ctx) {
    const { doc } = ctx;
    if (!isNetDriverInf(doc)) return;
    const sections = netDriversSections(doc);
    const has = (s: InfSection): boolean => s.lines.some((l) => NET_DIRECTIVES.includes(l.key?.trim().toLowerCase() ?? ''));
    if (sections.some(has)) return;
    const severity = includesOtherInfs(doc) ? 'warning' : undefined;
    const at = sections[0] ?? readVersion(doc).class!.field;
    const what = sections[0]
      ? `[${sections[0].name}] has no AddNetFilter or AddNetProtocol directive`
      : 'it has no [DefaultInstall.NetDrivers] section';
    ctx.report(
      at,
      `a NetDriver INF needs a [DefaultInstall.NetDrivers] section with at least one AddNetFilter or AddNetProtocol directive; ${what}`,
      severity,
    );
  },
};

const netDirectiveFields: Rule = {
  code: 'INF2400',
  description:
    'AddNetFilter and AddNetProtocol take exactly two fields: the component identifier and the component section ' +
    'that describes it (`AddNetFilter = contoso_filter, Filter_Component`), no more and no fewer.',
  fix: 'Write `AddNetFilter = <component id>, <component section>`.',
  bad: '[DefaultInstall.NetDrivers]\nAddNetFilter = contoso_filter',
  good: '[DefaultInstall.NetDrivers]\nAddNetFilter = contoso_filter, Filter_Component',
  check(ctx) {
    for (const { line } of netDirectives(ctx.doc)) {
      const [id, section] = line.fields;
      const extra = line.fields.slice(2).some((f) => f.value.trim() !== '');
      if (id?.value.trim() && section?.value.trim() && !extra) continue;
      ctx.report(line, `${line.key!.trim()} needs two fields, <component id>,<component section>; it has ${filled(line).length}`);
    }
  },
};

/** What a NetDrivers section may hold besides the net directives. */
const NETDRIVERS_ALSO = new Set(['include', 'needs']);

const netDirectivePlace: Rule = {
  code: 'INF2402',
  description:
    'AddNetFilter and AddNetProtocol belong in [DefaultInstall.NetDrivers] (plain or with an architecture ' +
    'decoration), and that section holds only them (and Include/Needs). A net directive elsewhere, or another ' +
    'directive there, is an error.',
  fix: 'Move AddNetFilter/AddNetProtocol into [DefaultInstall.NetDrivers], and other directives (CopyFiles, AddReg, ...) into [DefaultInstall] or the component section.',
  bad: '[DefaultInstall.NTamd64]\nAddNetFilter = contoso_filter, Filter_Component',
  good: '[DefaultInstall.NTamd64.NetDrivers]\nAddNetFilter = contoso_filter, Filter_Component',
  check(ctx) {
    for (const { section, line } of netDirectives(ctx.doc)) {
      if (!isNetDriversSection(section))
        ctx.report(
          line,
          `section [${section.name}] does not permit the ${line.key!.trim()} directive; it belongs in [DefaultInstall.NetDrivers]`,
        );
    }
    for (const section of netDriversSections(ctx.doc)) {
      for (const line of section.lines) {
        const key = line.key?.trim().toLowerCase();
        if (key === undefined || NET_DIRECTIVES.includes(key) || NETDRIVERS_ALSO.has(key)) continue;
        ctx.report(
          line,
          `section [${section.name}] does not permit the ${line.key!.trim()} directive; it holds AddNetFilter and AddNetProtocol`,
        );
      }
    }
  },
};

/** Component identifiers and filter classes: lower-case letters, digits and _. */
const LOWER_NAME = /^[a-z0-9_]+$/;

/** The component identifier field of each net directive, when it has one to check. */
function componentIds(doc: InfDocument): Array<{ field: InfField; id: string }> {
  return netDirectives(doc).flatMap(({ line }) => {
    const field = line.fields[0];
    const id = field?.value.trim() ?? '';
    return field && id !== '' && !hasUnresolvedToken(field) ? [{ field, id }] : [];
  });
}

const badComponentIdentifier: Rule = {
  code: 'INF2412',
  description:
    'The component identifier of an AddNetFilter or AddNetProtocol directive (its first field) may hold only ' +
    'lower-case letters, digits and underscores (`[a-z0-9_]+`): the network configuration uses it as a name.',
  fix: 'Write the identifier in lower case without other characters, e.g. `contoso_filter`.',
  bad: '[DefaultInstall.NetDrivers]\nAddNetFilter = Contoso-Filter, Filter_Component',
  good: '[DefaultInstall.NetDrivers]\nAddNetFilter = contoso_filter, Filter_Component',
  check(ctx) {
    for (const { field, id } of componentIds(ctx.doc)) {
      if (!LOWER_NAME.test(id)) ctx.report(field, `invalid component identifier "${id}"; use only a-z, 0-9 and _`);
    }
  },
};

/** `ms_` and `vms_` (any case) are Windows' own. */
function isReservedPrefix(id: string): boolean {
  const lower = id.toLowerCase();
  return lower.startsWith('ms_') || lower.startsWith('vms_');
}

const reservedComponentIdentifier: Rule = {
  code: 'INF2415',
  description:
    'Component identifiers starting with `ms_` or `vms_` belong to the network components of Windows itself. A ' +
    'third-party AddNetFilter or AddNetProtocol may not use them: it could replace or collide with an OS component.',
  fix: 'Start the identifier with your company name instead, e.g. `contoso_filter`.',
  bad: '[DefaultInstall.NetDrivers]\nAddNetFilter = ms_contosofilter, Filter_Component',
  good: '[DefaultInstall.NetDrivers]\nAddNetFilter = contoso_filter, Filter_Component',
  check(ctx) {
    for (const { field, id } of componentIds(ctx.doc)) {
      if (isReservedPrefix(id))
        ctx.report(field, `component identifier "${id}" starts with ms_ or vms_, which only Windows' own components may use`);
    }
  },
};

const SINGLE_VALUE_KEYS = new Set(['filterclass', 'filtertype', 'filterruntype']);

const singleFieldDirective: Rule = {
  code: 'INF2403',
  description:
    'In a component section named by AddNetFilter or AddNetProtocol, FilterClass, FilterType and FilterRunType ' +
    'each take exactly one value, not several and not none.',
  fix: 'Give one value, e.g. `FilterClass = compression`.',
  bad: '[DefaultInstall.NetDrivers]\nAddNetFilter = contoso_filter, Filter_Component\n\n[Filter_Component]\nFilterClass = compression, vpn',
  good: '[DefaultInstall.NetDrivers]\nAddNetFilter = contoso_filter, Filter_Component\n\n[Filter_Component]\nFilterClass = compression',
  check(ctx) {
    for (const { line } of componentLines(ctx.doc, SINGLE_VALUE_KEYS)) {
      const count = line.fields.length === 1 && line.fields[0]!.value.trim() === '' ? 0 : line.fields.length;
      if (count !== 1)
        ctx.report(line, `${line.key!.trim()} directive must have exactly 1 field; ${count} ${count === 1 ? 'was' : 'were'} provided`);
    }
  },
};

const badFilterClass: Rule = {
  code: 'INF2414',
  description:
    'The FilterClass of a network filter (in the component section AddNetFilter names) orders the filter in the ' +
    'stack of modifying filters; it is a name of lower-case letters, digits and underscores (`[a-z0-9_]+`), such ' +
    'as `compression`, `encryption`, `vpn` or `ms_switch_filter`.',
  fix: 'Write the class in lower case, e.g. `FilterClass = compression`.',
  bad: '[DefaultInstall.NetDrivers]\nAddNetFilter = contoso_filter, Filter_Component\n\n[Filter_Component]\nFilterClass = Compression',
  good: '[DefaultInstall.NetDrivers]\nAddNetFilter = contoso_filter, Filter_Component\n\n[Filter_Component]\nFilterClass = compression',
  check(ctx) {
    for (const { line } of componentLines(ctx.doc, new Set(['filterclass']))) {
      const field = line.fields[0];
      if (!field || hasUnresolvedToken(field)) continue;
      const value = field.value.trim();
      if (value !== '' && !LOWER_NAME.test(value)) ctx.report(field, `invalid FilterClass value "${value}"; use only a-z, 0-9 and _`);
    }
  },
};

/** FilterType 2 (or the word Modifying) is a modifying filter; 1 is a monitoring one. */
function isModifying(field: InfField | undefined): boolean {
  if (!field || hasUnresolvedToken(field)) return false;
  const text = field.value.trim();
  return text.toLowerCase() === 'modifying' || infInt(text) === 2;
}

const modifyingWithoutClass: Rule = {
  code: 'INF2418',
  description:
    'A modifying network filter (FilterType 2 in the component section AddNetFilter names) must declare a ' +
    'FilterClass: the class decides where the filter sits among the other modifying filters. Monitoring filters ' +
    '(FilterType 1) have none.',
  fix: 'Add `FilterClass = <class>` (scheduler, encryption, compression, vpn, loadbalance, failover, diagnostic, custom, provider_address).',
  bad: '[DefaultInstall.NetDrivers]\nAddNetFilter = contoso_filter, Filter_Component\n\n[Filter_Component]\nFilterType = 2',
  good: '[DefaultInstall.NetDrivers]\nAddNetFilter = contoso_filter, Filter_Component\n\n[Filter_Component]\nFilterType = 2\nFilterClass = compression',
  check(ctx) {
    for (const { directive, section } of componentSections(ctx.doc)) {
      if (directive !== 'addnetfilter') continue;
      const keyed = (key: string): InfLine | undefined => section.lines.find((l) => l.key?.trim().toLowerCase() === key);
      const type = keyed('filtertype');
      if (type && isModifying(type.fields[0]) && !keyed('filterclass')) {
        ctx.report(type, `modifying filter drivers require a FilterClass; [${section.name}] has none`);
      }
    }
  },
};

const BIND_LIST_KEYS = new Set(['upperrange', 'lowerrange', 'filtermediatypes']);

/** The bind tokens of a bind-list line (fields joined, split at commas, trimmed). */
function bindTokens(line: InfLine): string[] {
  return line.fields
    .map((f) => f.value)
    .join(',')
    .split(',')
    .map((t) => t.trim());
}

/** Bind-list lines of the component sections whose values are all known (no unresolved %token%). */
function bindLists(ctx: RuleContext): Array<{ line: InfLine; tokens: string[] }> {
  return componentLines(ctx.doc, BIND_LIST_KEYS)
    .filter(({ line }) => line.fields.length > 0 && !line.fields.some(hasUnresolvedToken))
    .map(({ line }) => ({ line, tokens: bindTokens(line) }));
}

const BIND_TOKEN = /^[a-z0-9_.]+$/;

const badBindTokenList: Rule = {
  code: 'INF2416',
  description:
    'UpperRange, LowerRange and FilterMediaTypes (in a component section AddNetFilter or AddNetProtocol names) ' +
    'are comma-separated lists of bind tokens, each of lower-case letters, digits, underscores and dots ' +
    '(`[a-z0-9_.]+`). A token with other characters, or an empty one between two commas, is an error.',
  fix: 'Write the tokens in lower case, separated by commas: `LowerRange = "ethernet,wlan"`.',
  bad: '[DefaultInstall.NetDrivers]\nAddNetProtocol = contoso_proto, Proto_Component\n\n[Proto_Component]\nLowerRange = "ethernet;wlan"',
  good: '[DefaultInstall.NetDrivers]\nAddNetProtocol = contoso_proto, Proto_Component\n\n[Proto_Component]\nLowerRange = "ethernet,wlan"',
  check(ctx) {
    for (const { line, tokens } of bindLists(ctx)) {
      const bad = tokens.find((t) => !BIND_TOKEN.test(t));
      if (bad !== undefined) {
        ctx.report(
          line.fields[0],
          `invalid ${line.key!.trim()} value "${tokens.join(',')}": ${bad === '' ? 'an empty token' : `"${bad}"`} is not a bind token of a-z, 0-9, _ and .`,
        );
      }
    }
  },
};

/** Bind tokens Windows defines (docs: specifying-binding-interfaces.md, the filter and switch extension samples). */
const STANDARD_TOKENS = new Set([
  'netbios',
  'ipx',
  'tdi',
  'ndis5',
  'ndisatm',
  'ndiswan',
  'ndiscowan',
  'noupper',
  'winsock',
  'ndis5_atalk',
  'ndis5_dlc',
  'ndis5_ip',
  'ndis5_ipx',
  'ndis5_nbf',
  'ndis5_prot',
  'flpp4',
  'flpp6',
  'ethernet',
  'atm',
  'tokenring',
  'serial',
  'fddi',
  'baseband',
  'broadband',
  'bluetooth',
  'arcnet',
  'isdn',
  'localtalk',
  'wan',
  'nolower',
  'wlan',
  'ppip',
  'vwifi',
  'vmnetextension',
]);

/** Tokens the documentation calls obsolete: ndis2-ndis4 (use ndis5) and ndis5_streams. */
const LEGACY_TOKENS = new Set(['ndis2', 'ndis3', 'ndis4', 'ndis5_streams']);

const reservedBindToken: Rule = {
  code: 'INF2419',
  description:
    'Bind tokens starting with `ms_` or `ndis` are reserved for Windows: only the standard ones (ndis5, ndisatm, ' +
    'ndiswan, ndiscowan, ndis5_ip, ...) may be used in UpperRange, LowerRange or FilterMediaTypes. A private ' +
    'binding interface needs a token of your own, e.g. `contoso_private`.',
  fix: 'Use a standard token, or name a private one after your company.',
  bad: '[DefaultInstall.NetDrivers]\nAddNetProtocol = contoso_proto, Proto_Component\n\n[Proto_Component]\nLowerRange = ndis_contoso',
  good: '[DefaultInstall.NetDrivers]\nAddNetProtocol = contoso_proto, Proto_Component\n\n[Proto_Component]\nLowerRange = contoso_private',
  check(ctx) {
    for (const { line, tokens } of bindLists(ctx)) {
      for (const token of tokens) {
        if (!BIND_TOKEN.test(token) || STANDARD_TOKENS.has(token) || LEGACY_TOKENS.has(token)) continue;
        if (token.startsWith('ms_') || token.startsWith('ndis')) {
          ctx.report(
            line.fields[0],
            `bind token "${token}" in ${line.key!.trim()} is reserved: non-standard tokens starting with ms_ or ndis belong to Windows`,
          );
        }
      }
    }
  },
};

const legacyBindToken: Rule = {
  code: 'INF2500',
  description:
    'The bind tokens ndis2, ndis3 and ndis4 (NDIS before 5.x) and ndis5_streams are obsolete: no component binds ' +
    'through them any more. Use ndis5 for an NDIS binding.',
  fix: 'Replace the token with ndis5 (or drop it).',
  bad: '[DefaultInstall.NetDrivers]\nAddNetProtocol = contoso_proto, Proto_Component\n\n[Proto_Component]\nLowerRange = "ndis5,ndis4"',
  good: '[DefaultInstall.NetDrivers]\nAddNetProtocol = contoso_proto, Proto_Component\n\n[Proto_Component]\nLowerRange = ndis5',
  check(ctx) {
    for (const { line, tokens } of bindLists(ctx)) {
      for (const token of tokens) {
        if (LEGACY_TOKENS.has(token))
          ctx.report(line.fields[0], `legacy bind token "${token}" in ${line.key!.trim()} is obsolete and no longer supported`);
      }
    }
  },
};

export const rules: Rule[] = [
  netDriversOutsideClass,
  netDriverWithoutComponents,
  netDirectiveFields,
  netDirectivePlace,
  singleFieldDirective,
  badComponentIdentifier,
  badFilterClass,
  reservedComponentIdentifier,
  badBindTokenList,
  modifyingWithoutClass,
  reservedBindToken,
  legacyBindToken,
];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {
  INF2417:
    'Microsoft documents no INF key that holds a network "bind name" (neither for NetDriver component sections nor ' +
    'for classic Ndi registry values), so there is no text to hold to the [a-zA-Z0-9_]+ pattern.',
};
