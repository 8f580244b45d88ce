import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeReadingsFile } from './file-bytes';
import { parseHundredths } from './file-values';
import { formatPlainCsv } from './plain-export';
import { readReadingsFile } from './readings-file';

const testFile = (name: string) => decodeReadingsFile(new Uint8Array(readFileSync(join(__dirname, 'testdata', name))));
const NEW_YORK = { timeZone: 'America/New_York' };
const utc = (iso: string) => Date.parse(iso);

describe('the plain format', () => {
  it('reads times with an offset, and times without one in the location zone (daylight saving included)', () => {
    const file = readReadingsFile(
      ['time,temperature_c,humidity', '2026-01-15T08:00:00+01:00,3.50,45.2', '2026-01-15 08:00,3.75,', '2026-07-15T08:00:00,-18.20,', '2026-07-15T13:00:00Z,4,60'].join('\n'),
      NEW_YORK,
    );
    expect(file.badLines).toEqual([]);
    expect(file.format).toBe('plain');
    expect(file.atMs).toEqual([utc('2026-01-15T07:00:00Z'), utc('2026-01-15T13:00:00Z'), utc('2026-07-15T12:00:00Z'), utc('2026-07-15T13:00:00Z')]);
    expect(file.tempCentiC).toEqual([350, 375, -1820, 400]);
    expect(file.humidityCentiPct).toEqual([4520, null, null, 6000]);
  });

  it('takes temperature_f, a byte-order mark, CRLF line ends, and semicolons with decimal commas', () => {
    const f = readReadingsFile('\uFEFFtime,temperature_f\r\n2026-01-15T08:00:00Z,38.3\r\n2026-01-15T08:01:00Z,-4\r\n', NEW_YORK);
    expect(f.unit).toBe('F');
    expect(f.tempCentiC).toEqual([350, -2000]); // 38.3 °F is 3.5 °C
    expect(f.humidityCentiPct).toBeNull();
    const s = readReadingsFile('time;temperature_c;humidity\n2026-01-15T08:00:00Z;3,5;45,25\n', NEW_YORK);
    expect(s.tempCentiC).toEqual([350]);
    expect(s.humidityCentiPct).toEqual([4525]);
  });

  it('reports every bad line by its number and why, and keeps the good rows', () => {
    const f = readReadingsFile(
      [
        'time,temperature_c,humidity',
        '2026-01-15T08:00:00Z,3.5,', // 2 good
        '15/01/2026 08:01,3.5,', // 3 not ISO
        '2026-01-15T08:02:00Z,warm,', // 4 not a number
        '2026-01-15T08:03:00Z,450,', // 5 out of range
        '2026-01-15T08:04:00Z,3.5,120', // 6 humidity
        '2026-01-15T08:00:00Z,3.5,', // 7 the same as line 2: repeated, not bad
        '2026-01-15T08:00:00Z,9.5,', // 8 the time of line 2 with another value
        '', // 9 blank
        '2026-03-08T02:30:00,3.5,', // 10 the clocks jumped from 2:00 to 3:00 in New York that night
        '2026-01-15T08:05:00Z,,', // 11 no temperature
      ].join('\n'),
      NEW_YORK,
    );
    expect(f.atMs).toEqual([utc('2026-01-15T08:00:00Z')]);
    expect(f.repeatedRows).toBe(1);
    expect(f.badLines).toEqual([
      { line: 3, reason: expect.stringContaining('"15/01/2026 08:01" is not an ISO 8601 time') },
      { line: 4, reason: '"warm" is not a temperature' },
      { line: 5, reason: '450 °C is outside what a food thermometer reads (-100 to 300 °C)' },
      { line: 6, reason: 'humidity "120" is not a percentage from 0 to 100' },
      { line: 8, reason: '2026-01-15T08:00:00Z is already on line 2 with another reading' },
      { line: 10, reason: expect.stringContaining('2026-03-08T02:30:00') },
      { line: 11, reason: 'it has no temperature' },
    ]);
  });

  it('numbers quoted fields by the line they start on', () => {
    const f = readReadingsFile('time,temperature_c\n"2026-01-15T08:00:00Z","3.5"\n"2026-01-15T08:01:00Z","x"\n', NEW_YORK);
    expect(f.badLines).toEqual([{ line: 3, reason: '"x" is not a temperature' }]);
  });

  it('refuses a file whose quotes never close, naming where it stopped', () => {
    expect(() => readReadingsFile('time,temperature_c\n2026-01-15T08:00:00Z,3.5\n"2026-01-15T08:01:00Z,3.6\n', NEW_YORK)).toThrow('The file could not be read as a table from line 3: a quotation mark there is never closed.');
  });

  it('refuses a file with no header it knows, saying what it reads', () => {
    expect(() => readReadingsFile('date,value\n2026-01-01,3\n', NEW_YORK)).toThrow(/not one OpsFlow can read.*ElitechLog.*EasyLog/s);
  });
});

describe('vendor exports', () => {
  it('reads an ElitechLog text export: its own time zone, decimal commas, humidity, and NC rows as no reading', () => {
    const f = readReadingsFile(testFile('elitechlog-rc51h.txt'), NEW_YORK);
    expect(f.format).toBe('elitechlog');
    expect(f.badLines).toEqual([]);
    expect(f.serialNumber).toBe('EF5123045678');
    expect(f.model).toBe('RC-51H');
    expect(f.noReadingRows).toBe(1);
    // "Timezone : UTC +01:00": 08:00 in the file is 07:00 UTC, whatever the location's zone.
    expect(f.atMs.map((t) => new Date(t).toISOString())).toEqual([
      '2025-06-02T07:00:00.000Z',
      '2025-06-02T07:30:00.000Z',
      '2025-06-02T08:30:00.000Z',
      '2025-06-02T09:00:00.000Z',
      '2025-06-02T09:30:00.000Z',
    ]);
    expect(f.tempCentiC).toEqual([310, 290, 380, 460, 350]);
    expect(f.humidityCentiPct).toEqual([7820, 7890, 8010, 8100, 7970]);
  });

  it('reads an EasyLog export written in the Windows code page, in the location zone', () => {
    const f = readReadingsFile(testFile('easylog-el-usb-2.txt'), NEW_YORK);
    expect(f.format).toBe('easylog');
    expect(f.unit).toBe('C');
    expect(f.badLines).toEqual([]);
    expect(f.atMs[0]).toBe(utc('2016-07-11T21:00:00Z')); // 17:00 EDT
    expect(f.tempCentiC).toEqual([400, 350, 300, -50]);
    expect(f.humidityCentiPct).toEqual([5050, 5100, 5250, 5500]);
  });

  it('reads day-first dates of an older EasyLog ("deg C") and knows them by the day above 12', () => {
    const f = readReadingsFile(testFile('easylog-uk-dates.txt'), { timeZone: 'Europe/London' });
    expect(f.badLines).toEqual([]);
    expect(f.atMs[0]).toBe(utc('2010-07-29T10:58:03Z'));
    expect(f.atMs).toHaveLength(7);
  });

  it('tells day-first from month-first by which way the times run when no day is above 12', () => {
    const rows = ['Freezer,Time,Fahrenheit(°F),Serial Number', '1,03/12/2026 11:00:00 PM,-0.4,0100', '2,03/13/2026 12:00:00 AM,-0.2', '3,03/13/2026 01:00:00 AM,0.5'];
    const monthFirst = readReadingsFile(rows.join('\n'), NEW_YORK);
    expect(monthFirst.badLines).toEqual([]);
    expect(monthFirst.atMs[0]).toBe(utc('2026-03-13T03:00:00Z'));
    expect(monthFirst.tempCentiC).toEqual([-1800, -1789, -1750]);
    const dayFirst = readReadingsFile(['Cooler;Time;Celsius(°C);Serial Number', '1;02/03/2026 10:00:00;3,5;1', '2;03/03/2026 10:00:00;3,6', '3;04/03/2026 10:00:00;3,7'].join('\n'), {
      timeZone: 'Europe/Paris',
    });
    expect(dayFirst.atMs[1]).toBe(utc('2026-03-03T09:00:00Z'));
    expect(dayFirst.tempCentiC).toEqual([350, 360, 370]);
  });
});

describe('vendor variants', () => {
  it('an ElitechLog export with no time zone in its preamble is in the location zone; °F and ℃ headers are read', () => {
    const f = readReadingsFile(['Model : RC-5', 'S/N : EF0001', '', 'No.\tTime\t\t°F', '1\t2026-01-15 08:00:00\t38.3', '2\t2026-01-15 08:10:00\t-4'].join('\r\n'), NEW_YORK);
    expect(f.atMs).toEqual([utc('2026-01-15T13:00:00Z'), utc('2026-01-15T13:10:00Z')]);
    expect(f.tempCentiC).toEqual([350, -2000]);
    const c = readReadingsFile(['No.,Time,Temperature(℃)', '1,2026-01-15 08:00:00,3.5'].join('\n'), NEW_YORK);
    expect(c).toMatchObject({ format: 'elitechlog', unit: 'C', tempCentiC: [350] });
  });

  it('reads EasyLog exports with alarm columns and a bare "Celsius(C)" header, taking humidity by its name', () => {
    const f = readReadingsFile(
      ['Cold room,Time,Celsius(C),High Alarm,Low Alarm,Humidity(%rh),Humidity High Alarm,Humidity Low Alarm,Dew Point(C),Serial Number', '1,2026-01-15 08:00:00,3.5,0,0,81.5,0,0,0.5,020012345', '2,2026-01-15 08:05:00,6.5,1,0,82.0,0,0,3.5'].join('\r\n'),
      NEW_YORK,
    );
    expect(f).toMatchObject({ format: 'easylog', badLines: [], tempCentiC: [350, 650], humidityCentiPct: [8150, 8200] });
  });

  it('finds a repeated time even when the file runs newest first', () => {
    const f = readReadingsFile(['time,temperature_c', '2026-01-15T08:02:00Z,3', '2026-01-15T08:01:00Z,3', '2026-01-15T08:02:00Z,3', '2026-01-15T08:01:00Z,4'].join('\n'), NEW_YORK);
    expect(f.atMs).toHaveLength(2);
    expect(f.repeatedRows).toBe(1);
    expect(f.badLines).toEqual([{ line: 5, reason: '2026-01-15T08:01:00Z is already on line 3 with another reading' }]);
  });

  it('in the hour the clocks go back, a wall-clock time is the first of the two it names', () => {
    const f = readReadingsFile('time,temperature_c\n2026-11-01 01:30,3\n', NEW_YORK);
    expect(f.atMs).toEqual([utc('2026-11-01T05:30:00Z')]); // 01:30 EDT, not 01:30 EST an hour later
  });
});

describe('file bytes and numbers', () => {
  it('decodes UTF-8 with and without a mark, UTF-16 with one, and falls back to the Windows code page', () => {
    expect(decodeReadingsFile(new Uint8Array([0xef, 0xbb, 0xbf, 0x41, 0xc2, 0xb0]))).toBe('A°');
    expect(decodeReadingsFile(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0xb0, 0x00]))).toBe('A°');
    expect(decodeReadingsFile(new Uint8Array([0xfe, 0xff, 0x00, 0x41, 0x00, 0xb0]))).toBe('A°');
    expect(decodeReadingsFile(new Uint8Array([0x41, 0xb0, 0x43]))).toBe('A°C');
  });

  it('reads decimals exactly into hundredths', () => {
    expect(parseHundredths('0.29', false)).toBe(29);
    expect(parseHundredths('-0.05', false)).toBe(-5);
    expect(parseHundredths('21,5', true)).toBe(2150);
    expect(parseHundredths('21,5', false)).toBeNull();
    expect(parseHundredths('1.005', false)).toBe(101);
    expect(parseHundredths('-1.004', false)).toBe(-100);
    expect(parseHundredths('1e3', false)).toBeNull();
    expect(parseHundredths('', false)).toBeNull();
  });

  it('reads back exactly what the plain export writes, across daylight-saving changes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ atMs: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }), temp: fc.integer({ min: -9999, max: 29999 }), humidity: fc.option(fc.integer({ min: 0, max: 10000 })) }), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.constantFrom('America/New_York', 'Europe/Paris', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'UTC'),
        (rows, timeZone) => {
          const unique = [...new Map(rows.map((r) => [r.atMs, r])).values()];
          const csv = formatPlainCsv({ atMs: unique.map((r) => r.atMs), tempCentiC: unique.map((r) => r.temp), humidityCentiPct: unique.map((r) => r.humidity) }, timeZone);
          const back = readReadingsFile(csv, { timeZone: 'UTC' });
          expect(back.badLines).toEqual([]);
          expect(back.atMs).toEqual(unique.map((r) => r.atMs));
          expect(back.tempCentiC).toEqual(unique.map((r) => r.temp));
          if (unique.some((r) => r.humidity !== null)) expect(back.humidityCentiPct).toEqual(unique.map((r) => r.humidity));
        },
      ),
      { numRuns: 200 },
    );
  });
});
