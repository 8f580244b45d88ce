// The regional roll-up: per location of a tenant, what its projected facts say — readings, open
// excursions and those without a signed corrective action, open and overdue tasks, stock value,
// when the hub last heard from it. Read through the tenant scope, so
// Row-Level Security keeps every other tenant's rows out whatever the query says.
import { ROLLUP_EXCURSION_DAYS } from '../../domain/contract/rollup';
import { isOutOfRange } from '../../domain/haccp/verdict';
import { valueCents } from '../../domain/inventory/units';
import { isOverdue } from '../../domain/tasks/overdue';
import type { TaskStatus } from '../../domain/tasks/records';
import type { HubDatabase } from '../storage/database';
import { toMs } from '../storage/schema';
import { withTenant } from '../storage/tenant-scope';
import { unsignedExcursionsPerLocation } from './unsigned-excursions';

const DAY_MS = 24 * 3600_000;

export interface LocationRollup {
  locationId: string;
  name: string;
  readingsCount: number;
  latestReadingAtMs: number | null;
  /** Sensors whose latest reading its HACCP verdict judged out of range (domain/haccp/verdict.ts). */
  sensorsOutOfRange: string[];
  stockValueCents: number;
  /** Excursions of the last ROLLUP_EXCURSION_DAYS days whose corrective action nobody has signed (or nobody recorded). */
  excursionsWithoutSignedAction: number;
  /** Tasks not done, and those of them past their due time (domain/tasks/overdue.ts). */
  openTasks: number;
  overdueTasks: number;
  /** When the hub last stored a change to one of the location's documents. */
  lastSyncAtMs: number | null;
}

export async function regionalRollup(db: HubDatabase, tenantId: string, nowMs: number): Promise<LocationRollup[]> {
  return withTenant(db, tenantId, async (trx) => {
    const locations = await trx.selectFrom('locations').select(['id', 'name']).orderBy('created_at').orderBy('id').execute();
    const readings = await trx
      .selectFrom('readings')
      .select((eb) => ['location_id', eb.fn.countAll<string>().as('count'), eb.fn.max('at_ms').as('latest')])
      .groupBy('location_id')
      .execute();
    const latestPerSensor = await trx
      .selectFrom('readings')
      .distinctOn(['location_id', 'sensor_id'])
      .select(['location_id', 'sensor_id', 'flags'])
      .orderBy('location_id')
      .orderBy('sensor_id')
      .orderBy('at_ms', 'desc')
      .execute();
    const balances = await trx.selectFrom('stock_balances').select(['location_id', 'on_hand_base', 'unit_cost_milli_cents']).execute();
    const synced = await trx.selectFrom('location_sync').select(['location_id', 'last_update_at_ms']).execute();
    const openTasks = await trx.selectFrom('tasks').select(['location_id', 'status', 'due_at_ms']).where('status', '!=', 'done').execute();
    const unsigned = await unsignedExcursionsPerLocation(trx, nowMs - ROLLUP_EXCURSION_DAYS * DAY_MS);

    return locations.map(({ id, name }) => {
      const counted = readings.find((r) => r.location_id === id);
      const sync = synced.find((s) => s.location_id === id);
      const tasksHere = openTasks.filter((t) => t.location_id === id);
      return {
        locationId: id,
        name,
        readingsCount: counted ? Number(counted.count) : 0,
        latestReadingAtMs: counted?.latest != null ? toMs(counted.latest) : null,
        sensorsOutOfRange: latestPerSensor.filter((r) => r.location_id === id && isOutOfRange(r.flags)).map((r) => r.sensor_id),
        stockValueCents: balances
          .filter((b) => b.location_id === id)
          .reduce((sum, b) => sum + valueCents(toMs(b.on_hand_base), toMs(b.unit_cost_milli_cents)), 0),
        excursionsWithoutSignedAction: unsigned.get(id) ?? 0,
        openTasks: tasksHere.length,
        overdueTasks: tasksHere.filter((t) => isOverdue({ status: t.status as TaskStatus, dueAtMs: t.due_at_ms === null ? null : toMs(t.due_at_ms) }, nowMs)).length,
        lastSyncAtMs: sync ? toMs(sync.last_update_at_ms) : null,
      };
    });
  });
}
