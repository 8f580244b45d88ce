// The regional roll-up: per location of a tenant, what its projected facts say — readings, open
// excursions, stock value, when the hub last heard from it. Read through the tenant scope, so
// Row-Level Security keeps every other tenant's rows out whatever the query says.
import { isOutOfRange } from '../../domain/haccp/verdict';
import { valueCents } from '../../domain/inventory/units';
import type { HubDatabase } from '../storage/database';
import { toMs } from '../storage/schema';
import { withTenant } from '../storage/tenant-scope';

export interface LocationRollup {
  locationId: string;
  name: string;
  readingsCount: number;
  latestReadingAtMs: number | null;
  /** Sensors whose latest reading its HACCP verdict judged out of range (domain/haccp/verdict.ts). */
  sensorsOutOfRange: string[];
  stockValueCents: number;
  /** When the hub last stored a change to one of the location's documents. */
  lastSyncAtMs: number | null;
}

export async function regionalRollup(db: HubDatabase, tenantId: string): Promise<LocationRollup[]> {
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

    return locations.map(({ id, name }) => {
      const counted = readings.find((r) => r.location_id === id);
      const sync = synced.find((s) => s.location_id === id);
      return {
        locationId: id,
        name,
        readingsCount: counted ? Number(counted.count) : 0,
        latestReadingAtMs: counted?.latest != null ? toMs(counted.latest) : null,
        sensorsOutOfRange: latestPerSensor.filter((r) => r.location_id === id && isOutOfRange(r.flags)).map((r) => r.sensor_id),
        stockValueCents: balances
          .filter((b) => b.location_id === id)
          .reduce((sum, b) => sum + valueCents(toMs(b.on_hand_base), toMs(b.unit_cost_milli_cents)), 0),
        lastSyncAtMs: sync ? toMs(sync.last_update_at_ms) : null,
      };
    });
  });
}
