import type { Store } from '../store';
import type { RawReading } from '../readings/store-readings';

/**
 * Live readings wait for the end of their window and are then stored as one batch per sensor: a
 * fact batch per poll would cost a Yjs map entry (~430 B of heap, forever) per reading. They wait
 * on disk (`live_reading_buffer`), so a crash or a pulled plug loses none of them: whatever is
 * still waiting at start-up is stored by the first flush.
 */
export class LiveReadingsBuffer {
  constructor(private readonly store: () => Store) {}

  add(sensorId: string, reading: RawReading): void {
    const { q, db } = this.store();
    q.run(
      db
        .insertInto('live_reading_buffer')
        .values({ sensor_id: sensorId, at_ms: reading.atMs, raw_centi_c: reading.rawCentiC, humidity_centi_pct: reading.humidityCentiPct ?? null })
        .onConflict((oc) => oc.doNothing()),
    );
  }

  /** The newest reading not yet stored, for "last reading" on screen. */
  latest(sensorId: string): RawReading | null {
    const { q, db } = this.store();
    const row = q.first(
      db
        .selectFrom('live_reading_buffer')
        .select(['at_ms', 'raw_centi_c', 'humidity_centi_pct'])
        .where('sensor_id', '=', sensorId)
        .orderBy('at_ms', 'desc')
        .limit(1),
    );
    return row ? { atMs: row.at_ms, rawCentiC: row.raw_centi_c, humidityCentiPct: row.humidity_centi_pct } : null;
  }

  get size(): number {
    const { q, db } = this.store();
    return Number(q.first(db.selectFrom('live_reading_buffer').select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0);
  }

  /**
   * Hands each sensor's readings to `store` (all sensors, or only those named) and removes them, in
   * one transaction per sensor. A sensor whose store fails is reported to `onError` and its
   * readings dropped: kept, they would fail again at every flush and grow without end. Returns the
   * sensors stored.
   */
  flush(store: (sensorId: string, readings: RawReading[]) => void, onError: (sensorId: string, err: unknown) => void, only?: Iterable<string>): string[] {
    const ctx = this.store();
    const { q, db } = ctx;
    const waiting = new Set(q.all(db.selectFrom('live_reading_buffer').select('sensor_id').distinct()).map((r) => r.sensor_id));
    const ids = only ? [...only].filter((id) => waiting.has(id)) : [...waiting];
    const stored: string[] = [];
    const take = (sensorId: string) => {
      const readings = q
        .all(db.selectFrom('live_reading_buffer').select(['at_ms', 'raw_centi_c', 'humidity_centi_pct']).where('sensor_id', '=', sensorId).orderBy('at_ms'))
        .map((r) => ({ atMs: r.at_ms, rawCentiC: r.raw_centi_c, humidityCentiPct: r.humidity_centi_pct }));
      q.run(db.deleteFrom('live_reading_buffer').where('sensor_id', '=', sensorId));
      return readings;
    };
    for (const id of ids) {
      try {
        ctx.docs.transaction(() => store(id, take(id)));
        stored.push(id);
      } catch (err) {
        onError(id, err);
        ctx.docs.transaction(() => take(id));
      }
    }
    return stored;
  }
}
