import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOCKOUT_AFTER_FAILURES } from '../../../domain/auth/password-policy';
import type { EntityKind, EventMap } from '../../../domain/contract/events';
import { backupStatus } from '../backup/backup-service';
import type { Engine } from '../engine';
import { storeReadings } from '../readings/store-readings';
import { ensureSensor } from '../sensors/sensors';
import { addUser, auditActions, call, closeTestEngines, freshSetUpEngine, openTestEngine, setUpOrganization, tempDataDir } from '../testing/test-engine';

afterEach(() => {
  vi.useRealTimers();
  closeTestEngines();
});

/** Every `data.changed` the engine pushes from now on, one list of kinds per push. */
function recordChanges(engine: Engine): EntityKind[][] {
  const pushes: EntityKind[][] = [];
  engine.events.listen((topic, payload) => {
    if (topic === 'data.changed') pushes.push((payload as EventMap['data.changed']).kinds);
  });
  return pushes;
}

const kindsIn = (pushes: EntityKind[][]) => new Set(pushes.flat());

describe('data.changed names the kinds of data each change touched', () => {
  it('a new user is a change of users, and of the audit log that records it', async () => {
    const { engine, admin } = await freshSetUpEngine();
    const pushes = recordChanges(engine);
    await call(engine, 'users.create', { username: 'bob', displayName: 'Bob', role: 'STAFF', locationIds: [engine.context.identity()!.homeLocationId], password: 'plum tree orchard 42' }, admin.token);
    expect(kindsIn(pushes)).toEqual(new Set(['users', 'audit']));
  });

  it('a location, and the organization’s settings, each name their own kind', async () => {
    const { engine, admin } = await freshSetUpEngine();
    const pushes = recordChanges(engine);
    await call(engine, 'locations.create', { name: 'Uptown', address: '2 Side St', timeZone: 'America/Chicago', temperatureUnit: 'F' }, admin.token);
    expect(kindsIn(pushes)).toEqual(new Set(['locations', 'audit']));
    pushes.length = 0;
    await call(engine, 'settings.update', { idleLockMinutes: 20 }, admin.token);
    expect(kindsIn(pushes)).toEqual(new Set(['settings', 'audit']));
  });

  it('settings of this PC, kept outside the documents, are announced too; the backup folder also changes the backup list', async () => {
    const { engine, admin, dir } = await freshSetUpEngine();
    const pushes = recordChanges(engine);
    await call(engine, 'settings.update', { autoDownloadLoggers: false }, admin.token);
    expect(pushes).toContainEqual(['settings']);
    expect(kindsIn(pushes).has('backups')).toBe(false);
    pushes.length = 0;
    await call(engine, 'settings.update', { backupFolder: join(dir, 'elsewhere') }, admin.token);
    expect(pushes).toContainEqual(['settings', 'backups']);
  });

  it('sensors, their readings and their calibrations are three kinds', async () => {
    const { engine, admin } = await freshSetUpEngine();
    const ctx = engine.context;
    const pushes = recordChanges(engine);
    const sensorId = ensureSensor(ctx, { deviceSerial: 'RC4-0001', deviceFamily: 'elitech', channel: 'internal' }, { name: 'Walk-in cooler' });
    expect(pushes).toEqual([['sensors']]);
    pushes.length = 0;
    storeReadings(ctx, sensorId, 'download', [{ atMs: Date.UTC(2026, 0, 1), rawCentiC: 300 }]);
    expect(kindsIn(pushes).has('readings')).toBe(true);
    expect(kindsIn(pushes).has('calibrations')).toBe(false);
    pushes.length = 0;
    await call(engine, 'sensors.calibrate', { sensorId, offsetCentiC: -50, dueMs: null, note: 'ice bath check' }, admin.token);
    expect(kindsIn(pushes)).toEqual(new Set(['sensors', 'calibrations', 'audit']));
  });

  it('a user locked out by failed sign-ins is a change of users: the Users screen shows the lock', async () => {
    const { engine, admin } = await freshSetUpEngine();
    await addUser(engine, admin.token, { username: 'carol', role: 'STAFF' });
    const pushes = recordChanges(engine);
    for (let i = 0; i < LOCKOUT_AFTER_FAILURES; i++) {
      await engine.dispatch({ method: 'auth.signIn', input: { username: 'carol', password: 'not her password' }, token: null });
    }
    expect(kindsIn(pushes).has('users')).toBe(true);
    expect((await call(engine, 'users.list', { includeInactive: false }, admin.token)).find((u) => u.username === 'carol')?.lockedUntilMs).not.toBeNull();
  });

  it('a backup, made by hand or failing, is a change of backups', async () => {
    const { engine, admin, dir } = await freshSetUpEngine();
    const pushes = recordChanges(engine);
    await call(engine, 'backup.now', {}, admin.token);
    expect(pushes).toContainEqual(['backups']);

    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, 'a file where the folder should be');
    // Saved before folders were checked when chosen: the backup itself fails.
    engine.context.stationSettings.set('backupFolder', join(blocker, 'backups'));
    pushes.length = 0;
    expect((await engine.dispatch({ method: 'backup.now', input: {}, token: admin.token })).ok).toBe(false);
    expect(pushes).toEqual([['backups']]);
  });
});

describe('the daily backup', () => {
  it('runs on its own timer and tells the screens the backups changed, so the Home tile shows it', async () => {
    // Set up with real timers (sign-in delays use them), then start again with the engine's timers on.
    const temp = tempDataDir();
    const first = await openTestEngine({ dataDir: temp.dir });
    await setUpOrganization(first);
    first.close();

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const engine = await openTestEngine({ dataDir: temp.dir, timers: true, devices: false });
    try {
      // The backup is announced when it is written, then audited as the system's own action.
      const seen: EntityKind[] = [];
      const backedUpAndAudited = new Promise<void>((resolve) =>
        engine.events.listen((topic, payload) => {
          if (topic !== 'data.changed') return;
          seen.push(...(payload as EventMap['data.changed']).kinds);
          if (seen.includes('backups') && seen.lastIndexOf('audit') > seen.indexOf('backups')) resolve();
        }),
      );
      expect((await backupStatus(engine.context)).lastSuccessAtMs).toBeNull();
      vi.advanceTimersByTime(60_000);
      await backedUpAndAudited;
      expect((await backupStatus(engine.context)).lastSuccessAtMs).not.toBeNull();
      expect(auditActions(engine).at(-1)).toMatchObject({ action: 'backup.create', summary: expect.stringMatching(/^Daily backup to /) });
    } finally {
      engine.close();
      temp.cleanup();
    }
  });
});
