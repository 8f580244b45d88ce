// A PC's hub token ages out: when it is due, the PC trades it for a fresh one while connected, and
// keeps syncing with the new one after a restart. The old one stops working after the hub's grace.
import { describe, expect, it, vi } from 'vitest';
import { openToken, readEnrollment } from '../electron/core/sync/enrollment';
import { DEVICE_TOKEN_TTL_MS, findDeviceByToken, RETIRED_TOKEN_GRACE_MS } from '../sync-server/storage/device-tokens';
import { allSynced, enrollOrganization, hubForThisFile, restartStation, standaloneStation, status, until, type Station } from './support/hub-stations';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const DAY = 24 * 3600_000;

const hub = hubForThisFile();

function storedToken(s: Station) {
  const enrollment = readEnrollment(s.engine.context)!;
  return { token: openToken(s.engine.context, enrollment), expiresAtMs: enrollment.tokenExpiresAtMs };
}

describe("a PC's hub token", () => {
  it('is stored with the expiry the hub gave at enrolment', async () => {
    const a = await standaloneStation();
    const before = Date.now();
    await enrollOrganization(hub.hub, a);
    await until([a], allSynced(a));
    const { expiresAtMs } = storedToken(a);
    expect(expiresAtMs).toBeGreaterThanOrEqual(before + DEVICE_TOKEN_TTL_MS);
    expect(expiresAtMs).toBeLessThanOrEqual(Date.now() + DEVICE_TOKEN_TTL_MS);
  });

  it('close to its expiry is traded for a fresh one while connected; the PC syncs with it after a restart, and the old one lapses after the grace', async () => {
    let a = await standaloneStation();
    await enrollOrganization(hub.hub, a);
    await until([a], allSynced(a));
    const old = storedToken(a).token;
    // As if enrolled five months ago: a month of its token's life is left.
    const enrollment = readEnrollment(a.engine.context)!;
    a.engine.context.stationSettings.set('sync.enrollment', { ...enrollment, tokenExpiresAtMs: Date.now() + 30 * DAY });

    a = await restartStation(a);
    await until([a], () => allSynced(a)() && storedToken(a).token !== old);
    const fresh = storedToken(a);
    expect(fresh.expiresAtMs).toBeGreaterThan(Date.now() + DEVICE_TOKEN_TTL_MS - DAY);
    expect(await findDeviceByToken(hub.hub.db, fresh.token, Date.now())).not.toBeNull();
    expect(await findDeviceByToken(hub.hub.db, old, Date.now() + RETIRED_TOKEN_GRACE_MS + 1)).toBeNull();

    a = await restartStation(a);
    await until([a], allSynced(a));
    expect(status(a)).toMatchObject({ state: 'connected', lastError: null });
    expect(storedToken(a).token).toBe(fresh.token);
  });
});
