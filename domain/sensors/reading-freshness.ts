/**
 * How current a sensor's last reading is, in words: Home and the sensors table must never show
 * an old value as if it were now (a disconnected probe's 39.2 °F with no time looked current).
 */

/** A live sensor's reading is stale after three missed polls, but never sooner than this. */
export const MIN_STALE_AFTER_MS = 15 * 60_000;

export interface FreshnessInput {
  /** Loggers record on their own and are read when downloaded; live sensors are polled. */
  logger: boolean;
  intervalS: number;
  /** Live sensors: false after three missed polls in a row; null when not known. */
  online: boolean | null;
  lastReading: { atMs: number } | null;
}

export type ReadingFreshness =
  | { state: 'none' }
  | { state: 'offline' | 'stale' | 'current' | 'downloaded'; ageMs: number; atMs: number };

export function staleAfterMs(intervalS: number): number {
  return Math.max(3 * intervalS * 1000, MIN_STALE_AFTER_MS);
}

export function readingFreshness(sensor: FreshnessInput, nowMs: number): ReadingFreshness {
  if (!sensor.lastReading) return { state: 'none' };
  const atMs = sensor.lastReading.atMs;
  const ageMs = Math.max(0, nowMs - atMs);
  if (sensor.logger) return { state: 'downloaded', ageMs, atMs };
  if (sensor.online === false) return { state: 'offline', ageMs, atMs };
  if (ageMs > staleAfterMs(sensor.intervalS)) return { state: 'stale', ageMs, atMs };
  return { state: 'current', ageMs, atMs };
}

/** "just now", "2 min", "3 h", "2 days": rounded down, so a value is never made to look newer. */
export function describeAge(ageMs: number): string {
  const minutes = Math.floor(ageMs / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}

/** "2 min ago", "Offline · 3 h ago", "No reading for 3 h", "downloaded 12 min ago", "No reading yet". */
export function freshnessText(freshness: ReadingFreshness): string {
  if (freshness.state === 'none') return 'No reading yet';
  const ago = freshness.ageMs < 60_000 ? 'just now' : `${describeAge(freshness.ageMs)} ago`;
  switch (freshness.state) {
    case 'downloaded':
      return `downloaded ${ago}`;
    case 'offline':
      return `Offline · last reading ${ago}`;
    case 'stale':
      return `No reading for ${describeAge(freshness.ageMs)}`;
    case 'current':
      return ago;
  }
}
