import { describe, expect, it } from 'vitest';
import { asciiBytes } from './bytes';
import { appendCrc16Modbus, computeCrc16Modbus, hasValidCrc16Modbus } from './crc16-modbus';
import { bytesToHex, hexToBytes } from './hex';
import {
  decodeModbusResponse,
  encodeModbusReadRequest,
  encodeModbusWriteRequest,
  expectedModbusResponseLength,
} from './modbus';
import { decodeProbeReading, decodeProbeRegisters, encodeProbeAddressChange, encodeProbeReadRequest, type ModbusProbeMap } from './modbus-probe';
import { codeOf, loadCapture } from '../../tests/support/device-captures';

interface ModbusCapture {
  cases: {
    request: string;
    response: string;
    expect: { celsius: number; rh?: number }[] | 'error' | 'echo';
    note: string;
  }[];
}

const capture = loadCapture<ModbusCapture>('modbus-xymd.json');

/** A response frame with a correct CRC, built from its hex body. */
const frame = (hex: string): Uint8Array => appendCrc16Modbus(hexToBytes(hex));

describe('CRC-16/MODBUS', () => {
  it('has the standard check value 0x4B37 for "123456789"', () => {
    expect(computeCrc16Modbus(asciiBytes('123456789'))).toBe(0x4b37);
  });

  it('is sent low byte first', () => {
    expect(bytesToHex(appendCrc16Modbus(hexToBytes('010400010001')))).toBe('010400010001600a');
  });

  it('agrees with every frame in the captures', () => {
    for (const c of capture.cases) {
      expect(hasValidCrc16Modbus(hexToBytes(c.request))).toBe(true);
      if (c.expect !== 'error') expect(hasValidCrc16Modbus(hexToBytes(c.response))).toBe(true);
    }
  });
});

describe('Modbus captures from the probe manuals', () => {
  for (const c of capture.cases) {
    it(`${c.note}`, () => {
      const request = hexToBytes(c.request);
      const response = hexToBytes(c.response);
      if (c.expect === 'error') {
        expect(codeOf(() => decodeProbeReading('xy-md02', request, response))).toBe('FRAME_TRUNCATED');
      } else if (c.expect === 'echo') {
        expect(decodeModbusResponse(request, response)).toEqual({ kind: 'written', address: 1, register: 0x0100, value: 2 });
        expect(encodeProbeAddressChange('md02', 1, 2)).toEqual(request);
      } else {
        const reading = decodeProbeReading('xy-md02', request, response);
        const [e] = c.expect;
        expect(reading.channel).toBeNull();
        expect(reading.tempCentiC).toBe(Math.round(e!.celsius * 100));
        expect(reading.rhCentiPct).toBe(e!.rh === undefined ? null : Math.round(e!.rh * 100));
      }
    });
  }
});

describe('Modbus requests', () => {
  it('reads temperature and humidity of an XY-MD02 in one request', () => {
    expect(bytesToHex(encodeProbeReadRequest('xy-md02', 1))).toBe('010400010002200b');
    expect(bytesToHex(encodeProbeReadRequest('xy-md02', 1, false))).toBe('010400010001600a');
  });

  it('reads an MD02 from holding registers 0 (humidity) and 1 (temperature)', () => {
    expect(encodeProbeReadRequest('md02', 5)).toEqual(
      encodeModbusReadRequest({ address: 5, functionCode: 0x03, startRegister: 0, count: 2 }),
    );
  });

  it('changes the address through each map\'s own address register', () => {
    expect(bytesToHex(encodeProbeAddressChange('xy-md02', 1, 7))).toBe(
      bytesToHex(encodeModbusWriteRequest({ address: 1, register: 0x0101, value: 7 })),
    );
    expect(bytesToHex(encodeProbeAddressChange('md02', 1, 2))).toBe('01060100000209f7');
  });

  it('refuses addresses outside 1..247', () => {
    expect(codeOf(() => encodeProbeReadRequest('xy-md02', 0))).toBe('BAD_INPUT');
    expect(codeOf(() => encodeProbeAddressChange('md02', 1, 248))).toBe('BAD_INPUT');
  });

  it('tells a driver how long the answer is, including an exception answer', () => {
    const read = encodeProbeReadRequest('xy-md02', 1);
    expect(expectedModbusResponseLength(read)).toBe(9);
    expect(expectedModbusResponseLength(read, hexToBytes('01'))).toBe(9);
    expect(expectedModbusResponseLength(read, hexToBytes('0184'))).toBe(5);
    expect(expectedModbusResponseLength(encodeProbeAddressChange('md02', 1, 2))).toBe(8);
  });
});

describe('Modbus probe readings', () => {
  it('a freezer probe reading 0xFF33 is -20.5 C', () => {
    const request = encodeProbeReadRequest('xy-md02', 1, false);
    expect(decodeProbeReading('xy-md02', request, frame('010402ff33')).tempCentiC).toBe(-2050);
  });

  it('decodes an MD02 answer with humidity first, temperature second', () => {
    const request = encodeProbeReadRequest('md02', 3);
    expect(decodeProbeReading('md02', request, frame('030304021dff9c'))).toEqual({
      channel: null,
      tempCentiC: -1000,
      rhCentiPct: 5410,
    });
  });
});

describe('Modbus polls of the humidity register alone', () => {
  const humidityOnly = (map: ModbusProbeMap) =>
    map === 'xy-md02'
      ? encodeModbusReadRequest({ address: 1, functionCode: 0x04, startRegister: 2, count: 1 })
      : encodeModbusReadRequest({ address: 1, functionCode: 0x03, startRegister: 0, count: 1 });

  it('yields humidity and no temperature, for both register maps', () => {
    expect(decodeProbeRegisters('xy-md02', humidityOnly('xy-md02'), frame('0104020371'))).toEqual({ tempCentiC: null, rhCentiPct: 8810 });
    expect(decodeProbeRegisters('md02', humidityOnly('md02'), frame('0103020000'))).toEqual({ tempCentiC: null, rhCentiPct: 0 });
  });

  it('a temperature-only poll still yields no humidity', () => {
    expect(decodeProbeRegisters('xy-md02', encodeProbeReadRequest('xy-md02', 1, false), frame('010402ff33'))).toEqual({ tempCentiC: -2050, rhCentiPct: null });
  });

  it('a damaged or cut-short humidity answer is refused like any other', () => {
    expect(codeOf(() => decodeProbeRegisters('xy-md02', humidityOnly('xy-md02'), hexToBytes('01040202223848')))).toBe('CRC_MISMATCH');
    expect(codeOf(() => decodeProbeRegisters('xy-md02', humidityOnly('xy-md02'), hexToBytes('0104020222')))).toBe('FRAME_TRUNCATED');
    expect(codeOf(() => decodeProbeRegisters('xy-md02', humidityOnly('xy-md02'), frame('01040401310222')))).toBe('FRAME_INVALID');
  });

  it('a poll of neither register is refused with a sentence naming both', () => {
    const other = encodeModbusReadRequest({ address: 1, functionCode: 0x03, startRegister: 5, count: 1 });
    expect(() => decodeProbeRegisters('md02', other, frame('0103020050'))).toThrow('That request reads neither the temperature nor the humidity register of a md02 probe.');
  });

  it('the live driver asks for temperature, so its decoder refuses a humidity-only poll', () => {
    expect(codeOf(() => decodeProbeReading('xy-md02', humidityOnly('xy-md02'), frame('0104020222')))).toBe('BAD_INPUT');
  });
});

describe('Modbus damaged or wrong answers', () => {
  const request = encodeProbeReadRequest('xy-md02', 1);

  it('a Modbus frame with a wrong CRC is rejected, never decoded', () => {
    const damaged = hexToBytes('010404013102222acf');
    expect(codeOf(() => decodeProbeReading('xy-md02', request, damaged))).toBe('CRC_MISMATCH');
    const flipped = hexToBytes('010404013202222ace');
    expect(codeOf(() => decodeProbeReading('xy-md02', request, flipped))).toBe('CRC_MISMATCH');
  });

  it('a frame cut short is truncated; one with extra bytes is invalid', () => {
    expect(codeOf(() => decodeProbeReading('xy-md02', request, hexToBytes('01040401')))).toBe('FRAME_TRUNCATED');
    expect(codeOf(() => decodeProbeReading('xy-md02', request, new Uint8Array()))).toBe('FRAME_TRUNCATED');
    expect(codeOf(() => decodeProbeReading('xy-md02', request, hexToBytes('010404013102222ace00')))).toBe('FRAME_INVALID');
  });

  it('an answer from another address is rejected', () => {
    expect(codeOf(() => decodeProbeReading('xy-md02', request, frame('02040401310222')))).toBe('FRAME_INVALID');
  });

  it('an answer to another function or with a wrong byte count is rejected', () => {
    expect(codeOf(() => decodeProbeReading('xy-md02', request, frame('0103040131022a')))).toBe('FRAME_INVALID');
    expect(codeOf(() => decodeProbeReading('xy-md02', request, frame('0104020131022a')))).toBe('FRAME_INVALID');
  });

  it('an illegal-address exception says the probe model is wrong', () => {
    const err = (() => {
      try {
        decodeProbeReading('xy-md02', request, frame('018402'));
      } catch (e) {
        return e as { code: string; message: string; details: Record<string, unknown> };
      }
      throw new Error('expected a rejection');
    })();
    expect(err.code).toBe('DEVICE_UNSUPPORTED');
    expect(err.details.exceptionCode).toBe(2);
    expect(err.message).toMatch(/address 1/);
  });

  it('a device-failure exception is a clear refusal, not a reading', () => {
    expect(codeOf(() => decodeProbeReading('xy-md02', request, frame('018404')))).toBe('FRAME_INVALID');
  });

  it('an exception frame with a bad CRC is a CRC error', () => {
    expect(codeOf(() => decodeProbeReading('xy-md02', request, hexToBytes('0184020000')))).toBe('CRC_MISMATCH');
  });

  it('a write whose echo differs from the request is not confirmed', () => {
    const write = encodeProbeAddressChange('md02', 1, 2);
    expect(codeOf(() => decodeModbusResponse(write, frame('010601000003')))).toBe('FRAME_INVALID');
  });

  it('garbage bytes are never decoded', () => {
    const garbage = hexToBytes('ffffffffffffffffff');
    expect(['CRC_MISMATCH', 'FRAME_INVALID']).toContain(codeOf(() => decodeProbeReading('xy-md02', request, garbage)));
  });

  it('refuses to decode a reading against the wrong register map', () => {
    const map: ModbusProbeMap = 'md02';
    expect(codeOf(() => decodeProbeReading(map, request, hexToBytes('010404013102222ace')))).toBe('BAD_INPUT');
  });
});
