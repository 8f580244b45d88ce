// What a PC other than the organization's main one may change in the directory. Every
// write-enabled PC of an organization writes the directory (a user or catalog item made there must
// reach the other PCs), but only the main PC (enrolled with the code `tenant create` printed)
// changes what holds for the whole organization. The hub checks every update against this rule
// (sync-server/sync/directory-guard.ts) and the engine refuses up front what the hub would refuse.
import { ROLES, seesAllLocations, type Role } from '../auth/roles';
import { DIRECTORY_MAPS, SECRET_USER_FIELDS } from './records';

/** The directory's maps as plain values (Y.Map#toJSON), by map name. */
export type DirectoryJson = Record<string, Record<string, unknown>>;

export const MAIN_PC_ONLY =
  "Locations, the organization's name and its organization-wide settings (sign-in rules, record keeping) are changed on the organization's main PC (the one enrolled when the organization was created at the hub) or on the hub's admin API.";

export const OTHER_LOCATIONS_USER =
  "On this PC you can add and change only users who work at this PC's location alone; organization admins, auditors and users of other locations are changed on the organization's main PC.";

/** The organization-wide maps: any change is the main PC's. */
const MAIN_PC_MAPS = [DIRECTORY_MAPS.organization, DIRECTORY_MAPS.locations, DIRECTORY_MAPS.settings];

/** A user's own display preferences, which any PC may change for any user (My account). */
const PREFERENCE_FIELDS = new Set(['temperatureUnit', 'clock', 'dateStyle']);
const SECRETS = new Set<string>(SECRET_USER_FIELDS);

/**
 * Why a PC confined to `locationId` may not turn the directory `before` into `after`, or null.
 * Catalog maps are open to every PC; users only where both the old record (if any) and the new one
 * (if any) work at that location alone, in a role that does not span the organization.
 */
export function refusalOfScopedDirectoryChange(before: DirectoryJson, after: DirectoryJson, locationId: string): string | null {
  for (const map of MAIN_PC_MAPS) {
    if (changedKeys(before[map] ?? {}, after[map] ?? {}).length > 0) return MAIN_PC_ONLY;
  }
  const usersBefore = before[DIRECTORY_MAPS.users] ?? {};
  const usersAfter = after[DIRECTORY_MAPS.users] ?? {};
  for (const id of changedKeys(usersBefore, usersAfter, withoutSecrets)) {
    const old = usersBefore[id];
    const now = usersAfter[id];
    if (old !== undefined && now !== undefined && onlyPreferencesChanged(old, now)) continue;
    if (old !== undefined && !worksHereAlone(old, locationId)) return OTHER_LOCATIONS_USER;
    if (now !== undefined && !worksHereAlone(now, locationId)) return OTHER_LOCATIONS_USER;
  }
  return null;
}

/** A user record the PC of `locationId` may hold in its hands: a location role, granted that location and no other. */
export function worksHereAlone(record: unknown, locationId: string): boolean {
  if (record === null || typeof record !== 'object') return false;
  const { role, locationIds } = record as { role?: unknown; locationIds?: unknown };
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role) || seesAllLocations(role as Role)) return false;
  return Array.isArray(locationIds) && locationIds.every((id) => id === locationId);
}

function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>, view: (v: unknown) => unknown = (v) => v): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => canonical(view(before[k])) !== canonical(view(after[k])));
}

/** JSON with object keys sorted: two PCs' copies of a record may list its fields in another order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** Secret fields are moved out of the directory by the engine itself (never into it: the hub refuses that). */
function withoutSecrets(record: unknown): unknown {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) return record;
  return Object.fromEntries(Object.entries(record).filter(([k]) => !SECRETS.has(k)));
}

function onlyPreferencesChanged(old: unknown, now: unknown): boolean {
  if (old === null || typeof old !== 'object' || now === null || typeof now !== 'object') return false;
  const a = withoutSecrets(old) as Record<string, unknown>;
  const b = withoutSecrets(now) as Record<string, unknown>;
  return changedKeys(a, b).every((k) => PREFERENCE_FIELDS.has(k));
}
