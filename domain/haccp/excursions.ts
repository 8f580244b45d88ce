import { isOutOfRange, verdictOf } from './verdict';
import type { LimitKind } from './limits';

/**
 * Excursions, as the inspector's report and the alarms read them (issue 10):
 * - per sensor, readings in time order; an out-of-range run starts at its first out-of-range
 *   reading and ends at the first reading after it that is not out of range; with none yet it is
 *   open;
 * - its duration is end − start (open: its latest reading − start);
 * - a run whose duration reaches the unit's alarm delay (exactly the delay counts) is an excursion;
 * - its peak is the warmest reading of a cold unit's run, the coldest of a hot unit's.
 * Verdicts are the ones fixed when each reading was stored (verdict.ts): a limit changed mid-run
 * ends the run only where a reading stored under the new limit was in range. A reading stored while
 * its sensor watched no unit has no verdict and is not out of range.
 */

/** A reading as the detector needs it: its time, calibrated temperature and stored flags. */
export interface FlaggedReading {
  atMs: number;
  tempCentiC: number;
  flags: number;
}

export interface OutOfRangeRun {
  startMs: number;
  /** The first reading after the run that is not out of range; null while the run is open. */
  endMs: number | null;
  /** The run's latest out-of-range reading (an open run's duration runs to it). */
  lastOutMs: number;
  peakCentiC: number;
  /** The limit its first reading was judged against. */
  limitCentiC: number;
  limitKind: LimitKind;
  readings: number;
}

export const MINUTE_MS = 60_000;

export function runDurationMs(run: OutOfRangeRun): number {
  return (run.endMs ?? run.lastOutMs) - run.startMs;
}

/** A run of exactly the delay is an excursion: the delay is how long a unit may be out before anyone is paged. */
export function isExcursion(run: OutOfRangeRun, alarmDelayMin: number): boolean {
  return runDurationMs(run) >= alarmDelayMin * MINUTE_MS;
}

/**
 * Finds runs in readings pushed oldest first, one at a time, so a year of a sensor's readings can
 * stream through it from a database cursor without being held in memory.
 */
export class RunDetector {
  private readonly runs: OutOfRangeRun[] = [];
  private open: OutOfRangeRun | null = null;
  private lastAtMs = -Infinity;

  push(atMs: number, tempCentiC: number, flags: number): void {
    if (atMs <= this.lastAtMs) throw new RangeError('Readings must reach the run detector oldest first, one per time.');
    this.lastAtMs = atMs;
    const run = this.open;
    if (!isOutOfRange(flags)) {
      if (run) {
        run.endMs = atMs;
        this.runs.push(run);
        this.open = null;
      }
      return;
    }
    if (run) {
      run.lastOutMs = atMs;
      run.readings++;
      if (run.limitKind === 'max' ? tempCentiC > run.peakCentiC : tempCentiC < run.peakCentiC) run.peakCentiC = tempCentiC;
      return;
    }
    const limit = verdictOf(flags)!.limit;
    this.open = { startMs: atMs, endMs: null, lastOutMs: atMs, peakCentiC: tempCentiC, limitCentiC: limit.limitCentiC, limitKind: limit.kind, readings: 1 };
  }

  /** The runs found, oldest first; the last one open if the readings ended out of range. */
  finish(): OutOfRangeRun[] {
    const all = this.open ? [...this.runs, { ...this.open }] : [...this.runs];
    return all;
  }
}

/** Every out-of-range run in one sensor's readings, given oldest first. */
export function detectRuns(readings: readonly FlaggedReading[]): OutOfRangeRun[] {
  const detector = new RunDetector();
  for (const r of readings) detector.push(r.atMs, r.tempCentiC, r.flags);
  return detector.finish();
}

/**
 * New readings arriving between `fromMs` and `toMs` (a download, an import days late, readings out
 * of order) can only change the runs between the last reading before `fromMs` that is not out of
 * range and the first such reading after `toMs`: a run outside that stretch ended (or started)
 * at a reading the new ones cannot move. Re-detecting just that stretch from the stored readings
 * gives what detecting from scratch would. Null bounds: no such reading, the stretch is open.
 */
export interface RescanStretch {
  /** Exclusive of runs: the reading here is not out of range. */
  afterMs: number | null;
  beforeMs: number | null;
}

/** Replaces the runs starting inside the stretch by those detected from its readings (`detected`), oldest first. */
export function replaceRunsInStretch(runs: readonly OutOfRangeRun[], stretch: RescanStretch, detected: readonly OutOfRangeRun[]): OutOfRangeRun[] {
  const inside = (run: OutOfRangeRun) => (stretch.afterMs === null || run.startMs > stretch.afterMs) && (stretch.beforeMs === null || run.startMs < stretch.beforeMs);
  const kept = runs.filter((run) => !inside(run));
  return [...kept, ...detected].sort((a, b) => a.startMs - b.startMs);
}

/** The stretch to re-detect after readings between `fromMs` and `toMs` arrived, from all readings stored now (oldest first). */
export function rescanStretch(stored: readonly FlaggedReading[], fromMs: number, toMs: number): RescanStretch {
  let afterMs: number | null = null;
  let beforeMs: number | null = null;
  for (const r of stored) {
    if (isOutOfRange(r.flags)) continue;
    if (r.atMs < fromMs) afterMs = r.atMs;
    else if (r.atMs > toMs && beforeMs === null) beforeMs = r.atMs;
  }
  return { afterMs, beforeMs };
}

export function readingsInStretch(stored: readonly FlaggedReading[], stretch: RescanStretch): FlaggedReading[] {
  return stored.filter((r) => (stretch.afterMs === null || r.atMs >= stretch.afterMs) && (stretch.beforeMs === null || r.atMs <= stretch.beforeMs));
}

/**
 * One sensor's runs kept up to date as readings arrive in any order: the in-memory form of what
 * the engine does with SQL (electron/core/haccp/excursion-runs.ts), and what the property test
 * compares with detecting from scratch.
 */
export class IncrementalRuns {
  private readings: FlaggedReading[] = [];
  private current: OutOfRangeRun[] = [];

  /** Readings already held (same time) are ignored, as storage ignores them. */
  add(arrived: readonly FlaggedReading[]): void {
    const known = new Set(this.readings.map((r) => r.atMs));
    const fresh = arrived.filter((r) => !known.has(r.atMs) && (known.add(r.atMs), true));
    if (fresh.length === 0) return;
    this.readings = [...this.readings, ...fresh].sort((a, b) => a.atMs - b.atMs);
    const fromMs = Math.min(...fresh.map((r) => r.atMs));
    const toMs = Math.max(...fresh.map((r) => r.atMs));
    const stretch = rescanStretch(this.readings, fromMs, toMs);
    this.current = replaceRunsInStretch(this.current, stretch, detectRuns(readingsInStretch(this.readings, stretch)));
  }

  runs(): OutOfRangeRun[] {
    return this.current;
  }
}
