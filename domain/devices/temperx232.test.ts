import { describe, expect, it } from 'vitest';
import { asciiBytes, latin1Text } from './bytes';
import {
  decodeTemperX232Calibration,
  decodeTemperX232Reading,
  decodeTemperX232SetCalibReply,
  decodeTemperX232Version,
  encodeTemperX232Command,
  encodeTemperX232SetCalib,
  TEMPERX232_MAX_REPLY_BYTES,
} from './temperx232';
import { codeOf } from '../../tests/support/device-captures';

describe('TEMPerX232 commands', () => {
  it('sends commands as bare ASCII, no line ending', () => {
    expect(latin1Text(encodeTemperX232Command('ReadTemp'))).toBe('ReadTemp');
    expect(latin1Text(encodeTemperX232Command('Version'))).toBe('Version');
    expect(latin1Text(encodeTemperX232Command('ReadCalib'))).toBe('ReadCalib');
  });

  it('formats calibration offsets with one decimal, negative ones included', () => {
    expect(latin1Text(encodeTemperX232SetCalib('internal', 100, 110))).toBe('SetCalib-Inner:1.0,1.1>');
    expect(latin1Text(encodeTemperX232SetCalib('internal', -50, 0))).toBe('SetCalib-Inner:-0.5,0.0>');
    expect(latin1Text(encodeTemperX232SetCalib('external', -1000, 1000))).toBe('SetCalib-Outer:-10.0,10.0>');
  });

  it('refuses offsets beyond +-10.0 or finer than 0.1', () => {
    expect(codeOf(() => encodeTemperX232SetCalib('internal', 1010, 0))).toBe('BAD_INPUT');
    expect(codeOf(() => encodeTemperX232SetCalib('internal', 0, -1010))).toBe('BAD_INPUT');
    expect(codeOf(() => encodeTemperX232SetCalib('internal', 15, 0))).toBe('BAD_INPUT');
  });
});

describe('TEMPerX232 readings', () => {
  it('reads inner temperature and humidity', () => {
    expect(decodeTemperX232Reading('Temp-Inner:23.45 [C],45.67 [%RH]<\r\n')).toEqual([
      { channel: 'internal', tempCentiC: 2345, rhCentiPct: 4567 },
    ]);
  });

  it('reads the outer probe line after the inner one, from raw bytes', () => {
    const reply = asciiBytes('Temp-Inner:21.50 [C],40.00 [%RH]<\r\nTemp-Outer:3.75 [C]<\r\n');
    expect(decodeTemperX232Reading(reply)).toEqual([
      { channel: 'internal', tempCentiC: 2150, rhCentiPct: 4000 },
      { channel: 'external', tempCentiC: 375, rhCentiPct: null },
    ]);
  });

  it('reads negative temperatures of a freezer probe', () => {
    expect(decodeTemperX232Reading('Temp-Inner:4.10 [C],60.20 [%RH]<Temp-Outer:-18.50 [C]<')[1]).toEqual({
      channel: 'external',
      tempCentiC: -1850,
      rhCentiPct: null,
    });
    expect(decodeTemperX232Reading('Temp-Outer:-0.05 [C]<')[0]!.tempCentiC).toBe(-5);
  });

  it('leaves out a sensor the board reports as "unknow!"', () => {
    expect(decodeTemperX232Reading('unknow!<\r\nTemp-Outer:5.00 [C]<')).toEqual([
      { channel: 'external', tempCentiC: 500, rhCentiPct: null },
    ]);
  });

  it('a reply still arriving is truncated', () => {
    expect(codeOf(() => decodeTemperX232Reading('Temp-Inner:23.45 [C],45.'))).toBe('FRAME_TRUNCATED');
    expect(codeOf(() => decodeTemperX232Reading('Temp-Inner:23.45 [C],45.67 [%RH]<Temp-Ou'))).toBe('FRAME_TRUNCATED');
  });

  it('garbage is rejected, never decoded', () => {
    expect(codeOf(() => decodeTemperX232Reading('\u00ff\u0013xx'))).toBe('FRAME_INVALID');
    expect(codeOf(() => decodeTemperX232Reading('Temp-Inner:abc [C]<'))).toBe('FRAME_INVALID');
    expect(codeOf(() => decodeTemperX232Reading('Temp-Inner:23.45 [F],45.67 [%RH]<'))).toBe('FRAME_INVALID');
    expect(codeOf(() => decodeTemperX232Reading(''))).toBe('FRAME_INVALID');
    expect(codeOf(() => decodeTemperX232Reading('<<'))).toBe('FRAME_INVALID');
  });
});

describe('TEMPerX232 replies as several lines', () => {
  const inner = { channel: 'internal', tempCentiC: 970, rhCentiPct: 7053 };
  const outer = { channel: 'external', tempCentiC: -31, rhCentiPct: null };

  it('skips the firmware banner that comes first and reads each probe line', () => {
    expect(decodeTemperX232Reading('TEMPerX232_V2.5\r\nTemp-Outer:-0.31 [C]<\r\nTemp-Inner:9.70 [C],70.53 [%RH]<\r\n')).toEqual([outer, inner]);
  });

  it('reads lines whatever the line endings: none, CR, LF, CR LF, blank lines between', () => {
    for (const reply of [
      'Temp-Outer:-0.31 [C]<Temp-Inner:9.70 [C],70.53 [%RH]<',
      '\rTemp-Outer:-0.31 [C]<\rTemp-Inner:9.70 [C],70.53 [%RH]<\r',
      '\n\nTemp-Outer:-0.31 [C]<\n\n\nTemp-Inner:9.70 [C],70.53 [%RH]<\n',
      'TEMPerX232_V2.5\n\r\nTemp-Outer:-0.31 [C]<\r\n\r\nTemp-Inner:9.70 [C],70.53 [%RH]<\r\n\r\n',
    ]) {
      expect(decodeTemperX232Reading(reply), JSON.stringify(reply)).toEqual([outer, inner]);
    }
  });

  it('keeps a line whole when a stray line ending falls inside it', () => {
    expect(decodeTemperX232Reading('Temp-Inner:9.70 [C],\r\n70.53 [%RH]<\r\nTemp-Outer:-0.\n31 [C]<')).toEqual([inner, outer]);
  });

  it('reads humidity on the outer probe too, in either order', () => {
    expect(decodeTemperX232Reading('Temp-Inner:28.15 [C],34.80 [%RH]<\r\nTemp-Outer:-2.50 [C],91.00 [%RH]<\r\n')).toEqual([
      { channel: 'internal', tempCentiC: 2815, rhCentiPct: 3480 },
      { channel: 'external', tempCentiC: -250, rhCentiPct: 9100 },
    ]);
  });

  it('a reply cut short after the banner or inside a later line is truncated', () => {
    expect(codeOf(() => decodeTemperX232Reading('TEMPerX232_V2.5\r\nTemp-In'))).toBe('FRAME_TRUNCATED');
    expect(codeOf(() => decodeTemperX232Reading('TEMPerX232_V2.5\r\nTemp-Outer:-0.31 [C]<\r\nTemp-Inner:9.70 [C],70.'))).toBe('FRAME_TRUNCATED');
    expect(codeOf(() => decodeTemperX232Reading('Temp-Outer:-0.31 [C]<\r\nT'))).toBe('FRAME_TRUNCATED');
  });

  it('a banner with no reading, a line that is neither banner nor reading, or a probe named twice is refused', () => {
    expect(codeOf(() => decodeTemperX232Reading('TEMPerX232_V2.5\r\n'))).toBe('FRAME_INVALID');
    expect(codeOf(() => decodeTemperX232Reading('TEMPerX232_V2.5<'))).toBe('FRAME_INVALID');
    expect(codeOf(() => decodeTemperX232Reading('www.PCsensor.com\r\nTemp-Inner:9.70 [C],70.53 [%RH]<'))).toBe('FRAME_INVALID');
    expect(codeOf(() => decodeTemperX232Reading('Temp-Inner:9.70 [C]<\r\nxx\r\nTemp-Outer:1.00 [C]<'))).toBe('FRAME_INVALID');
    expect(codeOf(() => decodeTemperX232Reading('Temp-Inner:9.70 [C]<Temp-Inner:9.80 [C]<'))).toBe('FRAME_INVALID');
    expect(() => decodeTemperX232Reading('Temp-Outer:1.00 [C]<Temp-Outer:1.00 [C]<')).toThrow(/could not be understood/);
  });
});

describe('TEMPerX232 calibration and version', () => {
  it('reads the calibration offsets', () => {
    expect(decodeTemperX232Calibration('Inner-Calib:1.0 [C],-0.5 [%RH]<\r\n')).toEqual([
      { channel: 'internal', tempOffsetCentiC: 100, rhOffsetCentiPct: -50 },
    ]);
  });

  it('reads whether a calibration was accepted', () => {
    expect(decodeTemperX232SetCalibReply('Inner:OK,OK\r\n')).toEqual({ channel: 'internal', tempOk: true, rhOk: true });
    expect(decodeTemperX232SetCalibReply('Inner:ERROR,ERROR')).toEqual({ channel: 'internal', tempOk: false, rhOk: false });
    expect(codeOf(() => decodeTemperX232SetCalibReply('what'))).toBe('FRAME_INVALID');
  });

  it('reads the version string and rejects garbage', () => {
    expect(decodeTemperX232Version('TEMPerX232_V2.5\r\n')).toBe('TEMPerX232_V2.5');
    expect(decodeTemperX232Version(asciiBytes('TEMPerX232_V2.5<'))).toBe('TEMPerX232_V2.5');
    expect(codeOf(() => decodeTemperX232Version('\u0000\u00fe'))).toBe('FRAME_INVALID');
  });
});

describe('TEMPerX232 replies of hostile length', () => {
  const decoders = [decodeTemperX232Version, decodeTemperX232SetCalibReply, decodeTemperX232Reading, decodeTemperX232Calibration];

  it('refuses a reply longer than the cap unread, even one that would decode after trimming', () => {
    expect(TEMPERX232_MAX_REPLY_BYTES).toBeLessThanOrEqual(1024);
    const padding = ' '.repeat(100_000);
    expect(codeOf(() => decodeTemperX232Version(`TEMPerX232_V2.5${padding}`))).toBe('FRAME_INVALID');
    expect(codeOf(() => decodeTemperX232Version(asciiBytes(`TEMPerX232_V2.5${padding}`)))).toBe('FRAME_INVALID');
    expect(codeOf(() => decodeTemperX232SetCalibReply(`Inner:OK,OK${padding}`))).toBe('FRAME_INVALID');
    expect(codeOf(() => decodeTemperX232Reading(`Temp-Outer:5.00 [C]<${padding}`))).toBe('FRAME_INVALID');
    expect(codeOf(() => decodeTemperX232Calibration(`Inner-Calib:1.0 [C]<${padding}`))).toBe('FRAME_INVALID');
  });

  it('a reply of exactly the cap is still read', () => {
    const version = 'TEMPerX232_V2.5';
    expect(decodeTemperX232Version(version + '\r\n'.repeat((TEMPERX232_MAX_REPLY_BYTES - version.length) / 2))).toBe(version);
  });

  // The inputs that made the old trimming regexes backtrack: long blank runs that do not reach the
  // end. At the cap every decoder answers (or refuses) at once; vitest's timeout catches a regression.
  it('decodes or refuses cap-sized adversarial replies, every decoder', () => {
    const fill = (unit: string, head: string, tail: string) => head + unit.repeat(Math.floor((TEMPERX232_MAX_REPLY_BYTES - head.length - tail.length) / unit.length)) + tail;
    const shapes = [
      fill(' ', 'TEMPer', 'x'),
      fill(' ', 'Inner:OK,OK', 'x'),
      fill(' <', 'Inner:OK,OK', 'x'),
      fill('\0', '', 'TEMPer\0x'),
      fill(' ', 'Temp-Inner:1', 'x<'),
      fill('1', 'Temp-Inner:', '.x [C]<'),
      fill(' ,', 'Temp-Inner:1 [C]', '<'),
      fill('<', '', ''),
    ];
    for (const shape of shapes) {
      expect(shape.length).toBeLessThanOrEqual(TEMPERX232_MAX_REPLY_BYTES);
      for (const decode of decoders) {
        const code = codeOf(() => decode(shape));
        expect([undefined, 'FRAME_INVALID', 'FRAME_TRUNCATED'], `${decode.name} on ${JSON.stringify(shape.slice(0, 20))}…`).toContain(code);
      }
    }
  });
});
