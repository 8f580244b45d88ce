import type { Permission } from '../auth/permissions';

/**
 * The kinds of data that change, named for the screens that show them. A screen lists the kinds
 * it shows and fetches again when a `data.changed` names one of them; the engine says which kinds
 * each change touched (a projection, a backup, this PC's settings, the devices).
 */
export const ENTITY_KINDS = [
  /** People: accounts, roles, granted locations (also the audit log's list of actors). */
  'users',
  'locations',
  /** Settings shown on the Settings screen: the organization's and this PC's. */
  'settings',
  /** The organization's name and id. */
  'organization',
  /** Sensors: names, assignment, calibration in force, whether a live one answers. */
  'sensors',
  'readings',
  /** The calibration history of sensors. */
  'calibrations',
  'audit',
  /** The backups in the folder and the last backup's result. */
  'backups',
  /** The devices plugged into this PC and what each is doing. */
  'devices',
  /** Tasks of the locations: created, assigned, moved on, done, deleted. */
  'tasks',
  /** Checklist templates, completions and sign-offs. */
  'checklists',
  /** Cooling and reheating logs. */
  'cooling',
  /** HACCP's monitored units: limits, alarm delays, their sensors. */
  'haccpUnits',
  /** Alerts: raised, acknowledged, escalated, closed. */
  'alerts',
  /** The inventory catalog: items and suppliers. */
  'inventoryItems',
  /** Stock movements and the balances, lots and transfers they sum to. */
  'stock',
  /** Stock counts in progress and done. */
  'stockCounts',
  /** Corrective actions for excursions, their amendments and sign-offs. */
  'correctiveActions',
  /** This PC's link to the hub: connected or not, changes waiting, last synced. */
  'sync',
] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export function isEntityKind(value: unknown): value is EntityKind {
  return typeof value === 'string' && (ENTITY_KINDS as readonly string[]).includes(value);
}

/**
 * The kinds of a `data.changed` payload as it arrives over the wire: an engine newer than this
 * window may name kinds it does not know, which are dropped rather than trusted.
 */
export function entityKindsOf(payload: unknown): EntityKind[] {
  const kinds = payload && typeof payload === 'object' ? (payload as { kinds?: unknown }).kinds : undefined;
  return Array.isArray(kinds) ? kinds.filter(isEntityKind) : [];
}

/** Pushes from the engine to the UI, by topic. Later features add topics here. */
export interface EventMap {
  /** The session was locked (idle time, or another window locked it). */
  'session.locked': { reason: 'idle' | 'manual' };
  /** Data changed: screens showing any of these kinds fetch again. */
  'data.changed': { kinds: EntityKind[] };
  'backup.finished': { ok: boolean; message: string };
  /** A device was plugged, identified, unplugged, failed, or finished a download. */
  'devices.changed': { deviceId: string | null; message: string | null };
  'devices.progress': { deviceId: string; done: number; total: number; etaMs: number | null };
  /** New readings were stored (live poll, download, manual entry). */
  'readings.stored': { sensorIds: string[] };
  /** A live sensor missed three polls in a row (the HACCP alarms listen to this), or is back. */
  'sensors.online': { sensorId: string; online: boolean; message: string | null };
  /** A new alert (the OS or browser notification shows it), or one escalated to the location's managers. */
  'alerts.raised': { alertId: string; severity: 'info' | 'warning' | 'critical'; title: string; detail: string; escalated: boolean };
}

export type Topic = keyof EventMap;

/**
 * Who may receive a broadcast of each topic: any signed-in session, or a session whose role holds
 * the permission named. Nobody receives anything before signing in: a window showing the sign-in
 * screen learns nothing of backups (their file paths), devices or data.
 */
export const EVENT_ACCESS: { [T in Topic]: Permission | 'signedIn' } = {
  /** Sent to the one session it is about. */
  'session.locked': 'signedIn',
  /** Carries only the kinds of data that changed; each screen's own call is checked when it fetches. */
  'data.changed': 'signedIn',
  'backup.finished': 'backup.manage',
  'devices.changed': 'devices.view',
  'devices.progress': 'devices.view',
  'readings.stored': 'devices.view',
  'sensors.online': 'devices.view',
  'alerts.raised': 'haccp.view',
};
