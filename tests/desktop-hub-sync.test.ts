// Two desktop engines of one restaurant, synced through a real hub on 127.0.0.1. Each engine has
// its own SQLite file and talks to the hub over its own WebSockets: nothing passes between them in
// process, which the tests prove by stopping the hub and by revoking a PC's token.
import { describe, expect, it, vi } from 'vitest';
import { logDocName, opsDocName } from '../domain/sync/doc-names';
import { ensureSensor } from '../electron/core/sensors/sensors';
import { storeReadings } from '../electron/core/readings/store-readings';
import { call, failure } from '../electron/core/testing/test-engine';
import { RawSyncClient } from '../sync-server/testing/sync-clients';
import { allSynced, enrollAnother, enrollOrganization, hubForThisFile, projected, restartStation, secondStationOf, standaloneStation, status, until, type Station } from './support/hub-stations';

const MINUTE = 60_000;

// Real PGlite and WebSockets on a machine shared with other work: generous limits, never sleeps.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

/** One hub for the file (each test enrolls its own organization); tests that stop it start it again. */
const hub = hubForThisFile();

async function addTask(s: Station, title: string) {
  const { homeLocationId } = s.engine.context.identity()!;
  return call(s.engine, 'tasks.create', { locationId: homeLocationId, title, type: 'prep' }, s.adminToken);
}

/** A logger's download at this PC: a sensor (ops document) and its readings (a fact batch in the month's log). */
function download(s: Station, serial: string, fromMs: number, count: number) {
  const sensorId = ensureSensor(s.engine.context, { deviceSerial: serial, deviceFamily: 'elitech', channel: 'internal' }, { name: `Cooler ${serial}` });
  storeReadings(s.engine.context, sensorId, 'download', Array.from({ length: count }, (_, i) => ({ atMs: fromMs + i * MINUTE, rawCentiC: 300 + (i % 50) })));
  return sensorId;
}

/** What both PCs must agree on: sensors, readings, tasks, and every PC's audit entries. */
function projections(s: Station) {
  return {
    sensors: projected(s, 'sensors', 'id'),
    readings: projected(s, 'readings', 'sensor_id, at_ms'),
    tasks: projected(s, 'tasks', 'id'),
    audit: projected(s, 'audit_entries', 'device_id, seq'),
  };
}

function converged(a: Station, b: Station) {
  return () => allSynced(a, b)() && JSON.stringify(projections(a)) === JSON.stringify(projections(b));
}

async function twoStationsSynced() {
  const a = await standaloneStation();
  await enrollOrganization(hub.hub, a);
  const b = await secondStationOf(a);
  await enrollAnother(hub.hub, b);
  await until([a, b], converged(a, b));
  return { a, b };
}

describe('desktop engines synced through the hub', () => {
  it('a standalone restaurant that enrolls keeps its data, and a second PC of the location gets all of it', async () => {
    const a = await standaloneStation();
    download(a, 'RC4-0001', Date.UTC(2026, 10, 20), 120);
    await addTask(a, 'Descale the dishwasher');
    expect(status(a)).toMatchObject({ state: 'standalone', hubUrl: null, changesWaiting: 0 });

    await enrollOrganization(hub.hub, a);
    await until([a], allSynced(a));
    expect(status(a)).toMatchObject({ state: 'connected', hubUrl: hub.url, changesWaiting: 0, lastError: null });
    expect(status(a).lastSyncedAtMs).not.toBeNull();

    const b = await secondStationOf(a);
    await enrollAnother(hub.hub, b);
    await until([a, b], converged(a, b));
    expect(projections(b).readings).toHaveLength(120);
    expect((projections(b).tasks as { title: string }[]).map((t) => t.title)).toEqual(['Descale the dishwasher']);
    // Both PCs' audit chains, on both PCs.
    const devices = new Set((projections(b).audit as { device_id: string }[]).map((e) => e.device_id));
    expect(devices).toEqual(new Set([a.engine.context.identity()!.stationId, b.engine.context.identity()!.stationId]));
  });

  it('changes made on either PC while connected reach the other and appear in its SQL (and its screens are told)', async () => {
    const { a, b } = await twoStationsSynced();
    const told: string[][] = [];
    b.engine.events.listen((topic, payload) => topic === 'data.changed' && told.push((payload as { kinds: string[] }).kinds));
    await addTask(a, 'Count the walk-in');
    download(b, 'RC4-0002', Date.UTC(2026, 10, 21), 60);
    await until([a, b], converged(a, b));
    expect((projections(b).tasks as { title: string }[]).map((t) => t.title)).toContain('Count the walk-in');
    expect(projections(a).readings).toHaveLength(60);
    expect(told.flat()).toContain('tasks');
  });

  it('with the hub down both PCs keep working offline, say so honestly, and converge once it is back', async () => {
    const { a, b } = await twoStationsSynced();
    await hub.stop();
    await until([a, b], () => status(a).state === 'offline' && status(b).state === 'offline');
    expect(status(a).offlineSinceMs).not.toBeNull();

    await addTask(a, 'Offline at A');
    download(a, 'RC4-0003', Date.UTC(2026, 10, 22), 30);
    await addTask(b, 'Offline at B');
    expect(status(a).changesWaiting).toBeGreaterThan(0);
    expect(status(b).changesWaiting).toBeGreaterThan(0);
    // Nothing passes between them while the hub is down, even on reconnect attempts.
    a.timers.fireAll();
    b.timers.fireAll();
    await until([a, b], () => status(a).state === 'offline' && status(b).state === 'offline');
    expect((projections(b).tasks as { title: string }[]).map((t) => t.title)).not.toContain('Offline at A');

    await hub.start();
    a.timers.fireAll();
    b.timers.fireAll();
    await until([a, b], converged(a, b));
    const titles = (projections(a).tasks as { title: string }[]).map((t) => t.title).sort();
    expect(titles).toEqual(['Offline at A', 'Offline at B']);
    expect(projections(b).readings).toHaveLength(30);
    expect(status(a)).toMatchObject({ state: 'connected', offlineSinceMs: null, changesWaiting: 0 });
  });

  it('a PC whose token is revoked gets nothing through and shows its changes as waiting; enrolled again, they arrive', async () => {
    const { a, b } = await twoStationsSynced();
    const { tenantId, homeLocationId } = b.engine.context.identity()!;
    const devices = await hub.hub.db.selectFrom('devices').select('id').where('tenant_id', '=', tenantId).orderBy('id').execute();
    // B's device is the one enrolled second (ids are time-ordered).
    await hub.hub.revokeDevice(tenantId, devices[1]!.id);
    await until([b], () => status(b).state === 'offline');
    await addTask(b, 'Written after revocation');
    expect(status(b).lastError).toMatch(/token/);
    // Retrying gets nothing through: the status still says why, and the next retry is scheduled.
    b.timers.fireAll();
    expect(status(b).state).toBe('connecting');
    await until([b], () => status(b).state === 'offline' && b.timers.pending() === 1);
    expect(status(b).lastError).toMatch(/token/);
    expect(status(b).changesWaiting).toBeGreaterThan(0);

    // The hub has not got it (a client of A's ops document sees the hub's state), so A cannot have it.
    const watcherCode = await (await import('../sync-server/storage/tenants')).createEnrollmentCode(hub.hub.db, tenantId, { locationId: homeLocationId, canWrite: false, nowMs: Date.now() });
    const watcherToken = (await (await import('../sync-server/storage/tenants')).enrollDevice(hub.hub.db, { code: watcherCode, deviceName: 'watcher', nowMs: Date.now() })).token;
    const watcher = await RawSyncClient.open(`${hub.hub.wsUrl}/${opsDocName(tenantId, homeLocationId)}?token=${watcherToken}`);
    await watcher.roundTrip();
    const hubTitles = Object.values(watcher.doc.getMap('tasks').toJSON()).map((t) => (t as { title: string }).title);
    watcher.close();
    expect(hubTitles).not.toContain('Written after revocation');
    expect((projections(a).tasks as { title: string }[]).map((t) => t.title)).not.toContain('Written after revocation');

    await call(b.engine, 'sync.disconnect', { confirm: true }, b.adminToken);
    await enrollAnother(hub.hub, b);
    await until([a, b], converged(a, b));
    expect((projections(a).tasks as { title: string }[]).map((t) => t.title)).toContain('Written after revocation');
  });

  it('a restarted PC keeps its enrollment, counts what the hub still lacks, and resumes', async () => {
    const { a, b } = await twoStationsSynced();
    await hub.stop();
    await until([b], () => status(b).state === 'offline');
    await addTask(b, 'Before the restart');
    const waiting = status(b).changesWaiting;
    expect(waiting).toBeGreaterThan(0);

    const b2 = await restartStation(b);
    expect(b2.statusAtOpen).toMatchObject({ hubUrl: hub.url, changesWaiting: waiting });
    await until([b2], () => status(b2).state === 'offline');
    await hub.start();
    a.timers.fireAll();
    b2.timers.fireAll();
    await until([a, b2], converged(a, b2));
    expect((projections(a).tasks as { title: string }[]).map((t) => t.title)).toContain('Before the restart');
  });

  it('a new month starts a new log document that is synced too', async () => {
    const { a, b } = await twoStationsSynced();
    const { tenantId, homeLocationId } = a.engine.context.identity()!;
    download(a, 'RC4-0009', Date.UTC(2027, 0, 3), 10);
    expect(a.engine.context.docs.isLoaded(logDocName(tenantId, homeLocationId, Date.UTC(2027, 0, 3)))).toBe(true);
    await until([a, b], converged(a, b));
    expect(projections(b).readings).toHaveLength(10);
  });
});

describe('enrolling from Settings', () => {
  it('only an organization admin may connect or disconnect the PC, and a refused call changes nothing', async () => {
    const a = await standaloneStation();
    const manager = await (await import('../electron/core/testing/test-engine')).addUser(a.engine, a.adminToken, { username: 'lm', role: 'LOCATION_MANAGER' });
    expect(await failure(a.engine, 'sync.enroll', { hubUrl: hub.url, code: 'AAAA-BBBB-CCCC' }, manager.session.token)).toBe('FORBIDDEN');
    expect(await failure(a.engine, 'sync.disconnect', { confirm: true }, manager.session.token)).toBe('FORBIDDEN');
    expect(status(a).state).toBe('standalone');
    // Everyone signed in may read the status (the shell shows it).
    expect(await call(a.engine, 'sync.status', {}, manager.session.token)).toMatchObject({ state: 'standalone' });
  });

  it('a wrong code, a code of another organization, or an unreachable hub is a sentence and nothing is stored', async () => {
    const a = await standaloneStation();
    expect(await failure(a.engine, 'sync.enroll', { hubUrl: hub.url, code: 'AAAA-BBBB-CCCC' }, a.adminToken)).toBe('ENROLLMENT_REFUSED');
    const other = await (await import('../sync-server/storage/tenants')).createTenant(hub.hub.db, { name: 'Other', locationName: 'Elsewhere', nowMs: Date.now() });
    const result = await a.engine.dispatch({ method: 'sync.enroll', input: { hubUrl: hub.url, code: other.enrollmentCode }, token: a.adminToken });
    expect(result).toMatchObject({ ok: false, error: { code: 'ENROLLMENT_REFUSED', message: expect.stringContaining(a.engine.context.identity()!.tenantId) } });
    await hub.stop();
    expect(await failure(a.engine, 'sync.enroll', { hubUrl: hub.url, code: 'AAAA-BBBB-CCCC' }, a.adminToken)).toBe('HUB_UNREACHABLE');
    expect(await failure(a.engine, 'sync.enroll', { hubUrl: 'ftp://example.com', code: 'AAAA-BBBB-CCCC' }, a.adminToken)).toBe('BAD_INPUT');
    expect(status(a)).toMatchObject({ state: 'standalone', hubUrl: null });
  });

  it('enrolling and disconnecting are HIGH audit entries, and the token is stored sealed', async () => {
    const a = await standaloneStation();
    await enrollOrganization(hub.hub, a);
    const stored = a.engine.context.sqlite.prepare("SELECT value FROM device_settings WHERE key = 'sync.enrollment'").pluck().get() as string;
    expect(JSON.parse(stored).sealedToken).toMatch(/^v1:/);
    const tokenHash = (await hub.hub.db.selectFrom('devices').select('token_hash').executeTakeFirstOrThrow()).token_hash;
    expect(stored).not.toContain(tokenHash);
    await call(a.engine, 'sync.disconnect', { confirm: true }, a.adminToken);
    const entries = a.engine.context.sqlite.prepare("SELECT action, risk FROM audit_entries WHERE action LIKE 'sync.%' ORDER BY seq").all();
    expect(entries).toEqual([
      { action: 'sync.enroll', risk: 'HIGH' },
      { action: 'sync.disconnect', risk: 'HIGH' },
    ]);
    expect(status(a)).toMatchObject({ state: 'standalone', hubUrl: null });
  });
});

describe('disconnecting', () => {
  it('a disconnected PC holds no link to the hub: the other PC’s later changes do not reach it', async () => {
    const { a, b } = await twoStationsSynced();
    await call(b.engine, 'sync.disconnect', { confirm: true }, b.adminToken);
    await addTask(a, 'After B left');
    await until([a], allSynced(a));
    // A client that connects after A's task was stored gets it: by then the hub has relayed it to every link still open.
    const { tenantId, homeLocationId } = a.engine.context.identity()!;
    const tenants = await import('../sync-server/storage/tenants');
    const code = await tenants.createEnrollmentCode(hub.hub.db, tenantId, { locationId: homeLocationId, canWrite: false, nowMs: Date.now() });
    const { token } = await tenants.enrollDevice(hub.hub.db, { code, deviceName: 'watcher', nowMs: Date.now() });
    const watcher = await RawSyncClient.open(`${hub.hub.wsUrl}/${opsDocName(tenantId, homeLocationId)}?token=${token}`);
    await watcher.roundTrip();
    watcher.close();
    expect(Object.values(watcher.doc.getMap('tasks').toJSON()).map((t) => (t as { title: string }).title)).toContain('After B left');
    expect((projections(b).tasks as { title: string }[]).map((t) => t.title)).not.toContain('After B left');
  });
});
