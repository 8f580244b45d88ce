import * as Y from 'yjs';
import type { Kysely } from 'kysely';
import type { LocationSummary } from '../../../domain/contract/locations';
import type { UserSummary } from '../../../domain/contract/users';
import {
  CREDENTIALS_MAP,
  DIRECTORY_MAPS,
  SECRET_USER_FIELDS,
  organizationSettings,
  type LocationRecord,
  type NewUserRecord,
  type OrganizationSettings,
  type UserWithCredentials,
} from '../../../domain/directory/records';
import type { UserCredentialsRow } from '../../../domain/directory/rows';
import { credentialsDocName, directoryDocName } from '../../../domain/sync/doc-names';
import type { Role } from '../../../domain/auth/roles';
import type { Database } from '../db/schema';
import type { SyncQuery } from '../db/sync-query';
import type { DocStore } from '../sync/doc-store';

/** A user as the engine reads one: the directory's row, the secrets this PC holds (null: none), the grants. */
export type UserRow = Database['users'] & Omit<UserCredentialsRow, 'user_id'> & { locationIds: string[] };

const SECRETS = new Set<string>(SECRET_USER_FIELDS);

/** A user's fields split between the directory record and the credentials document. */
function splitSecrets(fields: Record<string, unknown>): { open: Record<string, unknown>; secret: Record<string, unknown> } {
  const open: Record<string, unknown> = {};
  const secret: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) (SECRETS.has(k) ? secret : open)[k] = v;
  return { open, secret };
}

/**
 * Reads and writes of the organization directory. Writes go into the `<tenant>/directory`
 * document (one Y.Map per record, last writer wins per field), a user's secrets into that user's
 * `<tenant>/credentials/<userId>` document; reads come from the SQL projections of both.
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
    const { open, secret } = splitSecrets(record);
    this.docs.transaction(() => {
      this.docs.change(this.docName, (doc) => {
        doc.getMap(DIRECTORY_MAPS.users).set(id, new Y.Map(Object.entries(open)));
      });
      this.putSecrets(id, secret);
    });
  }

  updateUser(id: string, fields: Partial<UserWithCredentials>): void {
    const { open, secret } = splitSecrets(fields);
    this.docs.transaction(() => {
      if (Object.keys(open).length > 0 || Object.keys(secret).length === 0) this.updateRecord(DIRECTORY_MAPS.users, id, open);
      if (Object.keys(secret).length > 0) this.putSecrets(id, secret);
    });
  }

  /** Field by field, so that a PIN set at one PC and a password changed at another both stay. */
  private putSecrets(id: string, secret: Record<string, unknown>): void {
    if (Object.keys(secret).length === 0) return;
    this.docs.change(credentialsDocName(this.tenantId(), id), (doc) => {
      const map = doc.getMap(CREDENTIALS_MAP);
      for (const [k, v] of Object.entries(secret)) map.set(k, v);
    });
  }

  /**
   * Older versions kept the secrets in the directory's user records. Moves them to each user's
   * credentials document (where that does not hold the field already) and deletes them from the
   * directory; the caller compacts the directory so its stored updates no longer hold them either.
   * Returns how many users' records were cleaned.
   */
  moveSecretsOutOfDirectory(): number {
    const users = this.docs.get(this.docName).getMap(DIRECTORY_MAPS.users);
    const holding = [...users.entries()].filter(([, r]) => r instanceof Y.Map && SECRET_USER_FIELDS.some((f) => r.has(f))) as [string, Y.Map<unknown>][];
    if (holding.length === 0) return 0;
    this.docs.transaction(() => {
      for (const [id, record] of holding) {
        const credentials = this.docs.get(credentialsDocName(this.tenantId(), id)).getMap(CREDENTIALS_MAP);
        const secret = Object.fromEntries(SECRET_USER_FIELDS.filter((f) => record.has(f) && !credentials.has(f)).map((f) => [f, record.get(f)]));
        this.putSecrets(id, secret);
      }
      this.docs.change(this.docName, () => {
        for (const [, record] of holding) for (const f of SECRET_USER_FIELDS) record.delete(f);
      });
    });
    return holding.length;
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

  private withLocations(row: UserRowWithoutGrants): UserRow {
    const locationIds = this.q
      .all(this.db.selectFrom('user_locations').select('location_id').where('user_id', '=', row.id).orderBy('location_id'))
      .map((r) => r.location_id);
    return { ...row, totp_backup_code_hashes: row.totp_backup_code_hashes ?? '[]', locationIds };
  }

  /** The users table with each user's secrets, where this PC holds them. */
  private usersWithSecrets() {
    return this.db
      .selectFrom('users')
      .leftJoin('user_credentials', 'user_credentials.user_id', 'users.id')
      .selectAll('users')
      .select(['user_credentials.password_hash', 'user_credentials.pin_hash', 'user_credentials.totp_secret', 'user_credentials.totp_backup_code_hashes']);
  }

  user(id: string): UserRow | undefined {
    const row = this.q.first(this.usersWithSecrets().where('users.id', '=', id));
    return row && this.withLocations(row);
  }

  /** By username; when two offline sites made the same username, the active, older one wins. */
  userByUsername(username: string): UserRow | undefined {
    const row = this.q.first(
      this.usersWithSecrets().where('users.username', '=', username).orderBy('users.active', 'desc').orderBy('users.created_at_ms', 'asc'),
    );
    return row && this.withLocations(row);
  }

  users(includeInactive: boolean): UserRow[] {
    let query = this.usersWithSecrets().orderBy('users.display_name');
    if (!includeInactive) query = query.where('users.active', '=', 1);
    return this.q.all(query).map((r) => this.withLocations(r));
  }

}

type UserRowWithoutGrants = Database['users'] & Omit<UserCredentialsRow, 'user_id' | 'totp_backup_code_hashes'> & { totp_backup_code_hashes: string | null };

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
