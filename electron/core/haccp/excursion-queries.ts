import type { ExcursionView } from '../../../domain/contract/haccp';
import { MINUTE_MS } from '../../../domain/haccp/excursions';
import type { EngineContext } from '../context';
import { correctiveActionsForRuns, runKeyOf } from '../corrective/records';

export interface ExcursionFilter {
  locationIds: string[];
  unitId?: string;
  sensorId?: string;
  fromMs?: number;
  toMs?: number;
}

interface ExcursionRow {
  unitId: string;
  unit: string;
  sensorId: string;
  sensor: string;
  locationId: string;
  startMs: number;
  endMs: number | null;
  lastOutMs: number;
  peakCentiC: number;
  limitCentiC: number;
  limitKind: 'max' | 'min';
  readings: number;
}

/**
 * Runs long enough to be excursions (domain/haccp/excursions.ts isExcursion, in SQL: duration ≥ the
 * unit's alarm delay) that overlap the range, oldest first. A run belongs to the unit its sensor
 * watches now.
 */
export function listExcursions(ctx: EngineContext, filter: ExcursionFilter): ExcursionView[] {
  if (filter.locationIds.length === 0) return [];
  const where: string[] = [`u.location_id IN (${filter.locationIds.map(() => '?').join(', ')})`, 'COALESCE(r.end_ms, r.last_out_ms) - r.start_ms >= u.alarm_delay_min * 60000'];
  const params: unknown[] = [...filter.locationIds];
  if (filter.unitId !== undefined) {
    where.push('u.id = ?');
    params.push(filter.unitId);
  }
  if (filter.sensorId !== undefined) {
    where.push('s.id = ?');
    params.push(filter.sensorId);
  }
  if (filter.toMs !== undefined) {
    where.push('r.start_ms < ?');
    params.push(filter.toMs);
  }
  if (filter.fromMs !== undefined) {
    where.push('(r.end_ms IS NULL OR r.end_ms >= ?)');
    params.push(filter.fromMs);
  }
  const rows = ctx.sqlite
    .prepare(
      `SELECT u.id AS unitId, u.name AS unit, s.id AS sensorId, s.name AS sensor, u.location_id AS locationId,
              r.start_ms AS startMs, r.end_ms AS endMs, r.last_out_ms AS lastOutMs, r.peak_centi_c AS peakCentiC,
              r.limit_centi_c AS limitCentiC, r.limit_kind AS limitKind, r.readings
         FROM haccp_runs r JOIN sensors s ON s.id = r.sensor_id JOIN haccp_units u ON u.id = s.unit_id
        WHERE ${where.join(' AND ')}
        ORDER BY r.start_ms, s.id`,
    )
    .all(...params) as ExcursionRow[];
  const actions = correctiveActionsForRuns(ctx, rows.map((r) => ({ sensorId: r.sensorId, startMs: r.startMs })));
  return rows.map(({ lastOutMs, ...r }) => ({
    ...r,
    durationMin: ((r.endMs ?? lastOutMs) - r.startMs) / MINUTE_MS,
    correctiveAction: actions.get(runKeyOf(r.sensorId, r.startMs)) ?? null,
  }));
}
