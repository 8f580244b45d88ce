import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import type { SyncQuery } from './db/sync-query';

/** Settings of this PC only (never synced): where backups go, demo mode, last backup result. */
export class DeviceSettings {
  constructor(
    private readonly q: SyncQuery,
    private readonly db: Kysely<Database>,
  ) {}

  get<T>(key: string, fallback: T): T {
    const row = this.q.first(this.db.selectFrom('device_settings').select('value').where('key', '=', key));
    return row ? (JSON.parse(row.value) as T) : fallback;
  }

  set(key: string, value: unknown): void {
    const json = JSON.stringify(value);
    this.q.run(this.db.insertInto('device_settings').values({ key, value: json }).onConflict((oc) => oc.column('key').doUpdateSet({ value: json })));
  }
}
