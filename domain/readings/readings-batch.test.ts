import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../devices/hex';
import { codeOf } from '../../tests/support/device-captures';
import { randomInt, seededRandom } from '../../tests/support/seeded-random';
import { withCrc32 } from './packed-bytes';
import { READING_SOURCES } from './reading-source';
import { decodeReadingsBatch, encodeReadingsBatch, READINGS_BATCH_V2, type SensorReadings } from './readings-batch';

const T0 = Date.UTC(2025, 6, 1, 12);

/** Edits a version-2 batch and signs it again, so the decoder's structural checks are what is exercised. */
function edited(batch: Uint8Array, edit: (body: number[]) => void): Uint8Array {
  const body = [...batch.subarray(0, batch.length - 4)];
  edit(body);
  return withCrc32(Uint8Array.from(body));
}

/** A cold room logged every minute by an RC-4HC: temperature, and humidity in whole tenths of %RH. */
function coldRoom(count: number, seed: number): SensorReadings {
  const next = seededRandom(seed);
  const atMs: number[] = [];
  const tempCentiC: number[] = [];
  const humidityCentiPct: number[] = [];
  let t = 350;
  let h = 8000;
  for (let i = 0; i < count; i++) {
    atMs.push(T0 + i * 60_000);
    tempCentiC.push(t);
    humidityCentiPct.push(h);
    t += randomInt(next, -6, 6);
    h = Math.max(6000, Math.min(9500, h + 10 * randomInt(next, -3, 3)));
  }
  return { sensorId: 's-cold-room', source: 'download', atMs, tempCentiC, rawCentiC: tempCentiC.map((x) => x + 20), humidityCentiPct };
}

describe('readings batches', () => {
  it('round-trip a sensor’s readings with source and raw values', () => {
    const r = { sensorId: 's-abc', source: 'download' as const, atMs: [1000, 61_000, 121_000], tempCentiC: [-1850, -1849, -1900], rawCentiC: [-1800, -1799, -1850] };
    expect(decodeReadingsBatch(encodeReadingsBatch(r))).toEqual(r);
  });

  it('refuse a batch with a flipped byte instead of storing wrong temperatures', () => {
    const bytes = encodeReadingsBatch({ sensorId: 's-abc', source: 'live', atMs: [1, 2, 3], tempCentiC: [10, 11, 12], rawCentiC: [10, 11, 12] });
    bytes[bytes.length - 6]! ^= 0xff;
    expect(() => decodeReadingsBatch(bytes)).toThrow(/damaged/);
  });

  it('refuse a batch cut short or of another kind', () => {
    const bytes = encodeReadingsBatch({ sensorId: 's-abc', source: 'live', atMs: [1], tempCentiC: [10], rawCentiC: [10] });
    expect(() => decodeReadingsBatch(bytes.subarray(0, 5))).toThrow();
    expect(() => decodeReadingsBatch(Uint8Array.of(1, 2, 3, 4))).toThrow();
  });

  it('are written as version 2, with humidity and per-reading flags, and read back exactly', () => {
    const r: SensorReadings = {
      sensorId: 's-rc4hc',
      source: 'download',
      atMs: [T0, T0 + 60_000, T0 + 120_000, T0 + 180_000],
      tempCentiC: [350, 352, 900, 360],
      rawCentiC: [330, 332, 880, 340],
      humidityCentiPct: [8450, null, 9100, 0],
      flags: [0, 0, 5, 0],
    };
    const bytes = encodeReadingsBatch(r);
    expect(bytes[1]).toBe(READINGS_BATCH_V2);
    expect(decodeReadingsBatch(bytes)).toEqual(r);
  });

  it('leave out flags that are all 0 and humidity that is all missing, so a temperature-only batch carries neither', () => {
    const plain = { sensorId: 's-x', source: 'live' as const, atMs: [1, 2], tempCentiC: [10, 11], rawCentiC: [10, 11] };
    const bytes = encodeReadingsBatch({ ...plain, flags: [0, 0], humidityCentiPct: [null, null] });
    expect(bytes).toEqual(encodeReadingsBatch(plain));
    expect(decodeReadingsBatch(bytes)).toEqual(plain);
  });

  it('round-trip random batches of every source, with and without humidity and flags (property, 300 seeded runs)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = seededRandom(seed);
      const n = randomInt(next, 0, 150);
      const atMs: number[] = [];
      const tempCentiC: number[] = [];
      const rawCentiC: number[] = [];
      const humidityCentiPct: (number | null)[] = [];
      const flags: number[] = [];
      let at = T0 + randomInt(next, -1e12, 1e12);
      let flag = 0;
      for (let i = 0; i < n; i++) {
        at += next() < 0.8 ? 60_000 : randomInt(next, -1e9, 1e9);
        atMs.push(at);
        const t = randomInt(next, -4000, 9000);
        tempCentiC.push(t);
        rawCentiC.push(t + randomInt(next, -100, 100));
        humidityCentiPct.push(next() < 0.2 ? null : randomInt(next, 0, 10_000));
        if (next() < 0.1) flag = next() < 0.5 ? 0 : randomInt(next, 1, 2 ** 31 - 1);
        flags.push(flag);
      }
      const r: SensorReadings = { sensorId: `s-${seed}-é`, source: READING_SOURCES[seed % 3]!, atMs, tempCentiC, rawCentiC };
      if (next() < 0.7 && humidityCentiPct.some((h) => h !== null)) r.humidityCentiPct = humidityCentiPct;
      if (next() < 0.7 && flags.some((f) => f !== 0)) r.flags = flags;
      expect(decodeReadingsBatch(encodeReadingsBatch(r)), `seed ${seed}`).toEqual(r);
    }
  });

  it('cost about a byte a reading more for an RC-4HC’s humidity, and a few bytes a run of flags', () => {
    const r = coldRoom(100_000, 1);
    const { humidityCentiPct, ...temperatureOnly } = r;
    const withHumidity = encodeReadingsBatch(r).length;
    const without = encodeReadingsBatch(temperatureOnly).length;
    expect((withHumidity - without) / 100_000).toBeLessThanOrEqual(1.01);
    expect(withHumidity / 100_000).toBeLessThanOrEqual(2.2);
    // An excursion every 1,000 readings, 30 readings long: 100 runs out, 100 back.
    const flags = r.atMs.map((_, i) => (i % 1000 >= 500 && i % 1000 < 530 ? 1 : 0));
    expect(encodeReadingsBatch({ ...temperatureOnly, flags }).length - without).toBeLessThanOrEqual(200 * 3 + 2);
    expect(humidityCentiPct).toHaveLength(100_000);
  });

  it('refuse humidity outside 0 to 100 %, flags that are not bits, and arrays of the wrong length when written', () => {
    const base = { sensorId: 's-x', source: 'live' as const, atMs: [1, 2], tempCentiC: [10, 11], rawCentiC: [10, 11] };
    expect(codeOf(() => encodeReadingsBatch({ ...base, humidityCentiPct: [10_001, null] }))).toBe('BAD_INPUT');
    expect(codeOf(() => encodeReadingsBatch({ ...base, humidityCentiPct: [-1, null] }))).toBe('BAD_INPUT');
    expect(codeOf(() => encodeReadingsBatch({ ...base, humidityCentiPct: [45.5, null] }))).toBe('BAD_INPUT');
    expect(codeOf(() => encodeReadingsBatch({ ...base, humidityCentiPct: [4500] }))).toBe('BAD_INPUT');
    expect(codeOf(() => encodeReadingsBatch({ ...base, flags: [1] }))).toBe('BAD_INPUT');
    expect(codeOf(() => encodeReadingsBatch({ ...base, flags: [-1, 0] }))).toBe('BAD_INPUT');
    expect(codeOf(() => encodeReadingsBatch({ ...base, flags: [2 ** 31, 0] }))).toBe('BAD_INPUT');
  });
});

describe('version-1 readings batches (written before the batch had a version byte)', () => {
  // Encoded by the version-1 code (commit 16b60ef) and kept as bytes: they sit in users' documents.
  const V1_DOWNLOAD = '02010e732d30313930613162326333643401010480d8ddddf865c0a907f31c3c089403c10c80d30e7c745b5b';
  const V1_LIVE = '020206732d6c69766501010280d8ddddf865904eb8060018fc5605c9';

  it('still decode, with no humidity and no flags', () => {
    expect(decodeReadingsBatch(hexToBytes(V1_DOWNLOAD))).toEqual({
      sensorId: 's-0190a1b2c3d4',
      source: 'download',
      atMs: [T0, T0 + 60_000, T0 + 120_000, T0 + 300_000],
      tempCentiC: [-1850, -1849, -1900, -1700],
      rawCentiC: [-1820, -1819, -1870, -1670],
    });
    // Source code 2 in the layout byte's place: a live version-1 batch, not a version-2 one.
    expect(decodeReadingsBatch(hexToBytes(V1_LIVE))).toEqual({ sensorId: 's-live', source: 'live', atMs: [T0, T0 + 5000], tempCentiC: [412, 415], rawCentiC: [412, 415] });
  });

  it('are refused whole when damaged in their readings', () => {
    const bytes = hexToBytes(V1_DOWNLOAD);
    for (let at = 17; at < bytes.length; at++) {
      const bad = bytes.slice();
      bad[at] = bad[at]! ^ 0x10;
      expect(codeOf(() => decodeReadingsBatch(bad)), `byte ${at}`).toBe('FRAME_INVALID');
    }
    for (let length = 0; length < bytes.length; length++) {
      expect(codeOf(() => decodeReadingsBatch(bytes.subarray(0, length))), `length ${length}`).toBe('FRAME_INVALID');
    }
  });
});

describe('damaged version-2 readings batches', () => {
  const good = encodeReadingsBatch({ ...coldRoom(300, 2), flags: Array.from({ length: 300 }, (_, i) => (i > 100 && i < 120 ? 3 : 0)) });

  it('a batch cut short anywhere is refused', () => {
    for (let length = 0; length < good.length; length++) {
      expect(codeOf(() => decodeReadingsBatch(good.subarray(0, length))), `length ${length}`).toBe('FRAME_INVALID');
    }
  });

  it('a batch with any single flipped bit is refused, never decoded: the checksum covers the sensor and source too', () => {
    const next = seededRandom(5);
    for (let i = 0; i < 1000; i++) {
      const bad = good.slice();
      const at = i < good.length && i < 40 ? i : randomInt(next, 0, bad.length - 1);
      bad[at] = bad[at]! ^ (1 << randomInt(next, 0, 7));
      expect(codeOf(() => decodeReadingsBatch(bad)), `byte ${at}`).toBe('FRAME_INVALID');
    }
  });

  it('refuses unknown sections and layouts, flag runs that do not cover the readings, impossible humidity and trailing bytes', () => {
    const small = encodeReadingsBatch({ sensorId: 's', source: 'live', atMs: [1, 2], tempCentiC: [1, 2], rawCentiC: [1, 2], humidityCentiPct: [5000, 5000], flags: [1, 1] });
    expect(decodeReadingsBatch(small)).toMatchObject({ flags: [1, 1], humidityCentiPct: [5000, 5000] });
    const layoutAt = 1;
    const sectionsAt = 2;
    // Before the CRC (4 bytes): the flags section, one run (2 readings, flags 1), then humidity
    // (zigzag(5000) + 1 in two bytes, then no change: 1).
    const flagsAt = small.length - 4 - 3 - 2;
    expect([...small.subarray(flagsAt, flagsAt + 2)]).toEqual([2, 1]);

    expect(codeOf(() => decodeReadingsBatch(edited(small, (b) => (b[sectionsAt] = 7))))).toBe('FRAME_INVALID');
    expect(codeOf(() => decodeReadingsBatch(edited(small, (b) => (b[sectionsAt] = 0x84))))).toBe('FRAME_INVALID');
    expect(codeOf(() => decodeReadingsBatch(edited(small, (b) => (b[layoutAt] = 0x83))))).toBe('FRAME_INVALID');
    expect(codeOf(() => decodeReadingsBatch(edited(small, (b) => (b[layoutAt] = 0))))).toBe('FRAME_INVALID');
    expect(codeOf(() => decodeReadingsBatch(edited(small, (b) => (b[flagsAt] = 3))))).toBe('FRAME_INVALID');
    expect(codeOf(() => decodeReadingsBatch(edited(small, (b) => (b[flagsAt] = 0))))).toBe('FRAME_INVALID');
    expect(codeOf(() => decodeReadingsBatch(edited(small, (b) => b.splice(flagsAt, 2, 1, 1))))).toBe('FRAME_INVALID');
    // A humidity change of +0.01 % from 100.00 %: 100.01 %RH is no humidity at all.
    expect(
      codeOf(() =>
        decodeReadingsBatch(
          edited(encodeReadingsBatch({ sensorId: 's', source: 'live', atMs: [1, 2], tempCentiC: [1, 2], rawCentiC: [1, 2], humidityCentiPct: [10_000, 10_000] }), (b) =>
            b.splice(b.length - 1, 1, 3),
          ),
        ),
      ),
    ).toBe('FRAME_INVALID');
    expect(codeOf(() => decodeReadingsBatch(edited(small, (b) => b.push(0))))).toBe('FRAME_INVALID');
  });
});
