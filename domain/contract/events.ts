/** Pushes from the engine to the UI, by topic. Later features add topics here. */
export interface EventMap {
  /** The session was locked (idle time, or another window locked it). */
  'session.locked': { reason: 'idle' | 'manual' };
  /** Data changed: screens showing this entity type re-fetch. */
  'data.changed': { entityTypes: string[] };
  'backup.finished': { ok: boolean; message: string };
  /** A device was plugged, identified, unplugged, failed, or finished a download. */
  'devices.changed': { deviceId: string | null; message: string | null };
  'devices.progress': { deviceId: string; done: number; total: number; etaMs: number | null };
  /** New readings were stored (live poll, download, manual entry). */
  'readings.stored': { sensorIds: string[] };
  /** A live sensor missed three polls in a row (the HACCP alarms listen to this), or is back. */
  'sensors.online': { sensorId: string; online: boolean; message: string | null };
}

export type Topic = keyof EventMap;
