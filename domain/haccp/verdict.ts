import type { CriticalLimit } from './limits';

/**
 * A reading's HACCP verdict, fixed when it is stored and kept in the reading's flags (its batch in
 * the log document and `readings.flags`), so changing a limit later never rewrites history and the
 * verdict travels with the reading to every PC and the hub.
 *
 * Bits owned by HACCP (no other reading judge may set them):
 *   bit 0      judged: the sensor watched a unit when the reading was stored
 *   bit 1      out of range
 *   bit 2      the limit is a minimum (hot holding); clear: a maximum
 *   bits 3–18  the limit judged against, hundredths of a °C + 32768
 * Runs of equal flags cost nothing extra in a batch (flags are run-length coded), and the limit
 * rarely changes, so a day of readings adds a few bytes.
 */
export const VERDICT_JUDGED = 1;
export const VERDICT_OUT_OF_RANGE = 2;
const VERDICT_MIN_LIMIT = 4;
const LIMIT_SHIFT = 3;
const LIMIT_BIAS = 32_768;
const LIMIT_MASK = 0xffff;

export function verdictFlags(limit: CriticalLimit, inRange: boolean): number {
  const biased = limit.limitCentiC + LIMIT_BIAS;
  if (!Number.isInteger(biased) || biased < 0 || biased > LIMIT_MASK) throw new RangeError(`A limit of ${limit.limitCentiC} centi-°C cannot be stored with a reading.`);
  return VERDICT_JUDGED | (inRange ? 0 : VERDICT_OUT_OF_RANGE) | (limit.kind === 'min' ? VERDICT_MIN_LIMIT : 0) | (biased << LIMIT_SHIFT);
}

export interface Verdict {
  inRange: boolean;
  limit: CriticalLimit;
}

/** The verdict in a reading's flags, or null for a reading stored while its sensor watched no unit. */
export function verdictOf(flags: number): Verdict | null {
  if ((flags & VERDICT_JUDGED) === 0) return null;
  return {
    inRange: (flags & VERDICT_OUT_OF_RANGE) === 0,
    limit: { kind: flags & VERDICT_MIN_LIMIT ? 'min' : 'max', limitCentiC: ((flags >>> LIMIT_SHIFT) & LIMIT_MASK) - LIMIT_BIAS },
  };
}

/** Judged and out of range (bit 1 alone could be another judge's mistake, so both bits are read). */
export const OUT_OF_RANGE_BITS = VERDICT_JUDGED | VERDICT_OUT_OF_RANGE;

export function isOutOfRange(flags: number): boolean {
  return (flags & OUT_OF_RANGE_BITS) === OUT_OF_RANGE_BITS;
}
