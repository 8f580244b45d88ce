// Excursions still waiting for a signed corrective action, from the hub's own tables: the readings'
// stored verdicts run through the desktop's detector (domain/haccp/excursions.ts), against the alarm
// delay of the unit each sensor watches now, as the desktop's Excursions screen counts them.
import { sql } from 'kysely';
import { inForce } from '../../domain/haccp/corrective-in-force';
import { detectRuns, isExcursion, type OutOfRangeRun } from '../../domain/haccp/excursions';
import { OUT_OF_RANGE_BITS } from '../../domain/haccp/verdict';
import { toMs } from '../storage/schema';
import type { TenantTransaction } from '../storage/tenant-scope';

/** Per location, the excursions overlapping [fromMs, now] whose record in force nobody signed (or that have no record). */
export async function unsignedExcursionsPerLocation(trx: TenantTransaction, fromMs: number): Promise<Map<string, number>> {
  const watched = await trx
    .selectFrom('sensors as s')
    .innerJoin('haccp_units as u', (join) => join.onRef('u.tenant_id', '=', 's.tenant_id').onRef('u.location_id', '=', 's.location_id').onRef('u.id', '=', 's.unit_id'))
    .select(['s.location_id', 's.id as sensor_id', 'u.alarm_delay_min'])
    .execute();
  const counts = new Map<string, number>();
  for (const { location_id, sensor_id, alarm_delay_min } of watched) {
    const excursions = (await runsSince(trx, location_id, sensor_id, fromMs)).filter((run) => isExcursion(run, toMs(alarm_delay_min)));
    let unsigned = 0;
    for (const run of excursions) if (!(await isSigned(trx, sensor_id, run.startMs))) unsigned++;
    counts.set(location_id, (counts.get(location_id) ?? 0) + unsigned);
  }
  return counts;
}

/** The sensor's runs that end at or after `fromMs` (or are open), detected from the last in-range reading before it. */
async function runsSince(trx: TenantTransaction, locationId: string, sensorId: string, fromMs: number): Promise<OutOfRangeRun[]> {
  const lastSettled = await trx
    .selectFrom('readings')
    .select('at_ms')
    .where('location_id', '=', locationId)
    .where('sensor_id', '=', sensorId)
    .where('at_ms', '<', fromMs)
    .where(sql<boolean>`(flags & ${OUT_OF_RANGE_BITS}) != ${OUT_OF_RANGE_BITS}`)
    .orderBy('at_ms', 'desc')
    .limit(1)
    .executeTakeFirst();
  // Only the out-of-range readings and the first reading after each: a month of a healthy fridge's
  // readings stays in the database, and the detector finds the same runs (an in-range reading
  // matters to it only when it ends a run).
  const fromAtMs = lastSettled ? toMs(lastSettled.at_ms) : Number.MIN_SAFE_INTEGER;
  const { rows: readings } = await sql<{ at_ms: string | number; temp_centi_c: number; flags: number }>`
    SELECT at_ms, temp_centi_c, flags FROM (
      SELECT at_ms, temp_centi_c, flags, lag(flags) OVER (ORDER BY at_ms) AS previous_flags
        FROM readings WHERE location_id = ${locationId} AND sensor_id = ${sensorId} AND at_ms >= ${fromAtMs}
    ) AS r
    WHERE (flags & ${OUT_OF_RANGE_BITS}) = ${OUT_OF_RANGE_BITS} OR (previous_flags & ${OUT_OF_RANGE_BITS}) = ${OUT_OF_RANGE_BITS}
    ORDER BY at_ms`.execute(trx);
  const runs = detectRuns(readings.map((r) => ({ atMs: toMs(r.at_ms), tempCentiC: r.temp_centi_c, flags: r.flags })));
  return runs.filter((run) => run.endMs === null || run.endMs >= fromMs);
}

async function isSigned(trx: TenantTransaction, sensorId: string, excursionStartMs: number): Promise<boolean> {
  const records = await trx.selectFrom('corrective_actions').select(['id', 'at_ms', 'amends']).where('sensor_id', '=', sensorId).where('excursion_start_ms', '=', excursionStartMs).execute();
  if (records.length === 0) return false;
  const record = inForce(records.map((r) => ({ ...r, at_ms: toMs(r.at_ms) })));
  const signoff = await trx.selectFrom('corrective_signoffs').select('id').where('action_id', '=', record.id).limit(1).executeTakeFirst();
  return signoff !== undefined;
}
