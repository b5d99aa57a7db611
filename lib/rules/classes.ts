// System-defined device setup classes (devguid.h; the docs' "System-Defined Device Setup Classes
// Available to Vendors" and "... Reserved for System Use") and the file system filter driver
// classes ("File System Filter Driver Classes and Class GUIDs"). A Class name on this list must come with its GUID, and
// its GUID with its name: Windows files the device under the GUID, the name is only a label.

export interface SystemClass {
  name: string;
  /** Lower-case, with braces. */
  guid: string;
}

const TABLE: ReadonlyArray<readonly [string, string]> = [
  // devguid.h
  ['1394', '6bdd1fc1-810f-11d0-bec7-08002be2092f'],
  ['1394Debug', '66f250d6-7801-4a64-b139-eea80a450b24'],
  ['61883', '7ebefbc0-3200-11d2-b4c2-00a0c9697d07'],
  ['Adapter', '4d36e964-e325-11ce-bfc1-08002be10318'],
  ['APMSupport', 'd45b1c18-c8fa-11d1-9f77-0000f805f530'],
  ['AudioEndpoint', 'c166523c-fe0c-4a94-a586-f1a80cfbbf3e'],
  ['AudioProcessingObject', '5989fce8-9cd0-467d-8a6a-5419e31529d4'],
  ['AVC', 'c06ff265-ae09-48f0-812c-16753d7cba83'],
  ['Battery', '72631e54-78a4-11d0-bcf7-00aa00b7b32a'],
  ['Biometric', '53d29ef7-377c-4d14-864b-eb3a85769359'],
  ['Bluetooth', 'e0cbf06c-cd8b-4647-bb8a-263b43f0f974'],
  ['Camera', 'ca3e7ab9-b4c3-4ae6-8251-579ef933890f'],
  ['CDROM', '4d36e965-e325-11ce-bfc1-08002be10318'],
  ['ComputeAccelerator', 'f01a9d53-3ff6-48d2-9f97-c8a7004be10c'],
  ['Computer', '4d36e966-e325-11ce-bfc1-08002be10318'],
  ['Decoder', '6bdd1fc2-810f-11d0-bec7-08002be2092f'],
  ['DiskDrive', '4d36e967-e325-11ce-bfc1-08002be10318'],
  ['Display', '4d36e968-e325-11ce-bfc1-08002be10318'],
  ['Dot4', '48721b56-6795-11d2-b1a8-0080c72e74a2'],
  ['Dot4Print', '49ce6ac8-6f86-11d2-b1e5-0080c72e74a2'],
  ['EhStorageSilo', '9da2b80f-f89f-4a49-a5c2-511b085b9e8a'],
  ['Enum1394', 'c459df55-db08-11d1-b009-00a0c9081ff6'],
  ['Extension', 'e2f84ce7-8efa-411c-aa69-97454ca4cb57'],
  ['FDC', '4d36e969-e325-11ce-bfc1-08002be10318'],
  ['Firmware', 'f2e7dd72-6468-4e36-b6f1-6488f42c1b52'],
  ['FloppyDisk', '4d36e980-e325-11ce-bfc1-08002be10318'],
  ['GPS', '6bdd1fc3-810f-11d0-bec7-08002be2092f'],
  ['HDC', '4d36e96a-e325-11ce-bfc1-08002be10318'],
  ['HIDClass', '745a17a0-74d3-11d0-b6fe-00a0c90f57da'],
  ['Holographic', 'd612553d-06b1-49ca-8938-e39ef80eb16f'],
  ['Image', '6bdd1fc6-810f-11d0-bec7-08002be2092f'],
  ['Infiniband', '30ef7132-d858-4a0c-ac24-b9028a5cca3f'],
  ['Infrared', '6bdd1fc5-810f-11d0-bec7-08002be2092f'],
  ['Keyboard', '4d36e96b-e325-11ce-bfc1-08002be10318'],
  ['LegacyDriver', '8ecc055d-047f-11d1-a537-0000f8753ed1'],
  ['Media', '4d36e96c-e325-11ce-bfc1-08002be10318'],
  ['MediumChanger', 'ce5939ae-ebde-11d0-b181-0000f8753ec4'],
  ['Memory', '5099944a-f6b9-4057-a056-8c550228544c'],
  ['Modem', '4d36e96d-e325-11ce-bfc1-08002be10318'],
  ['Monitor', '4d36e96e-e325-11ce-bfc1-08002be10318'],
  ['Mouse', '4d36e96f-e325-11ce-bfc1-08002be10318'],
  ['MTD', '4d36e970-e325-11ce-bfc1-08002be10318'],
  ['MultiFunction', '4d36e971-e325-11ce-bfc1-08002be10318'],
  ['MultiPortSerial', '50906cb8-ba12-11d1-bf5d-0000f805f530'],
  ['NvmeDisk', '75416e63-5912-4dfa-ae8f-3efaccaffb14'],
  ['Net', '4d36e972-e325-11ce-bfc1-08002be10318'],
  ['NetClient', '4d36e973-e325-11ce-bfc1-08002be10318'],
  ['NetService', '4d36e974-e325-11ce-bfc1-08002be10318'],
  ['NetTrans', '4d36e975-e325-11ce-bfc1-08002be10318'],
  ['NoDriver', '4d36e976-e325-11ce-bfc1-08002be10318'],
  ['PCMCIA', '4d36e977-e325-11ce-bfc1-08002be10318'],
  ['PnpPrinters', '4658ee7e-f050-11d1-b6bd-00c04fa372a7'],
  ['Ports', '4d36e978-e325-11ce-bfc1-08002be10318'],
  ['Printer', '4d36e979-e325-11ce-bfc1-08002be10318'],
  ['PrinterUpgrade', '4d36e97a-e325-11ce-bfc1-08002be10318'],
  ['PrintQueue', '1ed2bbf9-11f0-4084-b21f-ad83a8e6dcdc'],
  ['Processor', '50127dc3-0f36-415e-a6cc-4cb3be910b65'],
  ['Proximity', '5630831c-06c9-4856-b327-f5d32586e060'],
  ['SBP2', 'd48179be-ec20-11d1-b6b8-00c04fa372a7'],
  ['SCSIAdapter', '4d36e97b-e325-11ce-bfc1-08002be10318'],
  ['SDHost', 'a0a588a4-c46f-4b37-b7ea-c82fe89870c6'],
  ['SecurityAccelerator', '268c95a1-edfe-11d3-95c3-0010dc4050a5'],
  ['SecurityDevices', 'd94ee5d8-d189-4994-83d2-f68d7d41b0e6'],
  ['Sensor', '5175d334-c371-4806-b3ba-71fd53c9258d'],
  ['SmartCardReader', '50dd5230-ba8a-11d1-bf5d-0000f805f530'],
  ['SoftwareDevice', '62f9c741-b25a-46ce-b54c-9bccce08b6f2'],
  ['SoftwareComponent', '5c4c3332-344d-483c-8739-259e934c9cc8'],
  ['Sound', '4d36e97c-e325-11ce-bfc1-08002be10318'],
  ['System', '4d36e97d-e325-11ce-bfc1-08002be10318'],
  ['TapeDrive', '6d807884-7d21-11cf-801c-08002be10318'],
  ['UCM', 'e6f1aa1c-7f3b-4473-b2e8-c97d8ac71d53'],
  ['Unknown', '4d36e97e-e325-11ce-bfc1-08002be10318'],
  ['USB', '36fc9e60-c465-11cf-8056-444553540000'],
  ['USBDevice', '88bae032-5a81-49f0-bc3d-a4ff138216d6'],
  ['Volume', '71a27cdd-812a-11d0-bec7-08002be2092f'],
  ['VolumeSnapshot', '533c5b84-ec70-11d2-9505-00c04f79deaf'],
  ['WCEUSBS', '25dbce51-6c8f-4a72-8a6d-b54c2b4fc835'],
  ['WPD', 'eec5ad98-8080-425f-922a-dabf3de3f69a'],
  // File system filter driver classes
  ['ActivityMonitor', 'b86dff51-a31e-4bac-b3cf-e8cfe75c9fc2'],
  ['AntiVirus', 'b1d1a169-c54f-4379-81db-bee7d88d7454'],
  ['Bottom', '37765ea0-5958-4fc9-b04b-2fdfef97e59e'],
  ['CFSMetadataServer', 'cdcf0939-b75b-4630-bf76-80f7ba655884'],
  ['Compression', 'f3586baf-b5aa-49b5-8d6c-0569284c639f'],
  ['ContentScreener', '3e3f0674-c83c-4558-bb26-9820e1eba5c5'],
  ['ContinuousBackup', '71aa14f8-6fad-4622-ad77-92bb9d7e6947'],
  ['CopyProtection', '89786ff1-9c12-402f-9c9e-17753c7f4375'],
  ['Encryption', 'a0a701c0-a511-42ff-aa6c-06dc0395576f'],
  ['FSFilterSystem', '5d1b9aaa-01e2-46af-849f-272b3f324c46'],
  ['HSM', 'd546500a-2aeb-45f6-9482-f4b1799c3177'],
  ['Infrastructure', 'e55fa6f9-128c-4d04-abab-630c74b1453a'],
  ['OpenFileBackup', 'f8ecafa6-66d1-41a5-899b-66585d7216b7'],
  ['PhysicalQuotaManagement', '6a0a8e78-bba6-4fc4-a709-1e33cd09d67e'],
  ['QuotaManagement', '8503c911-a6c7-4919-8f79-5028f5866b0c'],
  ['Replication', '48d3ebc4-4cf8-48ff-b869-9c68ad42eb9f'],
  ['SecurityEnhancer', 'd02bc3da-0c8e-4945-9bd5-f1883c226c8c'],
  ['SystemRecovery', '2db15374-706e-4131-a0c7-d7c78eb0289a'],
  ['Undelete', 'fe8f1572-c67a-48c0-bbac-0b5c6d66cafb'],
  ['Virtualization', 'f75a86c0-10d8-4c3a-b233-ed60e4cdfaac'],
];

export const SYSTEM_CLASSES: readonly SystemClass[] = TABLE.map(([name, guid]) => ({ name, guid: `{${guid}}` }));

const byName = new Map(SYSTEM_CLASSES.map((c) => [c.name.toLowerCase(), c]));
const byGuid = new Map(SYSTEM_CLASSES.map((c) => [c.guid, c]));

/** The system class with this name (case-insensitive), if any. */
export function systemClassByName(name: string): SystemClass | undefined {
  return byName.get(name.toLowerCase());
}

/** The system class with this GUID (any case, braces required), if any. */
export function systemClassByGuid(guid: string): SystemClass | undefined {
  return byGuid.get(guid.toLowerCase());
}

/**
 * Classes InfVerif knows that are not system classes: Sample, the placeholder Microsoft's samples
 * use (InfVerif's 1284; the old page's 1280/1281 examples name it as a well-known Class/ClassGuid pair).
 */
export const RESERVED_CLASSES: readonly SystemClass[] = [{ name: 'Sample', guid: '{78a1c341-4539-11d3-b88d-00c04fad5171}' }];

const reservedByName = new Map(RESERVED_CLASSES.map((c) => [c.name.toLowerCase(), c]));
const reservedByGuid = new Map(RESERVED_CLASSES.map((c) => [c.guid, c]));

/** The reserved class (Sample) with this name, if any. */
export function reservedClassByName(name: string): SystemClass | undefined {
  return reservedByName.get(name.toLowerCase());
}

/** A class InfVerif treats as well-known (system or reserved) by name, case-insensitive. */
export function wellKnownClassByName(name: string): SystemClass | undefined {
  return byName.get(name.toLowerCase()) ?? reservedByName.get(name.toLowerCase());
}

/** A class InfVerif treats as well-known (system or reserved) by GUID (any case, braces required). */
export function wellKnownClassByGuid(guid: string): SystemClass | undefined {
  return byGuid.get(guid.toLowerCase()) ?? reservedByGuid.get(guid.toLowerCase());
}
