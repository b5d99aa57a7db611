// The JSON shapes the commands print for backend objects (docs/cli.md), built field by
// field so that the output has the same keys in the same order whichever backend
// produced the object (native, koffi and mock may differ in extra or missing keys).
import type { DeviceInterface, DriverPackage, SetupClass } from '../backend/types.js';

export function classJson(c: SetupClass) {
  return {
    guid: c.guid,
    name: c.name,
    description: c.description,
    ...(c.icon !== undefined && { icon: c.icon }),
    noInstallClass: c.noInstallClass,
    noDisplayClass: c.noDisplayClass,
    silentInstall: c.silentInstall,
    upperFilters: c.upperFilters,
    lowerFilters: c.lowerFilters,
  };
}

export function interfaceJson(i: DeviceInterface) {
  return {
    symbolicLink: i.symbolicLink,
    classGuid: i.classGuid,
    deviceInstanceId: i.deviceInstanceId,
    referenceString: i.referenceString,
    enabled: i.enabled,
    removed: i.removed,
  };
}

export function driverJson(d: DriverPackage) {
  return {
    publishedName: d.publishedName,
    originalName: d.originalName,
    provider: d.provider,
    className: d.className,
    classGuid: d.classGuid,
    driverVer: d.driverVer,
  };
}
