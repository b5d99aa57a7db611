// What a fresh mock machine holds: the system-defined setup classes (devguid.h) with their
// real GUIDs, class names and English descriptions, the common device-interface classes
// (GUID_DEVINTERFACE_*), and a few present devices exposing those interfaces. Data only.

export interface BaselineClass {
  guid: string;
  name: string;
  description: string;
  noInstallClass?: boolean;
  noDisplayClass?: boolean;
  silentInstall?: boolean;
  upperFilters?: string[];
  lowerFilters?: string[];
}

export const BASELINE_CLASSES: readonly BaselineClass[] = [
  { guid: '{6BDD1FC1-810F-11D0-BEC7-08002BE2092F}', name: '1394', description: 'IEEE 1394 host controllers' },
  { guid: '{C166523C-FE0C-4A94-A586-F1A80CFBBF3E}', name: 'AudioEndpoint', description: 'Audio inputs and outputs' },
  { guid: '{72631E54-78A4-11D0-BCF7-00AA00B7B32A}', name: 'Battery', description: 'Batteries' },
  { guid: '{53D29EF7-377C-4D14-864B-EB3A85769359}', name: 'Biometric', description: 'Biometric devices' },
  { guid: '{E0CBF06C-CD8B-4647-BB8A-263B43F0F974}', name: 'Bluetooth', description: 'Bluetooth' },
  { guid: '{CA3E7AB9-B4C3-4AE6-8251-579EF933890F}', name: 'Camera', description: 'Cameras' },
  { guid: '{4D36E965-E325-11CE-BFC1-08002BE10318}', name: 'CDROM', description: 'DVD/CD-ROM drives', upperFilters: ['GenCdRom'] },
  { guid: '{4D36E966-E325-11CE-BFC1-08002BE10318}', name: 'Computer', description: 'Computer', noInstallClass: true },
  { guid: '{4D36E967-E325-11CE-BFC1-08002BE10318}', name: 'DiskDrive', description: 'Disk drives', upperFilters: ['PartMgr'] },
  { guid: '{4D36E968-E325-11CE-BFC1-08002BE10318}', name: 'Display', description: 'Display adapters' },
  { guid: '{E2F84CE7-8EFA-411C-AA69-97454CA4CB57}', name: 'Extension', description: 'Extensions' },
  { guid: '{4D36E969-E325-11CE-BFC1-08002BE10318}', name: 'FDC', description: 'Floppy disk controllers' },
  { guid: '{F2E7DD72-6468-4E36-B6F1-6488F42C1B52}', name: 'Firmware', description: 'Firmware' },
  { guid: '{4D36E980-E325-11CE-BFC1-08002BE10318}', name: 'FloppyDisk', description: 'Floppy disk drives' },
  { guid: '{4D36E96A-E325-11CE-BFC1-08002BE10318}', name: 'HDC', description: 'IDE ATA/ATAPI controllers' },
  { guid: '{745A17A0-74D3-11D0-B6FE-00A0C90F57DA}', name: 'HIDClass', description: 'Human Interface Devices' },
  { guid: '{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}', name: 'Image', description: 'Imaging devices' },
  { guid: '{6BDD1FC5-810F-11D0-BEC7-08002BE2092F}', name: 'Infrared', description: 'Infrared devices' },
  { guid: '{4D36E96B-E325-11CE-BFC1-08002BE10318}', name: 'Keyboard', description: 'Keyboards', upperFilters: ['kbdclass'] },
  {
    guid: '{8ECC055D-047F-11D1-A537-0000F8753ED1}',
    name: 'LegacyDriver',
    description: 'Non-Plug and Play Drivers',
    noInstallClass: true,
    noDisplayClass: true,
    silentInstall: true,
  },
  { guid: '{4D36E96C-E325-11CE-BFC1-08002BE10318}', name: 'MEDIA', description: 'Sound, video and game controllers' },
  { guid: '{CE5939AE-EBDE-11D0-B181-0000F8753EC4}', name: 'MediumChanger', description: 'Medium Changers' },
  { guid: '{5099944A-F6B9-4057-A056-8C550228544C}', name: 'Memory', description: 'Memory devices' },
  { guid: '{4D36E96D-E325-11CE-BFC1-08002BE10318}', name: 'Modem', description: 'Modems' },
  { guid: '{4D36E96E-E325-11CE-BFC1-08002BE10318}', name: 'Monitor', description: 'Monitors' },
  {
    guid: '{4D36E96F-E325-11CE-BFC1-08002BE10318}',
    name: 'Mouse',
    description: 'Mice and other pointing devices',
    upperFilters: ['mouclass'],
  },
  { guid: '{4D36E970-E325-11CE-BFC1-08002BE10318}', name: 'MTD', description: 'Memory technology driver' },
  { guid: '{4D36E971-E325-11CE-BFC1-08002BE10318}', name: 'Multifunction', description: 'Multifunction adapters' },
  { guid: '{50906CB8-BA12-11D1-BF5D-0000F805F530}', name: 'MultiPortSerial', description: 'Multi-port serial adapters' },
  { guid: '{4D36E972-E325-11CE-BFC1-08002BE10318}', name: 'Net', description: 'Network adapters' },
  { guid: '{4D36E973-E325-11CE-BFC1-08002BE10318}', name: 'NetClient', description: 'Network Client', noDisplayClass: true },
  { guid: '{4D36E974-E325-11CE-BFC1-08002BE10318}', name: 'NetService', description: 'Network Service', noDisplayClass: true },
  { guid: '{4D36E975-E325-11CE-BFC1-08002BE10318}', name: 'NetTrans', description: 'Network Protocol', noDisplayClass: true },
  { guid: '{4D36E977-E325-11CE-BFC1-08002BE10318}', name: 'PCMCIA', description: 'PCMCIA adapters' },
  { guid: '{4D36E978-E325-11CE-BFC1-08002BE10318}', name: 'Ports', description: 'Ports (COM & LPT)' },
  { guid: '{4D36E979-E325-11CE-BFC1-08002BE10318}', name: 'Printer', description: 'Printers' },
  { guid: '{1ED2BBF9-11F0-4084-B21F-AD83A8E6DCDC}', name: 'PrintQueue', description: 'Print queues' },
  { guid: '{50127DC3-0F36-415E-A6CC-4CB3BE910B65}', name: 'Processor', description: 'Processors', noInstallClass: true },
  { guid: '{4D36E97B-E325-11CE-BFC1-08002BE10318}', name: 'SCSIAdapter', description: 'Storage controllers' },
  { guid: '{D94EE5D8-D189-4994-83D2-F68D7D41B0E6}', name: 'SecurityDevices', description: 'Security devices' },
  { guid: '{5175D334-C371-4806-B3BA-71FD53C9258D}', name: 'Sensor', description: 'Sensors' },
  { guid: '{50DD5230-BA8A-11D1-BF5D-0000F805F530}', name: 'SmartCardReader', description: 'Smart card readers' },
  { guid: '{5C4C3332-344D-483C-8739-259E934C9CC8}', name: 'SoftwareComponent', description: 'Software components' },
  { guid: '{62F9C741-B25A-46CE-B54C-9BCCCE08B6F2}', name: 'SoftwareDevice', description: 'Software devices' },
  { guid: '{4D36E97D-E325-11CE-BFC1-08002BE10318}', name: 'System', description: 'System devices' },
  { guid: '{6D807884-7D21-11CF-801C-08002BE10318}', name: 'TapeDrive', description: 'Tape drives' },
  { guid: '{4D36E97E-E325-11CE-BFC1-08002BE10318}', name: 'Unknown', description: 'Other devices', noInstallClass: true },
  { guid: '{36FC9E60-C465-11CF-8056-444553540000}', name: 'USB', description: 'Universal Serial Bus controllers' },
  { guid: '{88BAE032-5A81-49F0-BC3D-A4FF138216D6}', name: 'USBDevice', description: 'Universal Serial Bus devices' },
  {
    guid: '{71A27CDD-812A-11D0-BEC7-08002BE2092F}',
    name: 'Volume',
    description: 'Storage volumes',
    noInstallClass: true,
    silentInstall: true,
    lowerFilters: ['volsnap'],
  },
  {
    guid: '{533C5B84-EC70-11D2-9505-00C04F79DEAF}',
    name: 'VolumeSnapshot',
    description: 'Storage volume shadow copies',
    noInstallClass: true,
    noDisplayClass: true,
    silentInstall: true,
  },
  { guid: '{EEC5AD98-8080-425F-922A-DABF3DE3F69A}', name: 'WPD', description: 'Portable Devices' },
];

/** GUID_DEVINTERFACE_* (and KSCATEGORY_AUDIO) from the Windows SDK headers. */
export const BASELINE_INTERFACE_CLASSES: Readonly<Record<string, string>> = {
  DISK: '{53F56307-B6BF-11D0-94F2-00A0C91EFB8B}',
  CDROM: '{53F56308-B6BF-11D0-94F2-00A0C91EFB8B}',
  PARTITION: '{53F5630A-B6BF-11D0-94F2-00A0C91EFB8B}',
  TAPE: '{53F5630B-B6BF-11D0-94F2-00A0C91EFB8B}',
  VOLUME: '{53F5630D-B6BF-11D0-94F2-00A0C91EFB8B}',
  STORAGEPORT: '{2ACCFE60-C130-11D2-B082-00A0C91EFB8B}',
  USB_DEVICE: '{A5DCBF10-6530-11D2-901F-00C04FB951ED}',
  USB_HUB: '{F18A0E88-C30C-11D0-8815-00A0C906BED8}',
  USB_HOST_CONTROLLER: '{3ABF6F2D-71C4-462A-8A92-1E6861E6AF27}',
  HID: '{4D1E55B2-F16F-11CF-88CB-001111000030}',
  KEYBOARD: '{884B96C3-56EF-11D1-BC8C-00A0C91405DD}',
  MOUSE: '{378DE44C-56EF-11D1-BC8C-00A0C91405DD}',
  COMPORT: '{86E0D1E0-8089-11D0-9CE4-08003E301F73}',
  PARALLEL: '{97F76EF0-F883-11D0-AF1F-0000F800845C}',
  NET: '{CAC88484-7515-4C03-82E6-71A87ABAC361}',
  MONITOR: '{E6F07B5F-EE97-4A90-B076-33F57BF4EAA7}',
  DISPLAY_ADAPTER: '{5B45201D-F2F2-4F3B-85BB-30FF1F953599}',
  IMAGE: '{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}',
  WPD: '{6AC27878-A6FA-4155-BA85-F98F491D4F33}',
  KSCATEGORY_AUDIO: '{6994AD04-93EF-11D0-A3CC-00A0C9223196}',
};

export interface BaselineDevice {
  deviceInstanceId: string;
  hardwareIds: string[];
  className: string;
  description: string;
  service?: string;
  /** The inbox INF and DDInstall section of its driver. */
  inf: string;
  section: string;
  /** Interface classes (keys of BASELINE_INTERFACE_CLASSES) the device exposes, enabled. */
  interfaces: string[];
}

/** A small virtual machine's worth of present devices. */
export const BASELINE_DEVICES: readonly BaselineDevice[] = [
  {
    deviceInstanceId: 'ACPI\\PNP0303\\4&2B8A7C1&0',
    hardwareIds: ['ACPI\\VEN_PNP&DEV_0303', 'ACPI\\PNP0303', '*PNP0303'],
    className: 'Keyboard',
    inf: 'keyboard.inf',
    section: 'STANDARD_Inst',
    description: 'Standard PS/2 Keyboard',
    service: 'i8042prt',
    interfaces: ['KEYBOARD'],
  },
  {
    deviceInstanceId: 'ACPI\\PNP0F13\\4&2B8A7C1&0',
    hardwareIds: ['ACPI\\VEN_PNP&DEV_0F13', 'ACPI\\PNP0F13', '*PNP0F13'],
    className: 'Mouse',
    inf: 'msmouse.inf',
    section: 'PS2_Inst',
    description: 'PS/2 Compatible Mouse',
    service: 'i8042prt',
    interfaces: ['MOUSE'],
  },
  {
    deviceInstanceId: 'ACPI\\PNP0501\\1',
    hardwareIds: ['ACPI\\VEN_PNP&DEV_0501', 'ACPI\\PNP0501', '*PNP0501'],
    className: 'Ports',
    inf: 'msports.inf',
    section: 'ComPort',
    description: 'Communications Port (COM1)',
    service: 'Serial',
    interfaces: ['COMPORT'],
  },
  {
    deviceInstanceId: 'SCSI\\DISK&VEN_MSFT&PROD_VIRTUAL_DISK\\5&1E8C0B6&0&000000',
    hardwareIds: ['SCSI\\DiskMsft____Virtual_Disk____1.0_', 'SCSI\\DiskMsft____Virtual_Disk____', 'GenDisk'],
    className: 'DiskDrive',
    inf: 'disk.inf',
    section: 'disk_install.NT',
    description: 'Microsoft Virtual Disk',
    service: 'disk',
    interfaces: ['DISK'],
  },
  {
    deviceInstanceId: 'STORAGE\\VOLUME\\{5A9C3B2E-61C4-11EF-8F3A-806E6F6E6963}#0000000000100000',
    hardwareIds: ['STORAGE\\Volume'],
    className: 'Volume',
    inf: 'volume.inf',
    section: 'volume_install.NT',
    description: 'Volume',
    service: 'volume',
    interfaces: ['VOLUME'],
  },
  {
    deviceInstanceId: 'PCI\\VEN_8086&DEV_100E&SUBSYS_001E8086&REV_02\\3&267A616A&0&18',
    hardwareIds: ['PCI\\VEN_8086&DEV_100E&SUBSYS_001E8086&REV_02', 'PCI\\VEN_8086&DEV_100E&SUBSYS_001E8086', 'PCI\\VEN_8086&DEV_100E'],
    className: 'Net',
    inf: 'net1ix64.inf',
    section: 'E100E.ndi',
    description: 'Intel(R) PRO/1000 MT Desktop Adapter',
    service: 'E1G60',
    interfaces: ['NET'],
  },
  {
    deviceInstanceId: 'PCI\\VEN_1234&DEV_1111&SUBSYS_11001AF4&REV_02\\3&267A616A&0&10',
    hardwareIds: ['PCI\\VEN_1234&DEV_1111&SUBSYS_11001AF4&REV_02', 'PCI\\VEN_1234&DEV_1111&SUBSYS_11001AF4', 'PCI\\VEN_1234&DEV_1111'],
    className: 'Display',
    inf: 'display.inf',
    section: 'MSBDA',
    description: 'Microsoft Basic Display Adapter',
    service: 'BasicDisplay',
    interfaces: ['DISPLAY_ADAPTER'],
  },
  {
    deviceInstanceId: 'DISPLAY\\DEFAULT_MONITOR\\4&1C3B5F2A&0&UID0',
    hardwareIds: ['MONITOR\\Default_Monitor'],
    className: 'Monitor',
    inf: 'monitor.inf',
    section: 'NonPnPMonitor.Install',
    description: 'Generic Non-PnP Monitor',
    service: 'monitor',
    interfaces: ['MONITOR'],
  },
  {
    deviceInstanceId: 'USB\\ROOT_HUB30\\4&2F7B2D8&0&0',
    hardwareIds: ['USB\\ROOT_HUB30&VID8086&PID1E31&REV0004', 'USB\\ROOT_HUB30&VID8086&PID1E31', 'USB\\ROOT_HUB30'],
    className: 'USB',
    inf: 'usbhub3.inf',
    section: 'Generic.Install.NT',
    description: 'USB Root Hub (USB 3.0)',
    service: 'USBHUB3',
    interfaces: ['USB_HUB'],
  },
];
