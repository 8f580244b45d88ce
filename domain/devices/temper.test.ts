import { describe, expect, it } from 'vitest';
import { findTemperRule } from './device-table';
import { hexToBytes } from './hex';
import {
  decodeTemperFirmware,
  decodeTemperReport,
  encodeTemperFirmwareQuery,
  encodeTemperReadCommand,
  withHidReportId,
} from './temper';
import { codeOf, loadCapture } from '../../tests/support/device-captures';

interface TemperCapture {
  readCommand: string;
  firmwareQuery: string;
  tolerance: number;
  cases: {
    firmware: string;
    response: string;
    expect: { channel: 'internal' | 'external'; celsius: number; rh?: number }[];
    source: string;
  }[];
  firmwareStrings: Record<string, string>;
}

const capture = loadCapture<TemperCapture>('temper.json');

describe('TEMPer commands', () => {
  it('sends the read command and firmware query the devices expect', () => {
    expect(encodeTemperReadCommand()).toEqual(hexToBytes(capture.readCommand));
    expect(encodeTemperFirmwareQuery()).toEqual(hexToBytes(capture.firmwareQuery));
  });

  it('prefixes output reports with report id 0 for node-hid', () => {
    expect(withHidReportId(encodeTemperReadCommand())).toEqual(hexToBytes('00' + capture.readCommand));
  });
});

describe('TEMPer captures from real devices', () => {
  for (const c of capture.cases) {
    it(`${c.firmware} decodes ${c.response} as the reference tools did`, () => {
      const readings = decodeTemperReport(c.firmware, hexToBytes(c.response));
      // The capture notes a looser tolerance on some values ("tolerance 0.1 on the first value").
      const firstTolerance = Number(/tolerance ([\d.]+) on the first value/.exec(c.source)?.[1] ?? capture.tolerance);
      expect(readings.map((r) => r.channel)).toEqual(c.expect.map((e) => e.channel));
      c.expect.forEach((e, i) => {
        const r = readings[i]!;
        const tolerance = i === 0 ? firstTolerance : capture.tolerance;
        expect(Number.isInteger(r.tempCentiC)).toBe(true);
        expect(Math.abs(r.tempCentiC / 100 - e.celsius)).toBeLessThanOrEqual(tolerance + 1e-9);
        if (e.rh === undefined) expect(r.rhCentiPct).toBeNull();
        else expect(Math.abs(r.rhCentiPct! / 100 - e.rh)).toBeLessThanOrEqual(capture.tolerance + 1e-9);
      });
    });
  }

  for (const [firmware, hex] of Object.entries(capture.firmwareStrings)) {
    it(`reads the padded firmware answer of ${firmware} and finds its decode rule`, () => {
      const answer = hexToBytes(hex);
      const decoded = decodeTemperFirmware([answer.subarray(0, 8), answer.subarray(8)]);
      expect(decoded).toBe(firmware);
      expect(decodeTemperFirmware(answer)).toBe(firmware);
      expect(() => findTemperRule(decoded)).not.toThrow();
    });
  }
});

describe('TEMPer firmware families', () => {
  it('an unseen revision of a known family still decodes (TEMPerGold_V3.6)', () => {
    expect(decodeTemperReport('TEMPerGold_V3.6', hexToBytes('808009214e200000'))).toEqual([
      { channel: 'internal', tempCentiC: 2337, rhCentiPct: null },
    ]);
  });

  it('an unseen TEMPer2 revision decodes both probes from its two reports (TEMPer2_V4.2)', () => {
    const reports = [hexToBytes('80800d544e200000'), hexToBytes('80010af04e200000')];
    expect(decodeTemperReport('TEMPer2_V4.2', reports)).toEqual([
      { channel: 'internal', tempCentiC: 3412, rhCentiPct: null },
      { channel: 'external', tempCentiC: 2800, rhCentiPct: null },
    ]);
  });

  it('TEMPer2_V4.1, known only by its firmware string, uses the TEMPer2 rule', () => {
    const firmware = decodeTemperFirmware(hexToBytes(capture.firmwareStrings['TEMPer2_V4.1']!));
    expect(findTemperRule(firmware).family).toBe('TEMPer2');
  });

  it('an unknown firmware is refused as unsupported, naming the firmware', () => {
    expect(codeOf(() => findTemperRule('TEMPerFoo_V9.9'))).toBe('DEVICE_UNSUPPORTED');
    expect(() => findTemperRule('FooBar_V1.0')).toThrow(/FooBar_V1\.0/);
  });

  it('does not confuse TEMPERHUM1 (Si7021) with TEMPerHUM_ (hundredths)', () => {
    expect(findTemperRule('TEMPERHUM1V1.3').temp).toBe('si7021');
    expect(findTemperRule('TEMPerHUM_V3.9').temp).toBe('div100');
  });
});

describe('TEMPer boards with several probe sockets (TEMPerNTC)', () => {
  it('reads the stick and both probes, each a channel of its own', () => {
    expect(decodeTemperReport('TEMPerNTC1.O', hexToBytes('80061bc0fac0fc00'))).toEqual([
      { channel: 'internal', tempCentiC: 2775, rhCentiPct: null },
      { channel: 'external', tempCentiC: -525, rhCentiPct: null },
      { channel: 'external-2', tempCentiC: -400, rhCentiPct: null },
    ]);
  });

  it('an empty socket (ffff) is no reading, not 0.00 C, and the other probe keeps its channel', () => {
    expect(decodeTemperReport('TEMPerNTC F1.0NT', hexToBytes('80061bc01b21ffff')).map((r) => r.channel)).toEqual(['internal', 'external']);
    expect(decodeTemperReport('TEMPerNTC F1.0NT', hexToBytes('80061bc0ffff1b21')).map((r) => r.channel)).toEqual(['internal', 'external-2']);
  });

  it('an answer too short for the third sensor is truncated, never read as two', () => {
    expect(codeOf(() => decodeTemperReport('TEMPerNTC1.O', hexToBytes('80061bc01b21')))).toBe('FRAME_TRUNCATED');
  });
});

describe('TEMPer two-report boards answering with the external report alone', () => {
  it('a lone report marked 80 01 is the external probe, not the stick\'s sensor', () => {
    expect(decodeTemperReport('TEMPer2_V3.7', hexToBytes('8001f8304e200000'))).toEqual([{ channel: 'external', tempCentiC: -2000, rhCentiPct: null }]);
    expect(decodeTemperReport('TEMPerX_V3.3', hexToBytes('800108dc11940000'))).toEqual([{ channel: 'external', tempCentiC: 2268, rhCentiPct: 4500 }]);
  });

  it('a lone first report (80 80) is still the stick\'s own sensor', () => {
    expect(decodeTemperReport('TEMPer2_V3.7', hexToBytes('80800d544e200000'))).toEqual([{ channel: 'internal', tempCentiC: 3412, rhCentiPct: null }]);
  });
});

describe('TEMPerHUM with a probe in its jack', () => {
  it('reads the external probe from the second report, temperature only', () => {
    const reports = [hexToBytes('8020093910360000'), hexToBytes('8001fc184e200000')];
    expect(decodeTemperReport('TEMPerHUM_V4.1', reports)).toEqual([
      { channel: 'internal', tempCentiC: 2361, rhCentiPct: 4150 },
      { channel: 'external', tempCentiC: -1000, rhCentiPct: null },
    ]);
  });
});

describe('TEMPer no-sensor marker', () => {
  it('a channel reading 0x4E20 is reported as absent, not as 200 C', () => {
    const readings = decodeTemperReport('TEMPer2_V3.7', hexToBytes('80800d544e20000080014e204e200000'));
    expect(readings).toEqual([{ channel: 'internal', tempCentiC: 3412, rhCentiPct: null }]);
  });

  it('a humidity field of 0x4E20 gives a reading without humidity', () => {
    expect(decodeTemperReport('TEMPerHUM_V3.8', hexToBytes('802009014e200000'))).toEqual([
      { channel: 'internal', tempCentiC: 2305, rhCentiPct: null },
    ]);
  });

  it('a two-report device whose second report never came reports only the internal sensor', () => {
    expect(decodeTemperReport('TEMPer2_V3.7', hexToBytes('80800d544e200000'))).toEqual([
      { channel: 'internal', tempCentiC: 3412, rhCentiPct: null },
    ]);
  });

  it('0x4E20 is a real temperature on Si7021 boards (6.78 C), not a missing sensor', () => {
    const [r] = decodeTemperReport('TEMPERHUM1V1.3', hexToBytes('00004e208000'));
    expect(r!.tempCentiC).toBe(678);
  });
});

describe('TEMPer negative temperatures', () => {
  it('hundredths firmware reads two\'s complement (-5.50 C in a fridge door)', () => {
    expect(decodeTemperReport('TEMPerGold_V3.1', hexToBytes('8080fdda4e200000'))[0]!.tempCentiC).toBe(-550);
  });

  it('a TEMPer2 external probe in a freezer reads -20.00 C', () => {
    const readings = decodeTemperReport('TEMPer2_V3.7', hexToBytes('808008984e2000008001f8304e200000'));
    expect(readings[1]).toEqual({ channel: 'external', tempCentiC: -2000, rhCentiPct: null });
  });

  it('/256 firmware reads two\'s complement (-5.25 C)', () => {
    expect(decodeTemperReport('TEMPerV1.2', hexToBytes('0000fac0'))[0]!.tempCentiC).toBe(-525);
  });

  it('Si7021 boards read -20.00 C and clamp humidity to 0..100 %', () => {
    const [r] = decodeTemperReport('TEMPERHUM1V1.3', hexToBytes('0000271e0000'));
    expect(r).toEqual({ channel: 'internal', tempCentiC: -2000, rhCentiPct: 0 });
    expect(decodeTemperReport('TEMPERHUM1V1.3', hexToBytes('0000271effff'))[0]!.rhCentiPct).toBe(10000);
  });
});

describe('TEMPer damaged answers', () => {
  it('an answer too short for its first report is truncated, never decoded', () => {
    expect(codeOf(() => decodeTemperReport('TEMPerGold_V3.1', hexToBytes('8080')))).toBe('FRAME_TRUNCATED');
    expect(codeOf(() => decodeTemperReport('TEMPer2_M12_V1.3', hexToBytes('0000201a2b')))).toBe('FRAME_TRUNCATED');
  });

  it('a first report cut short is truncated, never read with the second report shifted into it', () => {
    const reports = [hexToBytes('80800d'), hexToBytes('80010af04e200000')];
    expect(codeOf(() => decodeTemperReport('TEMPer2_V3.7', reports))).toBe('FRAME_TRUNCATED');
  });

  it('a firmware answer of garbage bytes is rejected', () => {
    expect(codeOf(() => decodeTemperFirmware(hexToBytes('0000000000000000')))).toBe('FRAME_INVALID');
    expect(codeOf(() => decodeTemperFirmware(hexToBytes('5445ff01')))).toBe('FRAME_INVALID');
  });
});
