import * as Y from 'yjs';
import type { Kysely } from 'kysely';
import type { LocationSummary } from '../../../domain/contract/locations';
import type { UserSummary } from '../../../domain/contract/users';
import { DIRECTORY_MAPS, organizationSettings, type LocationRecord, type NewUserRecord, type OrganizationSettings, type UserRecord } from '../../../domain/directory/records';
import { directoryDocName } from '../../../domain/sync/doc-names';
import type { Role } from '../../../domain/auth/roles';
import type { Database } from '../db/schema';
import type { SyncQuery } from '../db/sync-query';
import type { DocStore } from '../sync/doc-store';

export type UserRow = Database['users'] & { locationIds: string[] };

/**
 * Reads and writes of the organization directory. Writes go into the `<tenant>/directory`
 * document (one Y.Map per record, last writer wins per field); reads come from the SQL projection.
 */
export class Directory {
  constructor(
    private readonly q: SyncQuery,
    private readonly db: Kysely<Database>,
    private readonly docs: DocStore,
    private readonly tenantId: () => string,
  ) {}

  private get docName() {
    return directoryDocName(this.tenantId());
  }

  // ---- writes -------------------------------------------------------------------------------

  putLocation(id: string, record: LocationRecord): void {
    this.docs.change(this.docName, (doc) => {
      doc.getMap(DIRECTORY_MAPS.locations).set(id, new Y.Map(Object.entries(record)));
    });
  }

  updateLocation(id: string, fields: Partial<LocationRecord>): void {
    this.updateRecord(DIRECTORY_MAPS.locations, id, fields);
  }

  putUser(id: string, record: NewUserRecord): void {
    this.docs.change(this.docName, (doc) => {
      doc.getMap(DIRECTORY_MAPS.users).set(id, new Y.Map(Object.entries(record)));
    });
  }

  updateUser(id: string, fields: Partial<UserRecord>): void {
    this.updateRecord(DIRECTORY_MAPS.users, id, fields);
  }

  setOrganization(fields: { id: string; name: string }): void {
    this.docs.change(this.docName, (doc) => {
      const org = doc.getMap(DIRECTORY_MAPS.organization);
      org.set('id', fields.id);
      org.set('name', fields.name);
    });
  }

  updateSettings(fields: Partial<OrganizationSettings>): void {
    this.docs.change(this.docName, (doc) => {
      const map = doc.getMap(DIRECTORY_MAPS.settings);
      for (const [k, v] of Object.entries(fields)) if (v !== undefined) map.set(k, v);
    });
  }

  private updateRecord(mapName: string, id: string, fields: Record<string, unknown>): void {
    this.docs.change(this.docName, (doc) => {
      const record = doc.getMap(mapName).get(id);
      if (!(record instanceof Y.Map)) throw new Error(`No ${mapName} record ${id} in the directory document`);
      for (const [k, v] of Object.entries(fields)) if (v !== undefined) record.set(k, v);
    });
  }

  // ---- reads --------------------------------------------------------------------------------

  settings(): OrganizationSettings {
    const rows = this.q.all(this.db.selectFrom('organization_settings').selectAll());
    const raw = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
    const parsed = organizationSettings.safeParse(raw);
    return parsed.success ? parsed.data : organizationSettings.parse({});
  }

  organizationName(): string | null {
    return this.q.first(this.db.selectFrom('meta').select('value').where('key', '=', 'organization.name'))?.value ?? null;
  }

  locations(): Database['locations'][] {
    return this.q.all(this.db.selectFrom('locations').selectAll().orderBy('name'));
  }

  location(id: string): Database['locations'] | undefined {
    return this.q.first(this.db.selectFrom('locations').selectAll().where('id', '=', id));
  }

  private withLocations(row: Database['users']): UserRow {
    const locationIds = this.q
      .all(this.db.selectFrom('user_locations').select('location_id').where('user_id', '=', row.id).orderBy('location_id'))
      .map((r) => r.location_id);
    return { ...row, locationIds };
  }

  user(id: string): UserRow | undefined {
    const row = this.q.first(this.db.selectFrom('users').selectAll().where('id', '=', id));
    return row && this.withLocations(row);
  }

  /** By username; when two offline sites made the same username, the active, older one wins. */
  userByUsername(username: string): UserRow | undefined {
    const row = this.q.first(
      this.db.selectFrom('users').selectAll().where('username', '=', username).orderBy('active', 'desc').orderBy('created_at_ms', 'asc'),
    );
    return row && this.withLocations(row);
  }

  users(includeInactive: boolean): UserRow[] {
    let query = this.db.selectFrom('users').selectAll().orderBy('display_name');
    if (!includeInactive) query = query.where('active', '=', 1);
    return this.q.all(query).map((r) => this.withLocations(r));
  }

}

export function locationSummary(row: Database['locations'], homeLocationId: string | null): LocationSummary {
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    timeZone: row.time_zone,
    temperatureUnit: row.temperature_unit,
    isThisDevice: row.id === homeLocationId,
  };
}

export function userSummary(row: UserRow, lockedUntilMs: number | null): UserSummary {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    locationIds: row.locationIds,
    active: row.active === 1,
    totpEnabled: row.totp_secret !== null,
    hasPin: row.pin_hash !== null,
    lockedUntilMs,
    createdAtMs: row.created_at_ms,
  };
}
