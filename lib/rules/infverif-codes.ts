// InfVerif's catalogue of codes: every code on Microsoft's page "INF Validation Errors and
// Warnings", with the level the page gives it under /k, /u and /w, plus the codes older versions
// of the page listed that the current one no longer does (marked `retired`).
//
// Source: github.com/MicrosoftDocs/windows-driver-docs, file
//   windows-driver-docs-pr/devtest/inf-validation-errors-and-warnings.md
// at commit fb78978c35891c071f947b2c5106603aba16ab14 (2025-10-22, "Fix formatting for INF validation
// error codes"), the page's last change; it is unchanged at the mirror's HEAD 825aa15f47 (2025-11-12).
// That version describes InfVerif from WDK 10.0.26200 (Windows 11, version 25H2): 202 codes.
//
// The page has a column for /k, /u and /w only: nothing for InfVerif's plain mode (no flag) or for
// /h, so neither is recorded here. `page` is the page's word only; catalogue.ts derives the levels
// of the other modes from it.
//
// Retired codes (listed by an older version, absent from the current one): `retired` is the commit
// date of the last version listing the code; their levels are 'none' because current InfVerif does
// not report them. 1221, 2222 and 2223 were on the HTML-table page up to a19ffee1aa (2023-02-10) and
// dropped by the rewrite ddb6ff2fe1 (2024-04-01); 1007 was on the page up to 81d06fd79d (2025-07-16)
// and dropped in e412dc98d7 (2025-10-20, the 25H2 update).
//
// Titles are infkit's own paraphrases, not Microsoft's message text.
//
// To update after Microsoft changes the page: fetch the new version, run
// `npm run build && node scripts/check-infverif-page.mjs PAGE.md`, and fix this list until it passes.
import type { InfVerifCode } from './types.js';

export const INFVERIF_CODES: readonly InfVerifCode[] = [
  { code: 1000, title: 'The INF file given to InfVerif does not exist at that path', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1001,
    title: 'No [Version] section, or its Signature is not "$Windows NT$" (unsupported format)',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1002,
    title: "A syntax error on a line stops parsing; the parser's error code says why",
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1003,
    title: "The file's encoding is unknown or unsupported; save the INF as ANSI or UTF-16 LE",
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 1005, title: 'A directive that must name a section has no section name', page: { k: 'error', u: 'error', w: 'error' } },
  { code: 1006, title: 'A directive lacks a required value', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1007,
    title: 'A source file entry lacks a field it needs, such as its subdirectory',
    page: { k: 'none', u: 'none', w: 'none' },
    retired: '2025-07-16',
  },
  { code: 1008, title: 'A source file entry has a missing or invalid disk ID', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1010,
    title: 'ClassGuid is not a GUID in braces with dashes, {8-4-4-4-12 hex digits}',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 1011, title: 'A [Manufacturer] entry does not name its models section', page: { k: 'error', u: 'error', w: 'error' } },
  { code: 1013, title: 'A section lacks a key it requires', page: { k: 'error', u: 'error', w: 'error' } },
  { code: 1014, title: 'A key a section requires is present but has an invalid value', page: { k: 'error', u: 'error', w: 'error' } },
  { code: 1015, title: 'A path given in a section is malformed', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1016,
    title: "A file's source path cannot be built from [SourceDisksFiles] and [SourceDisksNames]",
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1017,
    title: "The service name is reserved (names used by Microsoft's sample drivers are)",
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 1019, title: 'A GUID value is not in braced {8-4-4-4-12} form', page: { k: 'error', u: 'error', w: 'error' } },
  { code: 1020, title: 'Uses a filter level name that Windows reserves for its own state', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1021,
    title: 'A service name becomes too long once the unique-name suffix is appended',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1022,
    title: 'A service name uses unique naming in some install sections but not in all',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1078,
    title: 'An entry is not valid where its directive uses it, so it is skipped',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 1080, title: 'A directive lacks one of its arguments', page: { k: 'error', u: 'error', w: 'error' } },
  { code: 1081, title: 'A directive has an argument with an invalid value', page: { k: 'error', u: 'error', w: 'error' } },
  { code: 1082, title: 'A directive has an invalid argument', page: { k: 'error', u: 'error', w: 'error' } },
  { code: 1083, title: 'A directive has an invalid flag on one of its arguments', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1084,
    title: "A directive's required companion is missing (e.g. UmdfService needs UmdfLibraryVersion)",
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 1085, title: 'A directive is incomplete: it needs more arguments', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1086,
    title: 'The same item is declared twice (e.g. two AddComponents of one name); one may be skipped',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1087,
    title: 'Two mutually exclusive directives are both given (e.g. AddFilter level and position)',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 1088, title: 'A directive appears more than once where only one can take effect', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1100,
    title: 'CopyFiles to DIRID 13 gives a file another name or subfolder than its source',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1101,
    title: 'Files whose destination is this DIRID cannot carry a security descriptor',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1102,
    title: 'A directive is used on files whose destination DIRID does not allow it',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1103,
    title: 'A file flag is used on files whose destination DIRID does not allow it',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 1110, title: 'CopyINF lists a file that is not an INF', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1141,
    title: 'A device software binary path is absolute; it must be relative to the driver package',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1142,
    title: 'A software install section lacks the directive its SoftwareType requires',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1144,
    title: 'The SoftwareType used works only on desktop editions of Windows',
    page: { k: 'warning', u: 'error', w: 'warning' },
  },
  {
    code: 1150,
    title: 'A component ID given by a directive contains a backslash or a comma',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1160,
    title: "A COM class's threading model is not Apartment, Free, Both or Neutral",
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1180,
    title: 'Two event channels of one provider in an event log section share the same value',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 1181, title: "An event channel setting is not valid for the channel's type", page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1182,
    title: "An event channel's type requires a companion setting that is missing or different",
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1199,
    title: 'Syntax needs a newer OS build than the DDInstall may install on; add TargetOSVersion',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1201,
    title: 'An entry has more fields than its directive takes; the extra ones are ignored',
    page: { k: 'warning', u: 'warning', w: 'warning' },
  },
  { code: 1202, title: 'Include names an INF that is not a system-supplied (inbox) INF', page: { k: 'error', u: 'error', w: 'error' } },
  { code: 1203, title: 'A directive refers to a section that does not exist', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1204,
    title: 'Provider is Microsoft (or starts with it); it must be the organization that wrote the INF',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1205,
    title: 'One section is referenced by two different directives (e.g. CopyFiles and DelFiles)',
    page: { k: 'warning', u: 'warning', w: 'warning' },
  },
  {
    code: 1206,
    title: 'A directive references a section of the wrong kind (e.g. a file list from AddFilter)',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 1207, title: 'A Microsoft INF uses a directive that Microsoft INFs may not use', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1208,
    title: "A third-party INF uses a directive reserved for Microsoft's inbox INFs",
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 1209, title: 'The same section name is defined more than once', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1210,
    title: "Provider differs from the name given with InfVerif's /provider switch",
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1211,
    title: 'More than one service of an install section has the SPSVCINST_ASSOCSERVICE flag',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1212,
    title: 'Two mutually exclusive sections (e.g. [DefaultInstall] and [Manufacturer]) are both present',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1213,
    title: 'A catalog (.cat) file is listed in [SourceDisksFiles]; name it only with CatalogFile',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 1214, title: 'A CatalogFile value is not a plain file name ending in .cat', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1217,
    title: 'A version in a directive is not four dot-separated numbers (w.x.y.z) within range',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 1218, title: 'The DriverVer date is not in MM/DD/YYYY form', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1220,
    title: 'A section of an included INF is referenced directly instead of through Needs',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1221,
    title: 'Writes the Services registry key directly instead of through HKR',
    page: { k: 'none', u: 'none', w: 'none' },
    retired: '2023-02-10',
  },
  {
    code: 1222,
    title: 'Writes a registry key tree that INFs may not modify (CurrentControlSet paths are allowed)',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1223,
    title: 'Writes a registry key that INFs may not modify; use an HKR AddReg instead',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 1224, title: 'A registry entry uses an unknown registry root', page: { k: 'error', u: 'error', w: 'error' } },
  { code: 1225, title: 'A registry value does not have the value type it must have', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1226,
    title: 'A registry value directly under HKR is given its own security descriptor',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 1229, title: 'A file operation entry lacks the file name it needs', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1230,
    title: 'A copied file has no valid [SourceDisksFiles] entry (often for one decorated architecture)',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1231,
    title: '[SourceDisksFiles] lists a compressed name (file.sy_) instead of the uncompressed one',
    page: { k: 'warning', u: 'error', w: 'error' },
  },
  {
    code: 1233,
    title: 'A directive that package signing requires (e.g. CatalogFile in [Version]) is missing',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1234,
    title: 'A section lacks a directive it requires, or gives it an empty or invalid value',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1235,
    title: 'A %token% has no definition in [Strings]; write %% for a literal percent sign',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 1241, title: "A file's user-defined destination DIRID cannot be resolved", page: { k: 'error', u: 'error', w: 'error' } },
  { code: 1242, title: "A file's destination DIRID cannot be resolved", page: { k: 'error', u: 'error', w: 'error' } },
  { code: 1243, title: "A file's destination DIRID is not a supported value", page: { k: 'error', u: 'error', w: 'error' } },
  { code: 1245, title: 'A feature score is not a single hex byte (00-FF)', page: { k: 'error', u: 'error', w: 'error' } },
  { code: 1250, title: 'An event log type is not System, Application or Security', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1251,
    title: "The device's associated service (SPSVCINST_ASSOCSERVICE) has StartType = 4, disabled",
    page: { k: 'warning', u: 'warning', w: 'warning' },
  },
  {
    code: 1252,
    title: "A service's start or error settings conflict with, or do not suit, its ServiceType",
    page: { k: 'warning', u: 'warning', w: 'warning' },
  },
  {
    code: 1253,
    title: 'A service directive without a service name is skipped (check its flags)',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1254,
    title: 'ServiceBinary does not parse as a service image path (check its quoting)',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 1256, title: 'WMI interface flags have invalid bits set', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1257,
    title: 'A registry value holds a Windows directory path; use an environment variable instead',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1258,
    title: 'A registry value holds a path built from a DIRID; use a runtime path like %SystemRoot%',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 1260, title: "A directive's value cannot be parsed as the type it requires", page: { k: 'error', u: 'error', w: 'error' } },
  { code: 1261, title: 'The install section for a device cannot be found', page: { k: 'error', u: 'error', w: 'error' } },
  { code: 1262, title: "A registry entry's bitmask is wider than one byte", page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1263,
    title: "A registry entry's custom value type collides with a standard one (REG_SZ and the like)",
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1264,
    title: 'A registry entry with a custom value type lacks FLG_ADDREG_BINVALUETYPE',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 1265, title: 'A registry entry appends to a value that is not REG_MULTI_SZ', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1266,
    title: 'A delete from a REG_MULTI_SZ value does not name the string to remove',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 1267, title: 'Binary data in a registry entry is not a list of hex bytes 00-FF', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1268,
    title: 'A number in a registry entry is not valid decimal or 0x hex of the required width',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1270,
    title: 'Devices that [DeviceInstall32] creates get no driver from the same INF',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 1271, title: 'A models entry gives a hardware ID but no install section', page: { k: 'error', u: 'error', w: 'error' } },
  { code: 1272, title: 'An unnamed service has a service install section, which is ignored', page: { k: 'error', u: 'error', w: 'error' } },
  { code: 1273, title: "A source file's disk ID is not listed in [SourceDisksNames]", page: { k: 'error', u: 'error', w: 'error' } },
  { code: 1274, title: 'A $ARCH$ token is left unresolved: run stampinf on the INF', page: { k: 'error', u: 'error', w: 'error' } },
  { code: 1275, title: 'A file list has no destination given in [DestinationDirs]', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1280,
    title: 'Class does not match the well-known class that ClassGuid identifies',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 1281, title: 'ClassGuid does not match the well-known GUID of the named Class', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1284,
    title: 'The device Class is reserved for Microsoft (samples use it as a placeholder)',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1285,
    title: 'An INF supplies [ClassInstall32] for a device setup class that Microsoft defines',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1286,
    title: 'A value exceeds its maximum length (e.g. a Class name over 31 characters)',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1287,
    title: 'A TargetOSVersion decoration of a [Manufacturer] models entry cannot be parsed',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1288,
    title: 'A TargetOSVersion build number is below 14310, the first build that supports one',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 1289, title: 'A section lacks a directive it requires', page: { k: 'error', u: 'error', w: 'error' } },
  { code: 1290, title: 'A directive is not valid in the section where it appears', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1292,
    title: "A directive's value must be a %token% defined in [Strings], not a literal",
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 1293, title: 'The service name is reserved and no driver may use it', page: { k: 'error', u: 'error', w: 'error' } },
  { code: 1294, title: 'The same value appears more than once in a section', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1295,
    title: 'Two [Strings] sections (e.g. for different languages) define different numbers of strings',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1296,
    title: "A hardware ID's install section has no .Services section installing its service",
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1297,
    title: 'A device driver INF installs on no device; make it a primitive driver if that is intended',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 1299, title: 'Parsing errors stopped InfVerif from running its remaining checks', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1300,
    title: 'Uses a deprecated legacy construct that modern Windows does not support',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1301,
    title: 'Performs a deprecated legacy operation that modern Windows does not support',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1302,
    title: 'Performs a deprecated legacy operation on a named item; modern Windows does not support it',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1303,
    title: 'Defines a co-installer or class installer, which modern Windows no longer supports',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1304,
    title: 'A registry operation uses an absolute root instead of the relative HKR',
    page: { k: 'warning', u: 'error', w: 'none' },
  },
  {
    code: 1305,
    title: 'Appends to or deletes from a REG_MULTI_SZ value, which gives non-deterministic results',
    page: { k: 'warning', u: 'error', w: 'error' },
  },
  { code: 1306, title: 'Copies a file to a destination outside the system paths', page: { k: 'warning', u: 'error', w: 'none' } },
  {
    code: 1307,
    title: 'Uses a legacy construct that works only on desktop editions of Windows',
    page: { k: 'warning', u: 'error', w: 'error' },
  },
  {
    code: 1308,
    title: 'Performs a removal operation; INFs should only add, Windows cleans up on removal',
    page: { k: 'warning', u: 'error', w: 'error' },
  },
  {
    code: 1309,
    title: 'Performs a removal operation on a named item; INFs should only add configuration',
    page: { k: 'warning', u: 'error', w: 'error' },
  },
  {
    code: 1310,
    title: 'A section pulled in by Needs has a suffix unlike that of the first section needing it',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1311,
    title: 'A section pulled in by Needs lacks the suffix of the first section needing it',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1312,
    title: 'A section pulled in by Needs has a suffix unlike that of its parent section',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1313,
    title: 'A section pulled in by Needs lacks the suffix of its parent section',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1314,
    title: 'Needs names a section of another INF without an Include of it in the same section',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 1315, title: 'A section named by Needs cannot be found', page: { k: 'error', u: 'error', w: 'error' } },
  { code: 1316, title: 'A decorated section named by Needs cannot be found', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1317,
    title: 'An undecorated section named by Needs is not on the target OS (per the IAS file)',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 1318, title: 'An INF named by Include is not on the target OS (per the IAS file)', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1319,
    title: "A section uses Needs on another INF's section but does not Include that INF",
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1320,
    title: 'A registry key is written outside the isolated HKR roots (driver package isolation)',
    page: { k: 'none', u: 'none', w: 'error' },
  },
  {
    code: 1321,
    title: 'A registry value is written outside the isolated HKR roots (driver package isolation)',
    page: { k: 'none', u: 'none', w: 'error' },
  },
  {
    code: 1322,
    title: 'A file is copied to a destination other than DIRID 13, the driver store',
    page: { k: 'none', u: 'none', w: 'error' },
  },
  {
    code: 1323,
    title: "A service-relative HKR registry write is not under the service's Parameters subkey",
    page: { k: 'none', u: 'none', w: 'error' },
  },
  {
    code: 1324,
    title: '[Version] lacks PnpLockdown = 1, so other software can modify the installed driver files',
    page: { k: 'warning', u: 'warning', w: 'error' },
  },
  {
    code: 1325,
    title: 'A COM class registration other than InprocServer32 is not supported',
    page: { k: 'warning', u: 'warning', w: 'error' },
  },
  {
    code: 1326,
    title: 'A data file path is not isolated: it must be a file name under the DriverData directory',
    page: { k: 'warning', u: 'warning', w: 'error' },
  },
  { code: 1328, title: 'A file path that cannot be resolved is replaced with another one', page: { k: 'none', u: 'none', w: 'warning' } },
  {
    code: 1329,
    title: 'Registers a filter through a registry value or property instead of [DDInstall.Filters]',
    page: { k: 'none', u: 'none', w: 'error' },
  },
  { code: 1330, title: 'Two different source files are copied to the same destination file', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1331,
    title: 'One registry value is given different data by two install sections',
    page: { k: 'warning', u: 'error', w: 'error' },
  },
  {
    code: 1332,
    title: "One service's registry value is given different data by two service install sections",
    page: { k: 'warning', u: 'error', w: 'error' },
  },
  { code: 1333, title: 'One service is configured differently by two install sections', page: { k: 'warning', u: 'error', w: 'error' } },
  { code: 1340, title: 'Uses a DIRID that is deprecated and no longer allowed', page: { k: 'none', u: 'none', w: 'error' } },
  {
    code: 1341,
    title: 'Uses a DIRID that is deprecated and no longer allowed (a second check, same wording)',
    page: { k: 'none', u: 'none', w: 'error' },
  },
  { code: 1380, title: 'ExtensionId in [Version] is not a GUID in braces with dashes', page: { k: 'error', u: 'error', w: 'error' } },
  { code: 1381, title: 'An extension INF has no ExtensionId in [Version]', page: { k: 'error', u: 'error', w: 'error' } },
  { code: 1382, title: 'An extension INF uses a directive that extension INFs may not use', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1383,
    title: 'An extension INF gives a service a flag that extension INFs may not use',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1384,
    title: 'An extension INF adds filters through registry or properties; use [DDInstall.Filters]',
    page: { k: 'warning', u: 'warning', w: 'warning' },
  },
  {
    code: 1400,
    title: 'A UMDF service is created but no UMDF directive (e.g. UmdfServiceOrder) lists it',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1401,
    title: 'A WDF directive is not supported in the WDF version the INF declares',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1402,
    title: 'The driver framework version used is deprecated (e.g. UMDF 1); port the driver',
    page: { k: 'none', u: 'none', w: 'error' },
  },
  {
    code: 1420,
    title: 'A [DefaultInstall] INF does not meet the requirements to be handled as primitive',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 1421, title: 'A [DefaultInstall] section has no architecture decoration', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1422,
    title: '[DefaultUninstall.NT*] lacks LegacyUninstall = 1 (for primitive and downlevel installs)',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1423,
    title: 'A primitive driver has no architecture-decorated [DefaultInstall] section',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 1430, title: 'Sets a registry value that is not allowed under that key', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 1431,
    title: 'A registry value Windows gives a fixed meaning is written with the wrong type',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 1450,
    title: 'A legacy, non-isolated directive may have no effect on some Windows versions',
    page: { k: 'none', u: 'none', w: 'warning' },
  },
  { code: 2004, title: 'Uses a directive that is valid but not recommended', page: { k: 'warning', u: 'warning', w: 'warning' } },
  { code: 2006, title: 'AddService names a service install section that does not exist', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 2008,
    title: 'This INF and an INF it Includes both define a section of the same name',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 2009,
    title: 'Uses a deprecated directive that Windows ignores in most cases',
    page: { k: 'warning', u: 'warning', w: 'warning' },
  },
  {
    code: 2010,
    title: 'A section lacks an architecture decoration and is treated as x86',
    page: { k: 'warning', u: 'warning', w: 'warning' },
  },
  {
    code: 2083,
    title: 'A section is not referenced from anywhere, so it is never used',
    page: { k: 'warning', u: 'warning', w: 'warning' },
  },
  {
    code: 2084,
    title: 'ServiceBinary is not a file the INF copies (check quotes around paths with spaces)',
    page: { k: 'warning', u: 'warning', w: 'error' },
  },
  {
    code: 2085,
    title: 'ServiceBinary is not written as a path under a DIRID (e.g. %13%\\driver.sys)',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 2090,
    title: 'A legacy pattern was replaced automatically (an INF shim); update the INF to new syntax',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 2091,
    title: 'A legacy pattern could not be replaced automatically; update the INF',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 2092,
    title: 'A legacy pattern was replaced with best-practice syntax; update the INF to match',
    page: { k: 'none', u: 'none', w: 'error' },
  },
  { code: 2093, title: 'An automatic INF shim failed to apply (not critical)', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 2222,
    title: 'A deprecated directive (e.g. LogConfig) is ignored when the driver installs',
    page: { k: 'none', u: 'none', w: 'none' },
    retired: '2023-02-10',
  },
  {
    code: 2223,
    title: 'A models section named in [Manufacturer] lacks an architecture decoration',
    page: { k: 'none', u: 'none', w: 'none' },
    retired: '2023-02-10',
  },
  {
    code: 2400,
    title: 'A component directive lacks its two fields, the component ID and component section',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 2402, title: 'A directive is not permitted in this section', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 2403,
    title: 'A directive that takes exactly one field is given a different number',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 2405,
    title: '[DefaultInstall.NetDrivers] is used by an INF whose Class is not NetDriver',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 2411, title: 'A GUID value is malformed (generate one with guidgen.exe)', page: { k: 'error', u: 'error', w: 'error' } },
  { code: 2412, title: 'A component identifier has characters other than a-z, 0-9 and _', page: { k: 'error', u: 'error', w: 'error' } },
  { code: 2413, title: 'A boolean value is not exactly lowercase true or false', page: { k: 'error', u: 'error', w: 'error' } },
  { code: 2414, title: 'A filter class has characters other than a-z, 0-9 and _', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 2415,
    title: 'A third-party identifier starts with ms_ or vms_, which are reserved for Windows',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 2416,
    title: 'A bind token list is not comma-separated tokens made of a-z, 0-9, _ and dots',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 2417, title: 'A bind name has characters other than letters, digits and _', page: { k: 'error', u: 'error', w: 'error' } },
  { code: 2418, title: 'A network filter of the modifying kind declares no FilterClass', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 2419,
    title: 'A bind token is reserved (non-standard tokens starting with ms_ or ndis)',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 2420,
    title: 'A NetDriver INF lacks the section with an AddNetFilter or AddNetProtocol directive',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 2500, title: 'Uses an old network bind token that Windows no longer supports', page: { k: 'error', u: 'error', w: 'error' } },
  { code: 2501, title: 'References a service that this INF does not create', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 2600,
    title: 'A display driver file path is not under the DIRID display drivers must use',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 2601,
    title: 'A display driver file path is not under the required DIRID (a second check, same wording)',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 2602,
    title: 'A display driver service does not set a required value as display services must',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  {
    code: 2603,
    title: 'A display driver uses a directive that display drivers may not use',
    page: { k: 'warning', u: 'error', w: 'error' },
  },
  {
    code: 2650,
    title: 'Uses Microsoft-supplied driver binaries directly instead of Include and Needs of their INF',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 2651, title: 'Needs names a section whose INF is not brought in by Include', page: { k: 'error', u: 'error', w: 'error' } },
  {
    code: 2652,
    title: 'A camera INF does not use Needs for the Microsoft-provided sections it must reference',
    page: { k: 'error', u: 'error', w: 'error' },
  },
  { code: 2660, title: 'Writes an HKCR subkey; the registration must go under HKR', page: { k: 'none', u: 'none', w: 'error' } },
  {
    code: 2661,
    title: 'Writes an APO registry subkey, but the device Class is not AudioProcessingObject',
    page: { k: 'none', u: 'none', w: 'error' },
  },
  {
    code: 2662,
    title: 'A section registering FX audio processing objects does not Include wdmaudio.inf',
    page: { k: 'none', u: 'none', w: 'error' },
  },
  {
    code: 2663,
    title: 'A section registering FX audio processing objects does not use Needs on wdmaudio.inf',
    page: { k: 'none', u: 'none', w: 'error' },
  },
];
