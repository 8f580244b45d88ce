import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectRuns, IncrementalRuns, isExcursion, MINUTE_MS, runDurationMs, type FlaggedReading } from './excursions';
import { DEFAULT_LIMITS, isInRange, limitOf, type CriticalLimit } from './limits';
import { verdictFlags } from './verdict';

const T0 = Date.UTC(2026, 2, 1, 8);
const COOLER = DEFAULT_LIMITS['walk-in-cooler'];
const FREEZER = DEFAULT_LIMITS.freezer;
const HOT = DEFAULT_LIMITS['hot-holding'];

/** One reading a minute from T0, judged against `limit` as the readings seam would. */
function judged(temps: readonly number[], limit: CriticalLimit = COOLER, stepMs = MINUTE_MS, fromMs = T0): FlaggedReading[] {
  return temps.map((tempCentiC, i) => ({ atMs: fromMs + i * stepMs, tempCentiC, flags: verdictFlags(limit, isInRange(tempCentiC, limit)) }));
}

describe('out-of-range runs and excursions', () => {
  it('a reading exactly at the limit is in range for cold, frozen and hot units', () => {
    expect(detectRuns(judged([500, 500, 500]))).toEqual([]);
    expect(detectRuns(judged([-1800, -1800], FREEZER))).toEqual([]);
    expect(detectRuns(judged([5700, 5700], HOT))).toEqual([]);
    expect(detectRuns(judged([501]))).toHaveLength(1);
  });

  it('a run starts at its first out-of-range reading and ends at the first in-range one after it', () => {
    const [run] = detectRuns(judged([400, 600, 700, 650, 450, 600]));
    expect(run).toEqual({ startMs: T0 + MINUTE_MS, endMs: T0 + 4 * MINUTE_MS, lastOutMs: T0 + 3 * MINUTE_MS, peakCentiC: 700, limitCentiC: 500, limitKind: 'max', readings: 3 });
    expect(runDurationMs(run!)).toBe(3 * MINUTE_MS);
  });

  it('a run with no in-range reading yet is open and lasts until its latest reading', () => {
    const runs = detectRuns(judged([400, 600, 700, 800]));
    expect(runs).toHaveLength(1);
    expect(runs[0]!.endMs).toBeNull();
    expect(runDurationMs(runs[0]!)).toBe(2 * MINUTE_MS);
  });

  it('a run of exactly the alarm delay is an excursion; a minute shorter is a brief out-of-range', () => {
    // 30 minutes out of range: out at minute 1, back in range at minute 31.
    const exactly = detectRuns(judged([400, ...Array(30).fill(600), 400]))[0]!;
    expect(runDurationMs(exactly)).toBe(30 * MINUTE_MS);
    expect(isExcursion(exactly, 30)).toBe(true);
    const shorter = detectRuns(judged([400, ...Array(29).fill(600), 400]))[0]!;
    expect(isExcursion(shorter, 30)).toBe(false);
    expect(isExcursion(shorter, 29)).toBe(true);
    // A delay of 0 makes any out-of-range reading an excursion, even a single one still open.
    expect(isExcursion(detectRuns(judged([400, 600]))[0]!, 0)).toBe(true);
  });

  it('a gap in the readings stretches the run to the next reading taken (the unit was not known to be in range)', () => {
    const readings = [...judged([400, 600]), ...judged([600, 400], COOLER, MINUTE_MS, T0 + 3 * 60 * MINUTE_MS)];
    const [run] = detectRuns(readings);
    expect(run!.startMs).toBe(T0 + MINUTE_MS);
    expect(run!.endMs).toBe(T0 + 3 * 60 * MINUTE_MS + MINUTE_MS);
    expect(isExcursion(run!, 180)).toBe(true);
  });

  it('takes the warmest reading of a freezer run as its peak, below zero', () => {
    const [run] = detectRuns(judged([-2000, -1700, -1200, -1500, -1900], FREEZER));
    expect(run).toMatchObject({ peakCentiC: -1200, limitCentiC: -1800, limitKind: 'max', readings: 3 });
  });

  it('takes the coldest reading of a hot-holding run as its peak', () => {
    const [run] = detectRuns(judged([6000, 5600, 5100, 5500, 5800], HOT));
    expect(run).toMatchObject({ peakCentiC: 5100, limitCentiC: 5700, limitKind: 'min' });
  });

  it('a limit changed mid-run keeps each reading’s stored verdict: the run ends where a reading under the new limit was in range', () => {
    const raised = limitOf('walk-in-cooler', 700);
    const readings = [...judged([400, 600, 650]), ...judged([650, 650, 800, 400], raised, MINUTE_MS, T0 + 3 * MINUTE_MS)];
    const runs = detectRuns(readings);
    expect(runs.map((r) => [r.startMs, r.endMs, r.limitCentiC])).toEqual([
      [T0 + MINUTE_MS, T0 + 3 * MINUTE_MS, 500],
      [T0 + 5 * MINUTE_MS, T0 + 6 * MINUTE_MS, 700],
    ]);
  });

  it('readings stored while the sensor watched no unit end a run (they carry no verdict)', () => {
    const readings = judged([600, 600]);
    readings.push({ atMs: T0 + 2 * MINUTE_MS, tempCentiC: 900, flags: 0 });
    expect(detectRuns(readings)[0]!.endMs).toBe(T0 + 2 * MINUTE_MS);
  });
});

describe('runs built as readings arrive', () => {
  it('a download arriving late reveals last night’s excursion between live readings', () => {
    const night = judged([400, 400, ...Array(45).fill(800), 400, 400]);
    const runs = new IncrementalRuns();
    runs.add([night[0]!, night[1]!, night[night.length - 1]!]);
    expect(runs.runs()).toEqual([]);
    runs.add(night.slice(2, -1));
    expect(runs.runs()).toEqual(detectRuns(night));
    expect(isExcursion(runs.runs()[0]!, 30)).toBe(true);
  });

  it('a late in-range reading splits a run and a late out-of-range one joins two', () => {
    const all = judged([400, 600, 600, 400, 600, 600, 400]);
    const runs = new IncrementalRuns();
    runs.add(all.filter((_, i) => i !== 3));
    expect(runs.runs()).toHaveLength(1);
    runs.add([all[3]!]);
    expect(runs.runs()).toEqual(detectRuns(all));
    expect(runs.runs()).toHaveLength(2);

    const joined = judged([400, 600, 600, 600, 600, 600, 400]);
    const joining = new IncrementalRuns();
    joining.add(joined.filter((_, i) => i !== 3));
    joining.add([{ ...joined[3]!, flags: verdictFlags(COOLER, true) }]);
    expect(joining.runs()).toHaveLength(2);
    const again = new IncrementalRuns();
    again.add(joined.filter((_, i) => i !== 3));
    again.add([joined[3]!]);
    expect(again.runs()).toEqual(detectRuns(joined));
    expect(again.runs()).toHaveLength(1);
  });

  it('readings arriving in any order and in any pieces give the runs of detecting them all in order', () => {
    const temps = fc.array(fc.oneof(fc.integer({ min: 300, max: 500 }), fc.integer({ min: 501, max: 900 })), { minLength: 1, maxLength: 80 });
    fc.assert(
      fc.property(
        temps,
        fc.array(fc.nat(), { maxLength: 80 }),
        fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.integer({ min: 1, max: 90 }), { maxLength: 80 }),
        (values, order, pieces, gaps) => {
          // Irregular times (gaps between readings), then shuffled and cut into pieces of arrival.
          let at = T0;
          const all = values.map((tempCentiC, i) => {
            at += (gaps[i] ?? 1) * MINUTE_MS;
            return { atMs: at, tempCentiC, flags: verdictFlags(COOLER, isInRange(tempCentiC, COOLER)) };
          });
          const shuffled = [...all];
          for (let i = shuffled.length - 1; i > 0; i--) {
            const j = (order[i] ?? 0) % (i + 1);
            [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
          }
          const runs = new IncrementalRuns();
          let p = 0;
          for (let i = 0; i < shuffled.length; ) {
            const size = pieces[p++ % pieces.length]!;
            // Some pieces arrive twice (a logger downloaded again).
            runs.add(shuffled.slice(i, i + size));
            if (size % 3 === 0) runs.add(shuffled.slice(i, i + size));
            i += size;
          }
          expect(runs.runs()).toEqual(detectRuns(all));
        },
      ),
      { numRuns: 400 },
    );
  });
});
