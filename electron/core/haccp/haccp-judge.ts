import { isInRange, isUnitType, limitOf } from '../../../domain/haccp/limits';
import { verdictFlags } from '../../../domain/haccp/verdict';
import type { Store } from '../store';

/**
 * Judges each reading against the limit in force for the unit its sensor watches when it is stored
 * (domain/haccp/verdict.ts says how the verdict is kept). A sensor watching no unit, or a retired
 * unit, marks nothing.
 */
export const haccpJudge = {
  name: 'haccp limits',
  // Typed by its shape, not by ReadingJudge: reading-judges.ts lists this judge, and a type import
  // back from here would tie the two files in a circle.
  judge(store: Store, sensor: { id: string }, readings: { tempCentiC: readonly number[] }): number[] | null {
    const unit = store.sqlite
      .prepare(
        `SELECT u.type, u.limit_centi_c AS limitCentiC FROM sensors s JOIN haccp_units u ON u.id = s.unit_id
          WHERE s.id = ? AND u.active = 1`,
      )
      .get(sensor.id) as { type: string; limitCentiC: number | null } | undefined;
    if (!unit || !isUnitType(unit.type)) return null;
    const limit = limitOf(unit.type, unit.limitCentiC);
    const inRange = verdictFlags(limit, true);
    const outOfRange = verdictFlags(limit, false);
    return readings.tempCentiC.map((t) => (isInRange(t, limit) ? inRange : outOfRange));
  },
};
