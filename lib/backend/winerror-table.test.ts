import { describe, expect, it } from 'vitest';
import { WinError } from './errors.js';
import {
  CR,
  ERR,
  HINTS,
  crToWin32,
  describeWinError,
  hresultFromSetupapi,
  hresultFromWin32,
  isSetupapiCode,
  systemMessageCode,
  winErrorFrom,
  winErrorName,
} from './winerror-table.js';

describe('winErrorName', () => {
  it.each([
    [2, 'ERROR_FILE_NOT_FOUND'],
    [3, 'ERROR_PATH_NOT_FOUND'],
    [5, 'ERROR_ACCESS_DENIED'],
    [13, 'ERROR_INVALID_DATA'],
    [87, 'ERROR_INVALID_PARAMETER'],
    [122, 'ERROR_INSUFFICIENT_BUFFER'],
    [259, 'ERROR_NO_MORE_ITEMS'],
    [740, 'ERROR_ELEVATION_REQUIRED'],
    [3010, 'ERROR_SUCCESS_REBOOT_REQUIRED'],
  ])('names Win32 code %i %s', (code, name) => {
    expect(winErrorName(code)).toBe(name);
  });

  it.each([
    [0xe0000000, 'ERROR_EXPECTED_SECTION_NAME'],
    [0xe0000001, 'ERROR_BAD_SECTION_NAME_LINE'],
    [0xe0000100, 'ERROR_WRONG_INF_STYLE'],
    [0xe0000101, 'ERROR_SECTION_NOT_FOUND'],
    [0xe0000102, 'ERROR_LINE_NOT_FOUND'],
    [0xe0000203, 'ERROR_NO_DRIVER_SELECTED'],
    [0xe0000206, 'ERROR_INVALID_CLASS'],
    [0xe0000207, 'ERROR_DEVINST_ALREADY_EXISTS'],
    [0xe000020b, 'ERROR_NO_SUCH_DEVINST'],
    [0xe000020d, 'ERROR_INVALID_CLASS_INSTALLER'],
    [0xe000020e, 'ERROR_DI_DO_DEFAULT'],
    [0xe0000210, 'ERROR_INVALID_HWPROFILE'],
    [0xe000021e, 'ERROR_NO_SUCH_INTERFACE_CLASS'],
    [0xe000021f, 'ERROR_INVALID_REFERENCE_STRING'],
    [0xe000022f, 'ERROR_NO_CATALOG_FOR_OEM_INF'],
    [0xe0000235, 'ERROR_IN_WOW64'],
    [0xe000023d, 'ERROR_INF_IN_USE_BY_DEVICES'],
    [0xe0001000, 'ERROR_NOT_INSTALLED'],
  ])('names SetupAPI code 0x%s %s', (code, name) => {
    expect(winErrorName(code)).toBe(name);
  });

  it('takes SetupAPI codes as they arrive from GetLastError: signed or unsigned', () => {
    expect(winErrorName(0xe0000101 | 0)).toBe('ERROR_SECTION_NOT_FOUND');
    expect((0xe0000101 | 0) < 0).toBe(true);
  });

  it('names CONFIGRET values only when told the code is one', () => {
    expect(winErrorName(0x25, 'configret')).toBe('CR_NO_SUCH_VALUE');
    expect(winErrorName(0x13, 'configret')).toBe('CR_FAILURE');
    expect(winErrorName(0x3b, 'configret')).toBe('CR_INVALID_STRUCTURE_SIZE');
    expect(winErrorName(0x25)).not.toBe('CR_NO_SUCH_VALUE');
  });

  it('makes up a stable name for an unknown code instead of failing', () => {
    expect(winErrorName(12345)).toBe('WIN32_12345');
    expect(winErrorName(0xe0000999)).toBe('SPAPI_0xE0000999');
    expect(winErrorName(0x99, 'configret')).toBe('CR_0x00000099');
  });

  it('every SetupAPI name in setupapi.h order maps back to its code', () => {
    for (const [key, code] of Object.entries(ERR)) {
      expect(winErrorName(code), key).toBe(key === 'WAIT_TIMEOUT' ? 'WAIT_TIMEOUT' : `ERROR_${key}`);
    }
  });
});

describe('message codes', () => {
  it('HRESULT_FROM_SETUPAPI puts SetupAPI codes in FACILITY_SETUPAPI', () => {
    expect(hresultFromSetupapi(0xe0000101)).toBe(0x800f0101);
    expect(hresultFromSetupapi(0xe000022f)).toBe(0x800f022f);
    expect(hresultFromSetupapi(5)).toBe(0x80070005);
  });

  it('HRESULT_FROM_WIN32 leaves 0 and HRESULTs alone', () => {
    expect(hresultFromWin32(0)).toBe(0);
    expect(hresultFromWin32(0x800b0100)).toBe(0x800b0100);
    expect(hresultFromWin32(2)).toBe(0x80070002);
  });

  it('isSetupapiCode is true only for 0xE000xxxx', () => {
    expect(isSetupapiCode(0xe0000206)).toBe(true);
    expect(isSetupapiCode(0x800f0206)).toBe(false);
    expect(isSetupapiCode(2)).toBe(false);
  });

  it('CM_MapCrToWin32Err maps known CONFIGRETs and uses the call site default otherwise', () => {
    expect(crToWin32(CR.SUCCESS, 87)).toBe(0);
    expect(crToWin32(CR.ACCESS_DENIED, 87)).toBe(ERR.ACCESS_DENIED);
    expect(crToWin32(CR.BUFFER_SMALL, 87)).toBe(ERR.INSUFFICIENT_BUFFER);
    expect(crToWin32(CR.NO_SUCH_VALUE, 87)).toBe(ERR.NOT_FOUND);
    expect(crToWin32(CR.NO_SUCH_REGISTRY_KEY, 87)).toBe(ERR.FILE_NOT_FOUND);
    expect(crToWin32(CR.FAILURE, 87)).toBe(87);
    expect(crToWin32(CR.FAILURE, 13)).toBe(13);
  });

  it('systemMessageCode picks what FormatMessage must be given', () => {
    expect(systemMessageCode(0xe0000101)).toBe(0x800f0101);
    expect(systemMessageCode(5)).toBe(5);
    expect(systemMessageCode(CR.ACCESS_DENIED, 'configret')).toBe(5);
    expect(systemMessageCode(CR.FAILURE, 'configret')).toBe(ERR.INVALID_DATA);
  });
});

describe('winErrorFrom', () => {
  it('builds a WinError with number, name, table message, API and hint', () => {
    const e = winErrorFrom(0xe0000101 | 0, 'SetupInstallFromInfSectionW');
    expect(e).toBeInstanceOf(WinError);
    expect(e.code).toBe(0xe0000101);
    expect(e.name).toBe('ERROR_SECTION_NOT_FOUND');
    expect(e.api).toBe('SetupInstallFromInfSectionW');
    expect(e.source).toBe('setupapi');
    expect(e.hint).toBe(HINTS.sectionMissing);
    expect(e.message).toContain('SetupInstallFromInfSectionW failed: ERROR_SECTION_NOT_FOUND (0xE0000101)');
    expect(e.message).toContain('The required section was not found in the INF.');
  });

  it('prefers the system message when the backend has one', () => {
    const e = winErrorFrom(2, 'SetupOpenInfFileW', { message: 'Das System kann die Datei nicht finden.\r\n' });
    expect(e.message.endsWith('Das System kann die Datei nicht finden.')).toBe(true);
    expect(winErrorFrom(2, 'X', { message: '  ' }).message).toContain('The system cannot find the file specified.');
  });

  it('hints at elevation for access denied, unless the process is elevated', () => {
    expect(winErrorFrom(5, 'RegCreateKeyExW').hint).toBe(HINTS.notElevated);
    expect(winErrorFrom(740, 'SetupDiInstallClassW').hint).toBe(HINTS.notElevated);
    expect(winErrorFrom(5, 'RegCreateKeyExW', { elevated: true }).hint).not.toBe(HINTS.notElevated);
  });

  it('hints at signing for an unsigned package', () => {
    expect(winErrorFrom(0xe000022f, 'SetupCopyOEMInfW').hint).toBe(HINTS.unsigned);
    expect(winErrorFrom(0x800b0109, 'DiInstallDriverW').hint).toBe(HINTS.unsigned);
  });

  it('a call site hint wins over the table', () => {
    const e = winErrorFrom(ERR.NO_MORE_ITEMS, 'UpdateDriverForPlugAndPlayDevicesW', { hint: HINTS.noBetterDriver });
    expect(e.hint).toBe(HINTS.noBetterDriver);
  });

  it('names CONFIGRET failures by their CR_ symbol', () => {
    const e = winErrorFrom(CR.NO_SUCH_DEVICE_INTERFACE, 'CM_Get_Device_Interface_ListW', { source: 'configret' });
    expect(e.name).toBe('CR_NO_SUCH_DEVICE_INTERFACE');
    expect(e.source).toBe('configret');
    expect(e.message).toContain('(0x00000037)');
  });

  it('serialises to JSON a script can switch on', () => {
    const json = winErrorFrom(0xe000020b, 'SetupDiOpenDeviceInfoW').toJSON();
    expect(json).toMatchObject({ error: 'WinError', code: 0xe000020b, name: 'ERROR_NO_SUCH_DEVINST', api: 'SetupDiOpenDeviceInfoW' });
    expect(describeWinError(0xe000020b).hint).toBe(json.hint);
  });
});
