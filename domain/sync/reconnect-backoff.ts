/**
 * How long to wait before the next attempt to reach the hub, after `failures` attempts in a row
 * failed: 1 s, 2 s, 4 s … up to 5 minutes. No jitter needed: each PC's failures start when its own
 * network or the hub went away, and a restarted hub takes a few hundred PCs easily.
 */
export const RECONNECT_MIN_MS = 1_000;
export const RECONNECT_MAX_MS = 5 * 60_000;

export function reconnectDelayMs(failures: number): number {
  if (failures <= 0) return RECONNECT_MIN_MS;
  return Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** Math.min(failures, 20));
}
