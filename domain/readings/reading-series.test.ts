import { describe, expect, it } from 'vitest';
import { computeCrc32 } from '../devices/crc32';
import { asciiBytes } from '../devices/bytes';
import { decodeReadingSeries, encodeReadingSeries, type ReadingSeries } from './reading-series';
import { codeOf } from '../../tests/support/device-captures';
import { randomInt, seededRandom } from '../../tests/support/seeded-random';

/** A fridge logged every minute: slow drift, compressor cycles, a door opened now and then. */
function fridgeSeries(count: number, seed: number): { atMs: number[]; tempCentiC: number[] } {
  const next = seededRandom(seed);
  const atMs: number[] = [];
  const tempCentiC: number[] = [];
  let at = Date.UTC(2025, 0, 1);
  let temp = 350;
  for (let i = 0; i < count; i++) {
    atMs.push(at);
    tempCentiC.push(temp);
    at += 60_000;
    let step = randomInt(next, -6, 6);
    if (next() < 0.002) step += randomInt(next, 30, 120); // door open
    temp = Math.max(-100, Math.min(1200, temp + step + (temp > 500 ? -8 : 0)));
  }
  return { atMs, tempCentiC };
}

/** Re-signs a body edited by a test, so the decoder's structural checks are what is exercised. */
function withCrc(body: number[]): Uint8Array {
  const bytes = Uint8Array.from(body);
  const out = new Uint8Array(bytes.length + 4);
  out.set(bytes);
  new DataView(out.buffer).setUint32(bytes.length, computeCrc32(bytes), true);
  return out;
}

describe('reading series size', () => {
  it('packs 100,000 one-minute fridge readings in at most 2 bytes each and round-trips exactly', () => {
    const batch = fridgeSeries(100_000, 1);
    const bytes = encodeReadingSeries(batch);
    const perReading = bytes.length / 100_000;
    expect(perReading).toBeLessThanOrEqual(2);
    // Measured: about 1 byte per reading (one tag byte while the change stays within 0.31 C).
    expect(perReading).toBeLessThan(1.1);
    expect(decodeReadingSeries(bytes)).toEqual(batch);
  });

  it('with raw values and a calibration changed once, still at most 2 bytes per reading', () => {
    const { atMs, tempCentiC } = fridgeSeries(100_000, 2);
    const rawTempCentiC = tempCentiC.map((t, i) => t + (i < 50_000 ? -30 : -20));
    const batch = { atMs, tempCentiC, rawTempCentiC };
    const bytes = encodeReadingSeries(batch);
    expect(bytes.length / 100_000).toBeLessThanOrEqual(2);
    expect(decodeReadingSeries(bytes)).toEqual(batch);
  });

  it('gaps in a regular series cost only the readings around them', () => {
    const batch = fridgeSeries(10_000, 3);
    const regular = encodeReadingSeries(batch).length;
    const gapped = { ...batch, atMs: batch.atMs.map((t, i) => (i >= 5000 ? t + 3_600_000 : t)) };
    const bytes = encodeReadingSeries(gapped);
    expect(bytes.length - regular).toBeLessThanOrEqual(4);
    expect(decodeReadingSeries(bytes)).toEqual(gapped);
  });
});

describe('reading series round trip', () => {
  it('round-trips random batches exactly (property, 300 seeded runs)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = seededRandom(seed);
      const n = randomInt(next, 0, 200);
      const wild = next() < 0.3;
      const atMs: number[] = [];
      const tempCentiC: number[] = [];
      const rawTempCentiC: number[] = [];
      let at = wild ? randomInt(next, -(2 ** 47), 2 ** 47) : Date.UTC(2024, 5, 1) + randomInt(next, 0, 1e9);
      for (let i = 0; i < n; i++) {
        at += wild ? randomInt(next, -(2 ** 40), 2 ** 40) : next() < 0.9 ? 30_000 : randomInt(next, 0, 10_000_000);
        atMs.push(at);
        const t = wild ? randomInt(next, -(2 ** 31), 2 ** 31) : randomInt(next, -4000, 9000);
        tempCentiC.push(t);
        rawTempCentiC.push(wild ? randomInt(next, -(2 ** 31), 2 ** 31) : t + randomInt(next, -100, 100));
      }
      const batch: ReadingSeries = next() < 0.5 ? { atMs, tempCentiC } : { atMs, tempCentiC, rawTempCentiC };
      expect(decodeReadingSeries(encodeReadingSeries(batch)), `seed ${seed}`).toEqual(batch);
    }
  });

  it('round-trips an empty batch and a single reading', () => {
    for (const batch of [{ atMs: [], tempCentiC: [] }, { atMs: [1_700_000_000_000], tempCentiC: [-2050] }]) {
      expect(decodeReadingSeries(encodeReadingSeries(batch))).toEqual(batch);
    }
  });

  it('refuses mismatched arrays and values out of range', () => {
    expect(codeOf(() => encodeReadingSeries({ atMs: [1, 2], tempCentiC: [1] }))).toBe('BAD_INPUT');
    expect(codeOf(() => encodeReadingSeries({ atMs: [1], tempCentiC: [1], rawTempCentiC: [] }))).toBe('BAD_INPUT');
    expect(codeOf(() => encodeReadingSeries({ atMs: [1], tempCentiC: [0.5] }))).toBe('BAD_INPUT');
    expect(codeOf(() => encodeReadingSeries({ atMs: [2 ** 49], tempCentiC: [1] }))).toBe('BAD_INPUT');
  });
});

describe('damaged reading series', () => {
  const good = encodeReadingSeries(fridgeSeries(500, 4));

  it('a batch cut short anywhere is rejected', () => {
    for (let len = 0; len < good.length; len++) {
      expect(codeOf(() => decodeReadingSeries(good.subarray(0, len))), `length ${len}`).toBe('FRAME_INVALID');
    }
  });

  it('a batch with any single flipped bit is rejected, never decoded', () => {
    const next = seededRandom(5);
    for (let i = 0; i < 500; i++) {
      const bad = good.slice();
      const at = randomInt(next, 0, bad.length - 1);
      bad[at] = bad[at]! ^ (1 << randomInt(next, 0, 7));
      expect(codeOf(() => decodeReadingSeries(bad))).toBe('FRAME_INVALID');
    }
  });

  it('rejects an unknown version, unknown flags, trailing bytes, an impossible count and garbage', () => {
    expect(codeOf(() => decodeReadingSeries(withCrc([2, 0, 0])))).toBe('FRAME_INVALID');
    expect(codeOf(() => decodeReadingSeries(withCrc([1, 4, 0])))).toBe('FRAME_INVALID');
    expect(codeOf(() => decodeReadingSeries(withCrc([1, 0, 0, 7])))).toBe('FRAME_INVALID');
    expect(codeOf(() => decodeReadingSeries(withCrc([1, 0, 0xff, 0xff, 0x03, 0, 0, 0])))).toBe('FRAME_INVALID');
    expect(codeOf(() => decodeReadingSeries(withCrc([1, 0, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0, 0])))).toBe(
      'FRAME_INVALID',
    );
    expect(codeOf(() => decodeReadingSeries(asciiBytes('definitely not a batch')))).toBe('FRAME_INVALID');
  });
});
