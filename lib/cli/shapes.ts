// The JSON shapes the commands print for backend objects (docs/cli.md), built field by
// field so that the output has the same keys in the same order whichever backend
// produced the object (native, koffi and mock may differ in extra or missing keys).
import type { Device, DeviceInterface, DriverPackage, SetupClass } from '../backend/types.js';

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
    // classGuid is a setup class in every JSON document; this is an interface class.
    interfaceClassGuid: i.classGuid,
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

export function deviceJson(d: Device) {
  return {
    deviceInstanceId: d.deviceInstanceId,
    hardwareIds: d.hardwareIds,
    compatibleIds: d.compatibleIds,
    classGuid: d.classGuid,
    className: d.className,
    description: d.description,
    present: d.present,
    status: d.status,
    problem: d.problem === null ? null : { code: d.problem.code, name: d.problem.name, message: d.problem.message },
    driver:
      d.driver === null
        ? null
        : {
            publishedName: d.driver.publishedName,
            originalInf: d.driver.originalInf,
            section: d.driver.section,
            provider: d.driver.provider,
            version: d.driver.version,
            date: d.driver.date,
            matchingId: d.driver.matchingId,
            rank: d.driver.rank,
          },
    service: d.service,
    // Only when asked for (--interfaces): listing them costs a call per interface class.
    ...(d.interfaces !== undefined && { interfaces: d.interfaces }),
  };
}
