import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOUR_MS, PROCESS_RULES, judgeProcess, startProblem, type ProbeReading } from './cooling';
import { centiCFromFahrenheit } from './food-code-temperatures';

const T0 = Date.UTC(2026, 10, 25, 14, 0, 0);
const F = centiCFromFahrenheit;
const at = (ms: number, fahrenheit: number): ProbeReading => ({ atMs: T0 + ms, tempCentiC: F(fahrenheit) });
const MIN = 60_000;

describe('Food Code temperatures in hundredths of a °C', () => {
  it('are the nearest hundredth to the °F value', () => {
    expect([F(41), F(70), F(135), F(165), F(0)]).toEqual([500, 2111, 5722, 7389, -1778]);
  });
});

describe('cooling: 135 °F → 70 °F within 2 h, → 41 °F within 6 h in total (3-501.14)', () => {
  it('reaching 70 °F exactly 2 h 0 min after the start passes the first stage', () => {
    const v = judgeProcess('cooling', [at(0, 135), at(2 * HOUR_MS, 70)], T0 + 2 * HOUR_MS + 5 * MIN)!;
    expect(v.stages[0]).toMatchObject({ state: 'passed', reachedAtMs: T0 + 2 * HOUR_MS, deadlineMs: T0 + 2 * HOUR_MS, remainingMs: null });
    expect(v.state).toBe('running');
  });

  it('reaching 70 °F one millisecond after 2 h fails the first stage', () => {
    const v = judgeProcess('cooling', [at(0, 135), at(2 * HOUR_MS + 1, 70)], T0 + 2 * HOUR_MS + 1)!;
    expect(v.stages[0]).toMatchObject({ state: 'failed', reachedAtMs: T0 + 2 * HOUR_MS + 1 });
    expect(v.state).toBe('failed');
  });

  it('70.1 °F at 2 h is not 70 °F: the stage is still running at the deadline and fails one millisecond later', () => {
    const readings = [at(0, 135), { atMs: T0 + 2 * HOUR_MS, tempCentiC: F(70) + 1 }];
    expect(judgeProcess('cooling', readings, T0 + 2 * HOUR_MS)!.stages[0]).toMatchObject({ state: 'running', remainingMs: 0 });
    expect(judgeProcess('cooling', readings, T0 + 2 * HOUR_MS + 1)!.stages[0]).toMatchObject({ state: 'failed', reachedAtMs: null, remainingMs: null });
  });

  it('a reading taken after the deadline without reaching the target fails the stage whatever the clock says', () => {
    const v = judgeProcess('cooling', [at(0, 140), at(2 * HOUR_MS + 1, 75)], T0)!;
    expect(v.stages[0]!.state).toBe('failed');
  });

  it('shows both deadlines live: the time left counts down with the clock', () => {
    const readings = [at(0, 150)];
    const early = judgeProcess('cooling', readings, T0 + 30 * MIN)!;
    expect(early.stages.map((s) => [s.deadlineMs - T0, s.remainingMs, s.state])).toEqual([
      [2 * HOUR_MS, 90 * MIN, 'running'],
      [6 * HOUR_MS, 330 * MIN, 'running'],
    ]);
    expect(judgeProcess('cooling', readings, T0 + 31 * MIN)!.stages.map((s) => s.remainingMs)).toEqual([89 * MIN, 329 * MIN]);
  });

  it('reaching 41 °F exactly 6 h 0 min after the start passes; the whole log then passes', () => {
    const v = judgeProcess('cooling', [at(0, 135), at(HOUR_MS, 68), at(6 * HOUR_MS, 41)], T0 + 7 * HOUR_MS)!;
    expect(v.stages.map((s) => s.state)).toEqual(['passed', 'passed']);
    expect(v.state).toBe('passed');
  });

  it('reaching 41 °F one millisecond after 6 h fails the second stage even though the first passed', () => {
    const v = judgeProcess('cooling', [at(0, 135), at(HOUR_MS, 68), at(6 * HOUR_MS + 1, 41)], T0 + 6 * HOUR_MS + 1)!;
    expect(v.stages.map((s) => s.state)).toEqual(['passed', 'failed']);
    expect(v.state).toBe('failed');
  });

  it('at exactly 6 h with no 41 °F reading the second stage is still running (0 left); one millisecond later it fails', () => {
    const readings = [at(0, 135), at(HOUR_MS, 60)];
    expect(judgeProcess('cooling', readings, T0 + 6 * HOUR_MS)!.stages[1]).toMatchObject({ state: 'running', remainingMs: 0 });
    expect(judgeProcess('cooling', readings, T0 + 6 * HOUR_MS + 1)!.stages[1]).toMatchObject({ state: 'failed' });
  });

  it('one reading can pass both stages (food already at 41 °F in the first 2 h)', () => {
    const v = judgeProcess('cooling', [at(0, 140), at(90 * MIN, 40)], T0 + 90 * MIN)!;
    expect(v.stages.map((s) => [s.state, s.reachedAtMs])).toEqual([
      ['passed', T0 + 90 * MIN],
      ['passed', T0 + 90 * MIN],
    ]);
  });

  it('readings entered out of order are judged in time order: the earliest starts the clock', () => {
    const inOrder = judgeProcess('cooling', [at(0, 135), at(HOUR_MS, 90), at(2 * HOUR_MS, 70)], T0 + 3 * HOUR_MS);
    const shuffled = judgeProcess('cooling', [at(2 * HOUR_MS, 70), at(0, 135), at(HOUR_MS, 90)], T0 + 3 * HOUR_MS);
    expect(shuffled).toEqual(inOrder);
    expect(shuffled!.startedAtMs).toBe(T0);
  });

  it('a log with no readings has no verdict', () => {
    expect(judgeProcess('cooling', [], T0)).toBeNull();
  });

  it('a cooling log must start at 135 °F or above: exactly 135 °F may, 134.9 °F may not', () => {
    expect(startProblem('cooling', at(0, 135))).toBeNull();
    expect(startProblem('cooling', { atMs: T0, tempCentiC: F(135) - 1 })).toMatch(/135 °F/);
    expect(startProblem('reheating', at(0, 38))).toBeNull();
  });
});

describe('reheating for hot holding: 165 °F within 2 h (3-403.11)', () => {
  it('exactly 165 °F exactly 2 h 0 min after the start passes', () => {
    expect(judgeProcess('reheating', [at(0, 38), at(2 * HOUR_MS, 165)], T0 + 3 * HOUR_MS)!.state).toBe('passed');
  });

  it('165 °F one millisecond late fails; 164.9 °F in time does not count', () => {
    expect(judgeProcess('reheating', [at(0, 38), at(2 * HOUR_MS + 1, 165)], T0 + 3 * HOUR_MS)!.state).toBe('failed');
    const under = [at(0, 38), { atMs: T0 + HOUR_MS, tempCentiC: F(165) - 1 }];
    expect(judgeProcess('reheating', under, T0 + 2 * HOUR_MS)!.stages[0]).toMatchObject({ state: 'running', remainingMs: 0, reachedAtMs: null });
    expect(judgeProcess('reheating', under, T0 + 2 * HOUR_MS + 1)!.state).toBe('failed');
  });
});

describe('every stage at its boundary, to the millisecond', () => {
  // For each stage: a reading that reaches it (and every earlier stage) and one that does not.
  const cases = [
    { kind: 'cooling' as const, stage: 0, start: F(135), reach: F(70), miss: F(70) + 1, withinMs: 2 * HOUR_MS },
    { kind: 'cooling' as const, stage: 1, start: F(135), reach: F(41), miss: F(41) + 1, withinMs: 6 * HOUR_MS },
    { kind: 'reheating' as const, stage: 0, start: F(40), reach: F(165), miss: F(165) - 1, withinMs: 2 * HOUR_MS },
  ];
  for (const c of cases) {
    const name = PROCESS_RULES[c.kind].stages[c.stage]!.name;
    it(`${c.kind}, ${name}: reached at deadline − 1 ms and at the deadline passes, 1 ms after fails`, () => {
      const stateWhenReachedAt = (offsetMs: number) =>
        judgeProcess(c.kind, [{ atMs: T0, tempCentiC: c.start }, { atMs: T0 + c.withinMs + offsetMs, tempCentiC: c.reach }], T0 + c.withinMs + 10)!.stages[c.stage]!.state;
      expect([-1, 0, 1].map(stateWhenReachedAt)).toEqual(['passed', 'passed', 'failed']);
    });
    it(`${c.kind}, ${name}: not reached, the clock at deadline − 1 ms, at it, and 1 ms after`, () => {
      const readings = [{ atMs: T0, tempCentiC: c.start }, { atMs: T0 + 1, tempCentiC: c.miss }];
      const at = (offsetMs: number) => {
        const s = judgeProcess(c.kind, readings, T0 + c.withinMs + offsetMs)!.stages[c.stage]!;
        return [s.state, s.remainingMs];
      };
      expect([-1, 0, 1].map(at)).toEqual([
        ['running', 1],
        ['running', 0],
        ['failed', null],
      ]);
    });
  }
});

describe('the verdict depends on the readings, not on the order they were entered in', () => {
  it('any permutation of the same readings gives the same verdict (property)', () => {
    const reading = fc.record({ atMs: fc.integer({ min: 0, max: 8 * HOUR_MS }), tempCentiC: fc.integer({ min: -2000, max: 9000 }) });
    fc.assert(
      fc.property(fc.array(reading, { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 10 * HOUR_MS }), fc.constantFrom('cooling' as const, 'reheating' as const), (rs, now, kind) => {
        const readings = rs.map((r) => ({ atMs: T0 + r.atMs, tempCentiC: r.tempCentiC }));
        const reversed = [...readings].reverse();
        const a = judgeProcess(kind, readings, T0 + now);
        const b = judgeProcess(kind, reversed, T0 + now);
        expect(b).toEqual(a);
        // A stage once passed stays passed as the clock moves on.
        const later = judgeProcess(kind, readings, T0 + now + HOUR_MS)!;
        a!.stages.forEach((s, i) => {
          if (s.state !== 'running') expect(later.stages[i]!.state).toBe(s.state);
        });
      }),
    );
  });
});
