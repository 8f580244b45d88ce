import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { SyncQuery } from '../db/sync-query';

/**
 * Settings of this station only, never synced (where backups go, demo mode, the probes on each bus),
 * as JSON by key. Each feature reads and writes its own keys through its own typed accessors
 * (backup/backup-settings.ts, devices/device-switches.ts, devices/probe-settings.ts); the table keeps
 * its shipped name `device_settings`.
 */
export class StationSettings {
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
