import type { ReadingSource } from '../../../domain/readings/reading-source';
import { OpsFlowError } from '../../../domain/errors';
import { haccpJudge } from '../haccp/haccp-judge';
import type { Store } from '../store';

/**
 * Rules that look at readings as they are stored and mark each with bits, stored with it in the
 * batch and in `readings.flags`: HACCP's "outside the limit in force", say. A mark is fixed when the
 * reading is stored: changing a rule or a limit later never rewrites history.
 *
 * To add a rule: write a ReadingJudge and add it to READING_JUDGES below, the one list
 * `storeReadings` asks. Each judge owns its bits (no two judges set the same one); the flags of a
 * reading are the OR of every judge's. Judges see only the readings being added, calibrated, oldest
 * first; a judge that throws stores nothing (all or nothing, like the rest of the write).
 */
export interface ReadingJudge {
  /** Says which rule set a mark, in logs and errors. */
  name: string;
  /** One flags value per reading, or null when this judge marks none of them. */
  judge(store: Store, sensor: JudgedSensor, readings: JudgedReadings): readonly number[] | null;
}

export interface JudgedSensor {
  id: string;
  locationId: string;
}

export interface JudgedReadings {
  source: ReadingSource;
  atMs: readonly number[];
  /** Calibrated. */
  tempCentiC: readonly number[];
  /** Null when none of these readings has humidity. */
  humidityCentiPct: readonly (number | null)[] | null;
}

/** Every rule readings are judged by when stored. */
export const READING_JUDGES: readonly ReadingJudge[] = [haccpJudge];

/** The OR of every judge's flags per reading, or null when no judge marks any reading. */
export function judgeReadings(judges: readonly ReadingJudge[], store: Store, sensor: JudgedSensor, readings: JudgedReadings): number[] | null {
  let flags: number[] | null = null;
  for (const judge of judges) {
    const marks = judge.judge(store, sensor, readings);
    if (marks === null) continue;
    if (marks.length !== readings.atMs.length) {
      throw new OpsFlowError('INTERNAL', 'A rule could not judge the readings, so they were not stored.', { judge: judge.name, readings: readings.atMs.length, flags: marks.length });
    }
    if (flags === null) flags = [...marks];
    else for (let i = 0; i < flags.length; i++) flags[i] = flags[i]! | marks[i]!;
  }
  return flags;
}
