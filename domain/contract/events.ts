/** Pushes from the engine to the UI, by topic. Later features add topics here. */
export interface EventMap {
  /** The session was locked (idle time, or another window locked it). */
  'session.locked': { reason: 'idle' | 'manual' };
  /** Data changed: screens showing this entity type re-fetch. */
  'data.changed': { entityTypes: string[] };
  'backup.finished': { ok: boolean; message: string };
}

export type Topic = keyof EventMap;
