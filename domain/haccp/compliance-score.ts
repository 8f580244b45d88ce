/**
 * The compliance score of a location for one day: how much of what HACCP asked of it that day was
 * done right. Four parts, each a share of its own count:
 *
 *   readings     judged readings in range            / judged readings
 *   excursions   excursions signed off within 24 h   / excursions (started that day)
 *   checklists   checklists completed by their due   / checklists due
 *   cooling      cooling and reheating logs passed   / logs decided (passed or failed)
 *
 * Score = the mean of the parts that have something to count, × 100, rounded down. A part with
 * nothing to count (no cooling that day) is left out rather than counted as perfect or as zero; a
 * day with nothing at all has no score. Rounded down so that 99.9 % never shows as 100.
 */
export const COMPLIANCE_SCORE_FORMULA =
  'Mean of the parts with something to count: readings in range, excursions with a corrective action signed within 24 h, checklists on time, cooling logs passed (each done ÷ total), × 100, rounded down.';

/** An excursion's corrective action must be signed off within this long after the excursion ended (or began, while open). */
export const SIGNOFF_WITHIN_MS = 24 * 3600_000;

export interface Share {
  done: number;
  total: number;
}

export interface ComplianceDayInput {
  readings: Share;
  excursions: Share;
  checklists: Share;
  cooling: Share;
}

export interface ComplianceDayScore {
  /** 0–100, or null for a day with nothing to count. */
  score: number | null;
  parts: ComplianceDayInput;
}

export function complianceScore(input: ComplianceDayInput): ComplianceDayScore {
  const parts = [input.readings, input.excursions, input.checklists, input.cooling];
  for (const p of parts) {
    if (!Number.isInteger(p.done) || !Number.isInteger(p.total) || p.done < 0 || p.done > p.total) {
      throw new RangeError(`A score part counts 0 to its total: got ${p.done} of ${p.total}.`);
    }
  }
  const counted = parts.filter((p) => p.total > 0);
  if (counted.length === 0) return { score: null, parts: input };
  const mean = counted.reduce((sum, p) => sum + p.done / p.total, 0) / counted.length;
  // The epsilon keeps 3 × (1/3) from landing a hair under a whole number.
  return { score: Math.floor(mean * 100 + 1e-9), parts: input };
}

/** Whether an excursion's corrective action counts: signed off no later than 24 h after it ended (or, while open, after it began). */
export function signedInTime(excursion: { startMs: number; endMs: number | null }, signedAtMs: number | null): boolean {
  return signedAtMs !== null && signedAtMs <= (excursion.endMs ?? excursion.startMs) + SIGNOFF_WITHIN_MS;
}
