// Which findings stop an install. `infkit validate` reports InfVerif's whole verdict, much of
// it policy for signing and the Hardware Dev Center (a catalog, driver package isolation,
// reserved names). An install through SetupAPI is refused only for what makes SetupAPI fail or
// do something other than the INF says: infkit's own error-level checks, and these InfVerif codes.
import type { Diagnostic } from './types.js';

/** InfVerif codes whose errors stop an install, each with what SetupAPI would do. */
export const INSTALL_STOPPERS: Readonly<Record<string, string>> = {
  INF1001: 'not a setup INF: SetupOpenInfFile refuses it (ERROR_WRONG_INF_STYLE)',
  INF1002: 'a line SetupAPI cannot parse: the INF does not open',
  INF1005: 'a directive without its section: nothing, or the wrong thing, is installed',
  INF1010: 'a ClassGuid that is not a GUID: the device or class cannot be filed',
  INF1019: 'a GUID that is not a GUID: the interface or property is not registered',
  INF1203: 'a section that does not exist: the directive fails or does nothing',
  INF1224: 'a registry root that does not exist: the AddReg line fails',
  INF1230: 'a file with no [SourceDisksFiles] entry: the copy fails',
  INF1235: 'an undefined %token%: the literal text is installed',
  INF1241: 'a DIRID SetupAPI cannot resolve: the copy fails',
  INF1242: 'a DIRID SetupAPI cannot resolve: the copy fails',
  INF1243: 'a DIRID that is not one: the copy fails',
  INF1261: 'a device whose install section does not exist: the device gets no driver',
  INF1262: 'a BitReg mask SetupAPI cannot apply',
  INF1263: 'a registry type SetupAPI cannot write',
  INF1264: 'a registry type SetupAPI cannot write',
  INF1265: 'an append to a value that is not a REG_MULTI_SZ',
  INF1266: 'a multi-sz delete with nothing to delete',
  INF1267: 'binary data SetupAPI cannot read',
  INF1268: 'a number SetupAPI cannot read',
  INF1273: 'a source disk that is not listed: the copy fails',
  INF1280: 'Class names another class than the system ClassGuid: the class is filed under the wrong name',
  INF1281: 'ClassGuid is not the system class Class names: the device lands in a bogus class',
  INF1299: 'a parse error: the INF does not open',
  INF2006: 'a service whose install section does not exist: the service is not created',
};

/** True when this finding stops an install (unless --force). */
export function stopsInstall(d: Diagnostic): boolean {
  if (d.severity !== 'error') return false;
  return Number(d.code.slice(3)) >= 9000 || d.code in INSTALL_STOPPERS;
}
