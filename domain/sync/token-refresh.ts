/**
 * When a PC trades its hub token for a fresh one: well before it expires (the hub's tokens last
 * 180 days), so a PC that is off for weeks still comes back with a working token. A hub that did
 * not say when the token expires is taken to use the same lifetime, counted from enrolment.
 */
export const TOKEN_LIFETIME_ASSUMED_MS = 180 * 24 * 3600_000;
export const REFRESH_BEFORE_EXPIRY_MS = 90 * 24 * 3600_000;

export function tokenRefreshDue(enrollment: { enrolledAtMs: number; tokenExpiresAtMs?: number | null }, nowMs: number): boolean {
  const expiresAtMs = enrollment.tokenExpiresAtMs ?? enrollment.enrolledAtMs + TOKEN_LIFETIME_ASSUMED_MS;
  return expiresAtMs - nowMs <= REFRESH_BEFORE_EXPIRY_MS;
}
