import { describe, expect, it } from 'vitest';
import {
  decodeElitechAck,
  decodeElitechBody,
  decodeElitechHeader,
  decodeElitechPairBody,
  elitechPageCount,
  elitechPageLayout,
  elitechPageRecordCount,
  elitechPageSize,
  elitechRecordTime,
  expectedElitechBodyLength,
} from './elitech';
import { decodeElitechDevInfo } from './elitech-devinfo';
import { appendElitechChecksum, computeElitechChecksum, type ElitechDateTime } from './elitech-frame';
import {
  encodeElitechBodyRequest,
  encodeElitechClockSet,
  encodeElitechDevInfoRequest,
  encodeElitechHeaderRequest,
  encodeElitechInit,
} from './elitech-requests';
import { bytesToHex, hexToBytes } from './hex';
import { codeOf, loadCapture } from '../../tests/support/device-captures';

interface ElitechCapture {
  requests: Record<string, string>;
  responses: { frame: 'header' | 'init' | 'clockSet'; hex: string; expect: 'ack' | { records: number; start: string } }[];
}

const capture = loadCapture<ElitechCapture>('elitech.json');

const clock: ElitechDateTime = { year: 2015, month: 5, day: 14, hour: 23, minute: 4, second: 53 };

/** Device info of an RC-4 from elitech-datareader's tests (its checksum byte does not match the sum rule). */
const DEVINFO_HEX =
  '550201280a00001e0258fed407df050e162f040207df050e07380e1364000907df050e162f3652432d342044617461204c6f67676572' +
  '00'.repeat(84) +
  '3939303031313232333311310031f1000000000000b3';

/** A full RC-4 body page (100 records, 26.7..26.9 C) from elitech-datareader's rc-4-data.md. */
const RC4_PAGE_HEX =
  '55' + '010b'.repeat(5) + '010c'.repeat(10) + '010d'.repeat(85) + 'b9';

describe('Elitech requests match the captures', () => {
  const encoders: Record<string, () => Uint8Array> = {
    init: () => encodeElitechInit(),
    devInfo: () => encodeElitechDevInfoRequest(),
    'dataHeader(station 0x7B)': () => encodeElitechHeaderRequest(0x7b),
    'dataBody(station 0x7B, page 5)': () => encodeElitechBodyRequest(0x7b, 5),
    'clockSet(station 3, 2015-05-14 23:04:53)': () => encodeElitechClockSet(3, clock),
  };

  for (const [name, hex] of Object.entries(capture.requests)) {
    it(`encodes ${name} byte for byte`, () => {
      const encode = encoders[name];
      expect(encode, `no encoder for capture "${name}"`).toBeDefined();
      expect(bytesToHex(encode!())).toBe(hex);
    });
  }

  it('refuses a station or page outside one byte, and an impossible clock', () => {
    expect(codeOf(() => encodeElitechBodyRequest(1, 256))).toBe('BAD_INPUT');
    expect(codeOf(() => encodeElitechHeaderRequest(-1))).toBe('BAD_INPUT');
    expect(codeOf(() => encodeElitechClockSet(1, { ...clock, month: 2, day: 30 }))).toBe('BAD_INPUT');
  });
});

describe('Elitech answers from the captures', () => {
  for (const r of capture.responses) {
    it(`decodes the ${r.frame} answer ${r.hex}`, () => {
      const frame = hexToBytes(r.hex);
      if (r.expect === 'ack') {
        expect(r.frame === 'init' || r.frame === 'clockSet').toBe(true);
        expect(() => decodeElitechAck(frame, r.frame as 'init' | 'clockSet')).not.toThrow();
      } else {
        const header = decodeElitechHeader(frame);
        expect(header.records).toBe(r.expect.records);
        expect(header.start).toBe(r.expect.start);
        expect(header.startRaw).toEqual(clock);
      }
    });
  }

  it('an ack for a different command is not taken as confirmation', () => {
    expect(codeOf(() => decodeElitechAck(hexToBytes('55a3f8'), 'init'))).toBe('FRAME_INVALID');
  });
});

describe('Elitech header', () => {
  it('a header with a wrong checksum is rejected', () => {
    expect(codeOf(() => decodeElitechHeader(hexToBytes('550b7607df050e17043520')))).toBe('CHECKSUM_MISMATCH');
  });

  it('a header cut short is truncated', () => {
    expect(codeOf(() => decodeElitechHeader(hexToBytes('550b7607df050e')))).toBe('FRAME_TRUNCATED');
  });

  it('garbage that does not start with 0x55 is invalid', () => {
    expect(codeOf(() => decodeElitechHeader(hexToBytes('ff0b7607df050e1704351f')))).toBe('FRAME_INVALID');
  });

  it('an impossible start date is exposed raw with start null', () => {
    const header = decodeElitechHeader(appendElitechChecksum(hexToBytes('55000000000000000000')));
    expect(header.records).toBe(0);
    expect(header.start).toBeNull();
  });
});

describe('Elitech device info', () => {
  it('decodes every field of an RC-4 device info', () => {
    const info = decodeElitechDevInfo(hexToBytes(DEVINFO_HEX));
    expect(info).toMatchObject({
      station: 2,
      modelByte: 0x28,
      model: 'RC-4',
      intervalS: 30,
      tempUpperLimitTenths: 600,
      tempLowerLimitTenths: -300,
      lastOnline: '2015-05-14T22:47:04',
      workStatus: 'stopped',
      start: '2015-05-14T07:56:14',
      stopButtonAllowed: true,
      recordCount: 9,
      clock: '2015-05-14T22:47:54',
      userInfo: 'RC-4 Data Logger',
      deviceNumber: '9900112233',
      startDelayMin: 90,
      toneEnabled: false,
      alarmRepeat: 0,
      unit: 'C',
      tempCalibrationTenths: -15,
    });
  });

  it('a device-info checksum mismatch is a warning in the result, not a failure', () => {
    const frame = hexToBytes(DEVINFO_HEX);
    expect(computeElitechChecksum(frame.subarray(0, 159))).not.toBe(frame[159]);
    expect(decodeElitechDevInfo(frame).warnings).toEqual(['CHECKSUM_MISMATCH']);
    frame[159] = computeElitechChecksum(frame.subarray(0, 159));
    expect(decodeElitechDevInfo(frame).warnings).toEqual([]);
  });

  it('a device number never set (0xFF) is null', () => {
    const frame = hexToBytes(DEVINFO_HEX);
    frame.fill(0xff, 138, 148);
    expect(decodeElitechDevInfo(frame).deviceNumber).toBeNull();
  });

  it('a Fahrenheit logger is recognised; an unknown unit byte is a warning and unit null', () => {
    const frame = hexToBytes(DEVINFO_HEX);
    frame[151] = 0x13;
    expect(decodeElitechDevInfo(frame).unit).toBe('F');
    frame[151] = 0x77;
    const info = decodeElitechDevInfo(frame);
    expect(info.unit).toBeNull();
    expect(info.warnings).toContain('UNKNOWN_UNIT');
  });

  it('a short device info is truncated; a foreign one is invalid', () => {
    expect(codeOf(() => decodeElitechDevInfo(hexToBytes(DEVINFO_HEX).subarray(0, 100)))).toBe('FRAME_TRUNCATED');
    const foreign = hexToBytes(DEVINFO_HEX);
    foreign[0] = 0x00;
    expect(codeOf(() => decodeElitechDevInfo(foreign))).toBe('FRAME_INVALID');
  });
});

describe('Elitech body pages', () => {
  it('decodes a real RC-4 page of 100 records', () => {
    const temps = decodeElitechBody(hexToBytes(RC4_PAGE_HEX), { count: 100, unit: 'C' });
    expect(temps).toHaveLength(100);
    expect(temps.slice(0, 6)).toEqual([2670, 2670, 2670, 2670, 2670, 2680]);
    expect(temps[99]).toBe(2690);
  });

  it('freezer readings below zero decode as signed', () => {
    const frame = appendElitechChecksum(hexToBytes('55ffff ff38 ff06 0000'.replace(/ /g, '')));
    expect(decodeElitechBody(frame, { count: 4, unit: 'C' })).toEqual([-10, -2000, -2500, 0]);
  });

  it('Fahrenheit loggers are converted to centi-degrees Celsius exactly, rounded once', () => {
    // 32.0 F, 98.6 F, -40.0 F, 0.0 F, -0.1 F
    const frame = appendElitechChecksum(hexToBytes('55' + '0140' + '03da' + 'fe70' + '0000' + 'ffff'));
    expect(decodeElitechBody(frame, { count: 5, unit: 'F' })).toEqual([0, 3700, -4000, -1778, -1783]);
  });

  it('a body page whose checksum does not match is rejected, never decoded', () => {
    const frame = hexToBytes(RC4_PAGE_HEX);
    frame[10] = frame[10]! ^ 0x01;
    expect(codeOf(() => decodeElitechBody(frame, { count: 100, unit: 'C' }))).toBe('CHECKSUM_MISMATCH');
  });

  it('a body page cut short is truncated', () => {
    const frame = hexToBytes(RC4_PAGE_HEX).subarray(0, 150);
    expect(codeOf(() => decodeElitechBody(frame, { count: 100, unit: 'C' }))).toBe('FRAME_TRUNCATED');
    expect(expectedElitechBodyLength(100)).toBe(202);
  });
});

/** An RC-4HC page: 0x55, then per record int16 temperature tenths and int16 humidity tenths, checksum. */
function pairPage(records: readonly (readonly [number, number])[]): Uint8Array {
  const body = new Uint8Array(1 + 4 * records.length);
  const view = new DataView(body.buffer);
  body[0] = 0x55;
  records.forEach(([temp, rh], i) => {
    view.setInt16(1 + 4 * i, temp);
    view.setInt16(3 + 4 * i, rh);
  });
  return appendElitechChecksum(body);
}

describe('Elitech RC-4HC pages (temperature and humidity pairs)', () => {
  it('decodes interleaved temperature and humidity, freezer temperatures below zero included', () => {
    const frame = pairPage([
      [40, 855],
      [-205, 0],
      [-1, 1000],
      [0, 473],
    ]);
    expect(bytesToHex(frame.subarray(0, 9))).toBe('55' + '0028' + '0357' + 'ff33' + '0000');
    expect(decodeElitechPairBody(frame, { count: 4, unit: 'C' })).toEqual([
      { tempCentiC: 400, rhCentiPct: 8550 },
      { tempCentiC: -2050, rhCentiPct: 0 },
      { tempCentiC: -10, rhCentiPct: 10000 },
      { tempCentiC: 0, rhCentiPct: 4730 },
    ]);
  });

  it('converts Fahrenheit temperatures as on the RC-4 and leaves humidity alone', () => {
    const frame = pairPage([
      [320, 500],
      [-220, 650],
      [-1, 10],
    ]);
    expect(decodeElitechPairBody(frame, { count: 3, unit: 'F' })).toEqual([
      { tempCentiC: 0, rhCentiPct: 5000 },
      { tempCentiC: -3000, rhCentiPct: 6500 },
      { tempCentiC: -1783, rhCentiPct: 100 },
    ]);
  });

  it('refuses a page whose temperatures are beyond what the logger measures (humidity read as temperature)', () => {
    // Humidity first, in a humid cold room: 85 %RH would read as 85 °C.
    const frame = pairPage([
      [850, 40],
      [860, 41],
    ]);
    expect(codeOf(() => decodeElitechPairBody(frame, { count: 2, unit: 'C' }))).toBe('FRAME_INVALID');
  });

  it('a pair page whose checksum does not match is rejected, never decoded', () => {
    const frame = pairPage([
      [40, 855],
      [41, 850],
    ]);
    frame[4] = frame[4]! ^ 0x01;
    expect(codeOf(() => decodeElitechPairBody(frame, { count: 2, unit: 'C' }))).toBe('CHECKSUM_MISMATCH');
  });

  it('a page of 100 temperatures alone is too short for 100 pairs', () => {
    expect(expectedElitechBodyLength(100, 2)).toBe(402);
    expect(codeOf(() => decodeElitechPairBody(hexToBytes(RC4_PAGE_HEX), { count: 100, unit: 'C' }))).toBe('FRAME_TRUNCATED');
  });

  for (const rh of [1001, -1, 0x7fff]) {
    it(`a humidity of ${rh} tenths is not 0–100 %RH: the whole page is refused with FRAME_INVALID`, () => {
      const frame = pairPage([
        [40, 855],
        [41, rh],
        [42, 850],
      ]);
      let thrown: unknown;
      try {
        decodeElitechPairBody(frame, { count: 3, unit: 'C' });
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toMatchObject({
        code: 'FRAME_INVALID',
        message: expect.stringMatching(/did not have the expected temperature and humidity layout.*nothing from it was stored/),
        details: { record: 1, rhTenths: rh },
      });
    });
  }

  it('a page laid out humidity first is refused when the temperatures are below zero', () => {
    // The wrong guess the guard is for: freezer temperatures read as humidity are negative.
    const swapped = pairPage([
      [855, -180],
      [850, -181],
    ]);
    expect(codeOf(() => decodeElitechPairBody(swapped, { count: 2, unit: 'C' }))).toBe('FRAME_INVALID');
  });
});

describe('Elitech download arithmetic', () => {
  it('the RC-4HC has two values a record, 100 records (200 values) a page', () => {
    expect(elitechPageLayout(0x2a)).toMatchObject({ model: 'RC-4HC', valuesPerRecord: 2, recordsPerPage: 100 });
    expect(elitechPageLayout(0x28)).toMatchObject({ model: 'RC-4', valuesPerRecord: 1, recordsPerPage: 100 });
    expect(elitechPageLayout(0x32)).toMatchObject({ model: 'RC-5', valuesPerRecord: 1, recordsPerPage: 500 });
  });

  it("RC-4HC pages counted in records agree with elitech-datareader's count in values", () => {
    for (let records = 0; records <= 2100; records++) {
      const pages = elitechPageCount(records, 100);
      expect(pages).toBe(Math.ceil((records * 2) / 200));
      for (let page = 0; page < pages; page++) {
        expect(elitechPageRecordCount(records, page, 100) * 2).toBe(Math.min(200, records * 2 - page * 200));
      }
    }
    // 350 records: three pages of 100, then 50 (100 values).
    expect([0, 1, 2, 3].map((p) => elitechPageRecordCount(350, p, 100))).toEqual([100, 100, 100, 50]);
  });

  it('page size follows the model: RC-4 100, RC-5 500', () => {
    expect(elitechPageSize(0x28)).toBe(100);
    expect(elitechPageSize(0x32)).toBe(500);
    expect(codeOf(() => elitechPageSize(0x99))).toBe('DEVICE_UNSUPPORTED');
  });

  it('splits 2934 records into 29 full pages and one of 34, and a multiple of 100 without an empty page', () => {
    expect(elitechPageCount(2934, 100)).toBe(30);
    expect(elitechPageRecordCount(2934, 28, 100)).toBe(100);
    expect(elitechPageRecordCount(2934, 29, 100)).toBe(34);
    expect(elitechPageCount(200, 100)).toBe(2);
    expect(elitechPageRecordCount(200, 1, 100)).toBe(100);
  });

  it('record times are start + index x interval in logger-local time, across midnight', () => {
    expect(elitechRecordTime(clock, 30, 0)).toBe('2015-05-14T23:04:53');
    expect(elitechRecordTime(clock, 30, 2933)).toBe('2015-05-15T23:31:23');
    expect(elitechRecordTime({ ...clock, month: 12, day: 31 }, 600, 6)).toBe('2016-01-01T00:04:53');
  });
});
