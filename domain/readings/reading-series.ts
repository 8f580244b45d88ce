import { OpsFlowError } from '../errors';
import { ByteReader, checkedBody, readingsDamaged, unzigzag, withCrc32, writeSvarint, writeUvarint, zigzag } from './packed-bytes';

/**
 * The times, temperatures and raw values of ONE sensor's readings, packed: the bulk of a readings
 * batch (readings-batch.ts), which adds the sensor, the source and the optional per-reading
 * sections around it. It keeps its own version and checksum, so the series inside batches
 * written before the batch had a version byte still decode the same way.
 *
 *   version (1) | flags (bit 0: raw values present) | uvarint count
 *   if count > 0: svarint firstAtMs | svarint intervalMs | svarint firstTempCentiC
 *                 [| svarint firstRawOffset]   (raw - calibrated, usually constant)
 *   then per further reading one uvarint tag = zigzag(temp change) * 2^k + flags
 *     flag bit 0: the time step differs from intervalMs -> svarint (step - intervalMs) follows
 *     flag bit 1 (k = 2, only with raw values): the raw offset changed -> svarint change follows
 *   CRC-32 of all the above, little-endian
 *
 * intervalMs is the most common time step, so a regular series costs one tag per reading:
 * 1 byte while the temperature moves by at most 0.31 C (0.15 C with raw values) per step,
 * 2 bytes up to 40.95 C. Any order round-trips; ascending regular series are the cheap case.
 */

export interface ReadingSeries {
  atMs: readonly number[];
  tempCentiC: readonly number[];
  /** The value before calibration, when the caller keeps it. */
  rawTempCentiC?: readonly number[];
}

export interface DecodedReadingSeries {
  atMs: number[];
  tempCentiC: number[];
  rawTempCentiC?: number[];
}

const VERSION = 1;
const FLAG_RAW = 1;
const TAG_TIME_IRREGULAR = 1;
const TAG_RAW_CHANGED = 2;
// Bounds that keep every delta and zigzag value below 2^53 (exact in a double).
const MAX_ABS_TIME_MS = 2 ** 48; // year ~ 10,900
const MAX_ABS_TEMP = 2 ** 31;

function badInput(message: string, details: Record<string, unknown> = {}): OpsFlowError {
  return new OpsFlowError('BAD_INPUT', message, details);
}

function checkSeries(name: string, values: readonly number[], maxAbs: number): void {
  for (const v of values) {
    if (!Number.isSafeInteger(v) || Math.abs(v) > maxAbs) throw badInput(`Every ${name} in a batch must be a whole number in range.`, { value: v });
  }
}

/** The most common step between consecutive times (the smallest one on a tie); 0 for < 2 readings. */
function commonStep(atMs: readonly number[]): number {
  const counts = new Map<number, number>();
  for (let i = 1; i < atMs.length; i++) {
    const step = (atMs[i] ?? 0) - (atMs[i - 1] ?? 0);
    counts.set(step, (counts.get(step) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = 0;
  for (const [step, count] of counts) {
    if (count > bestCount || (count === bestCount && step < best)) {
      best = step;
      bestCount = count;
    }
  }
  return best;
}

export function encodeReadingSeries(batch: ReadingSeries): Uint8Array {
  const { atMs, tempCentiC, rawTempCentiC } = batch;
  const n = atMs.length;
  if (tempCentiC.length !== n || (rawTempCentiC && rawTempCentiC.length !== n)) {
    throw badInput('A batch needs exactly one temperature (and raw value) per time.', { times: n });
  }
  checkSeries('time', atMs, MAX_ABS_TIME_MS);
  checkSeries('temperature', tempCentiC, MAX_ABS_TEMP);
  if (rawTempCentiC) checkSeries('raw temperature', rawTempCentiC, MAX_ABS_TEMP);

  const out: number[] = [VERSION, rawTempCentiC ? FLAG_RAW : 0];
  writeUvarint(out, n);
  if (n > 0) {
    const at = (i: number): number => atMs[i] ?? 0;
    const temp = (i: number): number => tempCentiC[i] ?? 0;
    const offset = (i: number): number => (rawTempCentiC?.[i] ?? 0) - temp(i);
    const interval = commonStep(atMs);
    const tagScale = rawTempCentiC ? 4 : 2;

    writeSvarint(out, at(0));
    writeSvarint(out, interval);
    writeSvarint(out, temp(0));
    if (rawTempCentiC) writeSvarint(out, offset(0));

    for (let i = 1; i < n; i++) {
      const extraStep = at(i) - at(i - 1) - interval;
      const offsetChange = rawTempCentiC ? offset(i) - offset(i - 1) : 0;
      const flags = (extraStep !== 0 ? TAG_TIME_IRREGULAR : 0) | (offsetChange !== 0 ? TAG_RAW_CHANGED : 0);
      writeUvarint(out, zigzag(temp(i) - temp(i - 1)) * tagScale + flags);
      if (extraStep !== 0) writeSvarint(out, extraStep);
      if (offsetChange !== 0) writeSvarint(out, offsetChange);
    }
  }

  return withCrc32(Uint8Array.from(out));
}

function inRange(value: number, maxAbs: number, what: string): number {
  if (!Number.isSafeInteger(value) || Math.abs(value) > maxAbs) throw readingsDamaged(`${what} out of range`);
  return value;
}

export function decodeReadingSeries(bytes: Uint8Array): DecodedReadingSeries {
  const r = new ByteReader(checkedBody(bytes, 3));
  if (r.byte() !== VERSION) throw readingsDamaged('unknown version');
  const flags = r.byte();
  if ((flags & ~FLAG_RAW) !== 0) throw readingsDamaged('unknown flags');
  const hasRaw = (flags & FLAG_RAW) !== 0;
  const n = r.uvarint();
  // Every reading takes at least one byte, so a larger count cannot be genuine.
  if (n > r.remaining + 1) throw readingsDamaged('count');

  const atMs: number[] = [];
  const tempCentiC: number[] = [];
  const rawTempCentiC: number[] = [];
  if (n > 0) {
    let at = inRange(r.svarint(), MAX_ABS_TIME_MS, 'time');
    const interval = inRange(r.svarint(), 2 * MAX_ABS_TIME_MS, 'interval');
    let temp = inRange(r.svarint(), MAX_ABS_TEMP, 'temperature');
    let offset = hasRaw ? r.svarint() : 0;
    const tagScale = hasRaw ? 4 : 2;
    const push = (): void => {
      atMs.push(at);
      tempCentiC.push(temp);
      if (hasRaw) rawTempCentiC.push(inRange(temp + offset, MAX_ABS_TEMP, 'raw temperature'));
    };
    push();
    for (let i = 1; i < n; i++) {
      const tag = r.uvarint();
      const tagFlags = tag % tagScale;
      temp = inRange(temp + unzigzag((tag - tagFlags) / tagScale), MAX_ABS_TEMP, 'temperature');
      at = inRange(at + interval + (tagFlags & TAG_TIME_IRREGULAR ? r.svarint() : 0), MAX_ABS_TIME_MS, 'time');
      if (tagFlags & TAG_RAW_CHANGED) offset += r.svarint();
      push();
    }
  }
  if (r.remaining !== 0) throw readingsDamaged('trailing bytes');
  return hasRaw ? { atMs, tempCentiC, rawTempCentiC } : { atMs, tempCentiC };
}
