import { COLD_HOLDING_MAX_CENTI_C, COOLING_FIRST_STAGE_CENTI_C, HOT_HOLDING_MIN_CENTI_C, REHEAT_MIN_CENTI_C } from './food-code-temperatures';

/**
 * Cooling (Food Code 3-501.14(A)): cooked food goes from 135 °F to 70 °F within 2 hours, and to
 * 41 °F within 6 hours in total. Reheating for hot holding (3-403.11(A)): 165 °F within 2 hours.
 *
 * The clock starts at the log's first reading, which must be at or above the stage's starting
 * point (135 °F for cooling). That is stricter than the Code, whose clock starts when the food
 * falls through 135 °F, a moment nobody measured; starting earlier can only make a stage fail
 * sooner, never pass food that should not.
 *
 * A stage is reached by the first reading at or past its temperature. It passes when that reading
 * is at or before its deadline (exactly 2 h 0 min passes), fails once a reading or the clock is
 * past the deadline without it; until then it is running.
 */
export type ProcessKind = 'cooling' | 'reheating';

export const HOUR_MS = 3_600_000;

export interface StageRule {
  /** "70 °F within 2 hours", for the screen. */
  name: string;
  targetCentiC: number;
  /** 'down': reached at or below the target (cooling); 'up': at or above (reheating). */
  direction: 'down' | 'up';
  /** From the first reading. */
  withinMs: number;
}

export const PROCESS_RULES: Record<ProcessKind, { stages: StageRule[] }> = {
  cooling: {
    stages: [
      { name: '70 °F within 2 hours', targetCentiC: COOLING_FIRST_STAGE_CENTI_C, direction: 'down', withinMs: 2 * HOUR_MS },
      { name: '41 °F within 6 hours', targetCentiC: COLD_HOLDING_MAX_CENTI_C, direction: 'down', withinMs: 6 * HOUR_MS },
    ],
  },
  // Reheating starts wherever the food is (usually cold); only the target matters.
  reheating: {
    stages: [{ name: '165 °F within 2 hours', targetCentiC: REHEAT_MIN_CENTI_C, direction: 'up', withinMs: 2 * HOUR_MS }],
  },
};

export interface ProbeReading {
  atMs: number;
  tempCentiC: number;
}

export type StageState = 'running' | 'passed' | 'failed';

export interface StageVerdict {
  name: string;
  targetCentiC: number;
  deadlineMs: number;
  state: StageState;
  /** The first reading at or past the target, whether in time or late. */
  reachedAtMs: number | null;
  /** Until the deadline while running (0 at the deadline itself); null once decided. */
  remainingMs: number | null;
}

export interface ProcessVerdict {
  startedAtMs: number;
  stages: StageVerdict[];
  /** Failed as soon as any stage fails; passed when every stage passed. */
  state: StageState;
}

function reaches(rule: { direction: 'down' | 'up'; targetCentiC: number }, tempCentiC: number): boolean {
  return rule.direction === 'down' ? tempCentiC <= rule.targetCentiC : tempCentiC >= rule.targetCentiC;
}

/** Why a first reading cannot start this process, or null when it can. */
export function startProblem(kind: ProcessKind, first: ProbeReading): string | null {
  if (kind === 'cooling' && first.tempCentiC < HOT_HOLDING_MIN_CENTI_C) {
    return 'A cooling log starts with the food at 135 °F (57.2 °C) or above: below that, its 2-hour clock has been running for a time nobody knows.';
  }
  return null;
}

/**
 * Judges a cooling or reheating log at `nowMs` from its readings (any order; the earliest starts
 * the clock). Pure: the screen calls it every second with the clock to show the deadlines live.
 */
export function judgeProcess(kind: ProcessKind, readings: readonly ProbeReading[], nowMs: number): ProcessVerdict | null {
  if (readings.length === 0) return null;
  const ordered = [...readings].sort((a, b) => a.atMs - b.atMs);
  const startedAtMs = ordered[0]!.atMs;
  const stages = PROCESS_RULES[kind].stages.map((rule): StageVerdict => {
    const deadlineMs = startedAtMs + rule.withinMs;
    const reachedAtMs = ordered.find((r) => reaches(rule, r.tempCentiC))?.atMs ?? null;
    const latest = ordered[ordered.length - 1]!.atMs;
    let state: StageState;
    if (reachedAtMs !== null) state = reachedAtMs <= deadlineMs ? 'passed' : 'failed';
    else state = nowMs > deadlineMs || latest > deadlineMs ? 'failed' : 'running';
    return {
      name: rule.name,
      targetCentiC: rule.targetCentiC,
      deadlineMs,
      state,
      reachedAtMs,
      remainingMs: state === 'running' ? Math.max(0, deadlineMs - nowMs) : null,
    };
  });
  const state: StageState = stages.some((s) => s.state === 'failed') ? 'failed' : stages.every((s) => s.state === 'passed') ? 'passed' : 'running';
  return { startedAtMs, stages, state };
}
