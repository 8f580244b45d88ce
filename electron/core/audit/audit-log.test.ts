import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ACTION_WORDS, actionCategory } from '../../../domain/audit/action-words';
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { storeReadings } from '../readings/store-readings';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../domain/audit/entry';
import { contract, type MethodName, type SessionInfo } from '../../../domain/contract';
import { currentTotp } from '../auth/totp';
import { ElitechSimulator } from '../devices/simulators/elitech-simulator';
import { ModbusBusSimulator } from '../devices/simulators/modbus-simulator';
import { SimulatedDeviceAccess } from '../devices/simulators/simulated-device-access';
import { ensureSensor } from '../sensors/sensors';
import { raiseAlert } from '../alerts/alerts';
import { DB_FILE_NAME, type Engine } from '../engine';
import { settle, useDeviceClock } from '../testing/device-clock';
import { deviceReady } from '../testing/devices-engine';
import {
  TEST_ADMIN,
  TEST_PASSWORD,
  addUser,
  auditActions,
  call,
  openTestEngine,
  rowCount,
  setUpOrganization,
  tempDataDir,
  testClock,
  startDevices,
} from '../testing/test-engine';
import { recordFailure } from '../auth/lockout';
import { COLD_ON_RECEIPT, MILK, addItem } from '../inventory/inventory-fixture';

const REPO = resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);

let dir: string;
let engine: Engine;
let clock: ReturnType<typeof testClock>;
let admin: SessionInfo;
let cleanup: () => void;
beforeEach(async () => {
  const temp = tempDataDir();
  dir = temp.dir;
  cleanup = temp.cleanup;
  clock = testClock();
  engine = await openTestEngine({ dataDir: dir, now: clock.now });
  admin = await setUpOrganization(engine);
});
afterEach(() => {
  engine.close();
  cleanup();
});

/** Opens the database file as anyone holding it could: no engine, no triggers respected. */
async function tamper(sql: string): Promise<void> {
  engine.close();
  const raw = new BetterSqlite3(join(dir, DB_FILE_NAME));
  raw.exec(sql);
  raw.close();
  engine = await openTestEngine({ dataDir: dir, now: clock.now });
  admin = await call(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password });
}

async function makeSomeHistory(): Promise<void> {
  for (const name of ['ann', 'bob', 'cid']) await addUser(engine, admin.token, { username: name, role: 'STAFF' });
  await call(engine, 'settings.update', { idleLockMinutes: 15 }, admin.token);
}

describe('every change leaves an audit entry', () => {
  // The device methods below run on the fake device clock: no identify deadline to race.
  useDeviceClock();
  /** Device time for a device call: a short logger download, or a probe change queued behind a poll. */
  const DEVICE_CALL_WITHIN_MS = 60_000;

  it('each mutation method of the contract, run successfully, appends an entry naming it', async () => {
    const staff = await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    let backupPath = '';
    let unitId = '';
    let pinToken = '';
    let secret = '';
    let taskId = '';
    const checklist = { templateId: '', recordId: '', coolingId: '' };
    const sensorId = ensureSensor(engine.context, { deviceSerial: 'T-1', deviceFamily: 'temper', channel: 'internal' }, { name: 'Walk-in' });
    const devices = new SimulatedDeviceAccess();
    const logger = new ElitechSimulator({ recordsTenths: [10, 20, 30] });
    const bus = new ModbusBusSimulator({ serialNumber: 'RS485-AUDIT', probes: [{ address: 1 }, { address: 2 }] });
    devices.plug(logger);
    devices.plug(bus);
    engine.context.stationSettings.set('autoDownloadLoggers', false);
    await startDevices(engine, { access: devices });
    const ready = (deviceId: string) => deviceReady(engine, admin.token, deviceId);
    // One successful call per mutation; each entry lists the audit action(s) it must leave.
    const scenarios: Record<string, [string, () => Promise<unknown>]> = {
      'setup.create': ['setup.create', async () => undefined],
      'auth.signIn': ['auth.signIn', () => call(engine, 'auth.signIn', { username: 'sam', password: TEST_PASSWORD })],
      'account.setPin': ['account.setPin', () => call(engine, 'account.setPin', { currentPassword: TEST_PASSWORD, pin: '4711' }, staff.session.token)],
      'auth.signInWithPin': ['auth.signInWithPin', async () => (pinToken = (await call(engine, 'auth.signInWithPin', { username: 'sam', pin: '4711' })).token)],
      'auth.unlock': ['auth.unlock', async () => (await call(engine, 'auth.lock', {}, pinToken), call(engine, 'auth.unlock', { pin: '4711' }, pinToken))],
      'auth.signOut': ['auth.signOut', () => call(engine, 'auth.signOut', {}, pinToken)],
      'account.changePassword': ['account.changePassword', () => call(engine, 'account.changePassword', { currentPassword: TEST_PASSWORD, newPassword: 'new staff passphrase' }, staff.session.token)],
      'account.setPreferences': ['account.setPreferences', () => call(engine, 'account.setPreferences', { temperatureUnit: 'C' }, staff.session.token)],
      'account.confirmTotp': ['account.enableTotp', async () => {
        secret = (await call(engine, 'account.beginTotp', { currentPassword: 'new staff passphrase' }, staff.session.token)).secretBase32;
        return call(engine, 'account.confirmTotp', { code: currentTotp(secret, clock.now()) }, staff.session.token);
      }],
      'account.disableTotp': ['account.disableTotp', () => call(engine, 'account.disableTotp', { currentPassword: 'new staff passphrase', totpCode: currentTotp(secret, clock.now() + 30_000) }, staff.session.token)],
      // Sam sets two-factor up again and loses his phone: an administrator turns it off.
      'users.resetTotp': ['users.resetTotp', async () => {
        clock.advance(60_000);
        const again = (await call(engine, 'account.beginTotp', { currentPassword: 'new staff passphrase' }, staff.session.token)).secretBase32;
        await call(engine, 'account.confirmTotp', { code: currentTotp(again, clock.now() + 30_000) }, staff.session.token);
        return call(engine, 'users.resetTotp', { userId: staff.user.id }, admin.token);
      }],
      'users.create': ['users.create', () => call(engine, 'users.create', { username: 'kim', displayName: 'Kim', role: 'STAFF', locationIds: admin.user.locationIds, password: TEST_PASSWORD }, admin.token)],
      'users.update': ['users.update', () => call(engine, 'users.update', { userId: staff.user.id, displayName: 'Samuel' }, admin.token)],
      'users.setActive': ['users.deactivate', () => call(engine, 'users.setActive', { userId: staff.user.id, active: false }, admin.token)],
      'users.resetPassword': ['users.resetPassword', () => call(engine, 'users.resetPassword', { userId: staff.user.id, newPassword: 'reset by the admin' }, admin.token)],
      'users.unlock': ['users.unlock', async () => {
        // Five wrong guesses lock Sam out (counted directly: the devices' fake clock runs meanwhile).
        for (let i = 1; i <= 5; i++) recordFailure(engine.context, 'sam');
        return call(engine, 'users.unlock', { userId: staff.user.id }, admin.token);
      }],
      'locations.create': ['locations.create', () => call(engine, 'locations.create', { name: 'Uptown', address: '', timeZone: 'UTC', temperatureUnit: 'C' }, admin.token)],
      'locations.update': ['locations.update', () => call(engine, 'locations.update', { locationId: admin.user.locationIds[0]!, name: 'Downtown West', address: '', timeZone: 'America/New_York', temperatureUnit: 'F' }, admin.token)],
      'settings.update': ['settings.update', () => call(engine, 'settings.update', { backupKeep: 3 }, admin.token)],
      'sensors.update': ['sensors.update', () => call(engine, 'sensors.update', { sensorId, name: 'Walk-in cooler' }, admin.token)],
      'sensors.calibrate': ['sensors.calibrate', () => call(engine, 'sensors.calibrate', { sensorId, offsetCentiC: -20, dueMs: null, note: '' }, admin.token)],
      'devices.download': ['devices.download', async () => {
        await ready(logger.path);
        return settle(call(engine, 'devices.download', { deviceId: logger.path }, admin.token), DEVICE_CALL_WITHIN_MS);
      }],
      'devices.setProbes': ['devices.setProbes', async () => {
        await ready(bus.path);
        return settle(call(engine, 'devices.setProbes', { deviceId: bus.path, probes: [{ address: 1, map: 'xy-md02' }, { address: 2, map: 'xy-md02' }] }, admin.token), DEVICE_CALL_WITHIN_MS);
      }],
      'devices.changeProbeAddress': ['devices.changeProbeAddress', () => settle(call(engine, 'devices.changeProbeAddress', { deviceId: bus.path, address: 2, newAddress: 3 }, admin.token), DEVICE_CALL_WITHIN_MS)],
      'tasks.create': ['tasks.create', async () => (taskId = (await call(engine, 'tasks.create', { locationId: admin.user.locationIds[0]!, title: 'Clean the fryer', type: 'cleaning', assignee: { role: 'STAFF' } }, admin.token)).id)],
      'tasks.update': ['tasks.update', () => call(engine, 'tasks.update', { taskId, priority: 'high' }, admin.token)],
      'tasks.setStatus': ['tasks.setStatus', () => call(engine, 'tasks.setStatus', { taskId, status: 'done' }, admin.token)],
      'tasks.delete': ['tasks.delete', () => call(engine, 'tasks.delete', { taskId }, admin.token)],
      'readings.import': ['sensors.importReadings', () => call(engine, 'readings.import', { text: 'time,temperature_c\n2026-01-15T08:00:00Z,3.5\n', sensorName: 'Prep fridge' }, admin.token)],
      'haccp.addUnit': ['haccp.addUnit', async () => (unitId = (await call(engine, 'haccp.addUnit', { name: 'Walk-in', type: 'walk-in-cooler' }, admin.token)).id)],
      'haccp.updateUnit': ['haccp.updateUnit', () => call(engine, 'haccp.updateUnit', { unitId, alarmDelayMin: 15 }, admin.token)],
      'haccp.assignSensor': ['haccp.assignSensor', () => call(engine, 'haccp.assignSensor', { sensorId, unitId }, admin.token)],
      'haccp.recordReading': ['haccp.recordReading', () => call(engine, 'haccp.recordReading', { unitId, tempCentiC: 350 }, admin.token)],
      'alerts.acknowledge': ['alerts.acknowledge', () => {
        const { alertId } = raiseAlert(engine.context, { locationId: admin.user.locationIds[0]!, kind: 'lowStock', subjectId: 'flour', occurrence: '', severity: 'warning', title: 'Low stock: flour', detail: '' });
        return call(engine, 'alerts.acknowledge', { alertId }, admin.token);
      }],
      'alerts.setEscalation': ['alerts.setEscalation', () => call(engine, 'alerts.setEscalation', { escalateAfterMin: 30 }, admin.token)],
      'backup.now': ['backup.create', async () => (backupPath = (await call(engine, 'backup.now', {}, admin.token)).path)],
      'backup.restore': ['backup.restore', async () => {
        const result = await call(engine, 'backup.restore', { path: backupPath, confirm: true }, admin.token);
        admin = await call(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password });
        return result;
      }],
      'checklists.saveTemplate': ['checklists.saveTemplate', async () => {
        const items = [{ label: 'Floors clean', type: 'yesNo' as const, expected: true }];
        checklist.templateId = (await call(engine, 'checklists.saveTemplate', { name: 'Closing', kind: 'closing', items, schedule: { kind: 'daily' }, active: true }, admin.token)).id;
      }],
      'checklists.complete': ['checklists.complete', async () => {
        const day = await call(engine, 'checklists.day', {}, admin.token);
        const o = day.occurrences.find((x) => x.templateId === checklist.templateId)!;
        checklist.recordId = (await call(engine, 'checklists.complete', { templateId: o.templateId, day: o.day, slot: o.slot, answers: [{ itemId: o.items[0]!.id, value: true, failAction: null }], note: '' }, admin.token)).id;
      }],
      'checklists.signOff': ['checklists.signOff', () => call(engine, 'checklists.signOff', { completionId: checklist.recordId, note: '' }, admin.token)],
      'checklists.amend': ['checklists.amend', async () => {
        const record = (await call(engine, 'checklists.day', {}, admin.token)).occurrences.flatMap((o) => o.records).find((r) => r.id === checklist.recordId)!;
        return call(engine, 'checklists.amend', { completionId: record.id, answers: [{ itemId: record.items[0]!.id, value: false, failAction: { choice: 'correctiveAction', note: 'mopped again' } }], note: 'Floors were not clean' }, admin.token);
      }],
      'cooling.start': ['cooling.start', async () => {
        checklist.coolingId = (await call(engine, 'cooling.start', { process: 'cooling', food: 'Stock', first: { tempCentiC: 6000, atMs: engine.context.now() } }, admin.token)).id;
      }],
      'cooling.addReading': ['cooling.addReading', () => call(engine, 'cooling.addReading', { logId: checklist.coolingId, reading: { tempCentiC: 3000, atMs: engine.context.now() } }, admin.token)],
      'cooling.recordAction': ['cooling.recordAction', () => call(engine, 'cooling.recordAction', { logId: checklist.coolingId, action: 'discarded', note: '' }, admin.token)],
      ...inventoryScenarios(),
      ...correctiveScenarios(),
      'sync.enroll': ['sync.enroll', async () => {
        const hub = await enrollEndpoint(engine);
        try {
          return await call(engine, 'sync.enroll', { hubUrl: hub.url, code: 'AAAA-BBBB-CCCC' }, admin.token);
        } finally {
          await hub.close();
        }
      }],
      'sync.disconnect': ['sync.disconnect', () => call(engine, 'sync.disconnect', { confirm: true }, admin.token)],
    };

    /** The walk-in (15-minute delay) was at 8 °C for 20 minutes two hours ago: staff act, a supervisor signs, then corrects. */
    function correctiveScenarios(): Record<string, [string, () => Promise<unknown>]> {
      let actionId = '';
      const draft = { cause: 'Door left open', action: 'moved' as const, disposition: 'Moved to the reach-in' };
      return {
        'haccp.recordCorrectiveAction': ['haccp.recordCorrectiveAction', async () => {
          const startMs = engine.context.now() - 2 * 3600_000;
          storeReadings(engine.context, sensorId, 'download', [800, 800, 800, 800, 800, 300].map((rawCentiC, i) => ({ atMs: startMs + i * 5 * 60_000, rawCentiC })));
          actionId = (await call(engine, 'haccp.recordCorrectiveAction', { sensorId, excursionStartMs: startMs, ...draft }, admin.token)).id;
        }],
        'haccp.signOffCorrectiveAction': ['haccp.signOffCorrectiveAction', () => call(engine, 'haccp.signOffCorrectiveAction', { actionId }, admin.token)],
        'haccp.amendCorrectiveAction': ['haccp.amendCorrectiveAction', () => call(engine, 'haccp.amendCorrectiveAction', { actionId, ...draft, cause: 'Door seal torn', note: 'The seal was the cause' }, admin.token)],
      };
    }

    /** Inventory: a supplier and an item, stock in, used, wasted, a mistake reversed, a transfer, and two counts. */
    function inventoryScenarios(): Record<string, [string, () => Promise<unknown>]> {
      const here = () => admin.user.locationIds[0]!;
      let supplierId = '';
      let itemId = '';
      let usedId = '';
      let transferId = '';
      let countId = '';
      const uptown = async () => (await call(engine, 'locations.list', {}, admin.token)).find((l) => l.name === 'Uptown')!.id;
      const lot = { itemId: '', packName: 'case', qty: 2, lot: 'L1', expiresOn: '2026-12-01', receivingCheck: COLD_ON_RECEIPT };
      return {
        'inventory.saveSupplier': ['inventory.createSupplier', async () => (supplierId = (await call(engine, 'inventory.saveSupplier', { supplierId: null, fields: { name: 'Dairy Co', contact: '', phone: '', email: '', active: true } }, admin.token)).id)],
        'inventory.saveItem': ['inventory.createItem', async () => (itemId = await addItem(engine, admin.token, { ...MILK, supplierId }))],
        'inventory.importCatalog': ['inventory.importCatalog', () => call(engine, 'inventory.importCatalog', { csv: 'name,category,storage_area,base_unit,packs,par,reorder_point,unit_cost_cents,supplier,perishable,shelf_life_days,tcs\nSalt,Dry,Dry store,g,box=1000,5000,1000,0.05,,no,,no\n' }, admin.token)],
        'inventory.receive': ['inventory.receive', () => call(engine, 'inventory.receive', { locationId: here(), supplierId, note: '', lines: [{ ...lot, itemId }] }, admin.token)],
        'inventory.use': ['inventory.use', async () => (usedId = (await call(engine, 'inventory.use', { locationId: here(), itemId, packName: 'L', qty: 1, note: '' }, admin.token))[0]!.id)],
        'inventory.waste': ['inventory.waste', () => call(engine, 'inventory.waste', { locationId: here(), itemId, packName: 'L', qty: 1, reason: 'spoiled', note: '' }, admin.token)],
        'inventory.reverse': ['inventory.reverse', () => call(engine, 'inventory.reverse', { movementId: usedId, reason: 'wrong item' }, admin.token)],
        'inventory.transfer': ['inventory.transfer', async () => (transferId = (await call(engine, 'inventory.transfer', { fromLocationId: here(), toLocationId: await uptown(), note: '', lines: [{ itemId, packName: 'L', qty: 1 }] }, admin.token)).transferId)],
        'inventory.confirmTransfer': ['inventory.confirmTransfer', async () => call(engine, 'inventory.confirmTransfer', { locationId: await uptown(), transferId }, admin.token)],
        'inventory.startCount': ['inventory.startCount', async () => (countId = (await call(engine, 'inventory.startCount', { locationId: here(), storageArea: 'Walk-in' }, admin.token)).id)],
        'inventory.enterCount': ['inventory.enterCount', () => call(engine, 'inventory.enterCount', { countId, itemId, packName: 'L', qty: 8 }, admin.token)],
        'inventory.submitCount': ['inventory.submitCount', () => call(engine, 'inventory.submitCount', { countId }, admin.token)],
        'inventory.approveCount': ['inventory.approveCount', () => call(engine, 'inventory.approveCount', { countId }, admin.token)],
        'inventory.discardCount': ['inventory.discardCount', async () => {
          const second = await call(engine, 'inventory.startCount', { locationId: here(), storageArea: 'Dry store' }, admin.token);
          return call(engine, 'inventory.discardCount', { countId: second.id }, admin.token);
        }],
      };
    }

    const mutations = (Object.keys(contract) as MethodName[]).filter((m) => contract[m].mutation);
    expect(Object.keys(scenarios).sort()).toEqual(mutations.sort());

    for (const [method, [action, act]] of Object.entries(scenarios)) {
      const before = auditActions(engine).length;
      await act();
      const actions = auditActions(engine).map((e) => e.action);
      if (method !== 'setup.create' && method !== 'backup.restore') expect(actions.length, method).toBeGreaterThan(before);
      expect(actions, method).toContain(action);
    }
    expect((await call(engine, 'audit.verify', {}, admin.token)).ok).toBe(true);
    // Every action written has words for the audit screen, and a category to filter by.
    for (const action of new Set(auditActions(engine).map((e) => e.action))) {
      expect(ACTION_WORDS[action], action).toBeDefined();
      expect(actionCategory(action), action).not.toBeNull();
    }
  });

  it('entries record the actor, time, location and a readable summary', async () => {
    clock.advance(5000);
    await addUser(engine, admin.token, { username: 'ann', role: 'STAFF', displayName: 'Ann Smith' });
    const page = await call(engine, 'audit.list', { filter: { categories: ['users'] } }, admin.token);
    expect(page.entries).toEqual([
      expect.objectContaining({ actorId: admin.user.id, actorName: 'Alice Admin', atMs: clock.now(), locationId: admin.user.locationIds[0], entityType: 'user', risk: 'MEDIUM' }),
    ]);
    expect(page.entries[0]!.summary).toContain('"ann" (Ann Smith)');
  });
});

describe('the hash chain', () => {
  it('verifies OK on an untouched log', async () => {
    await makeSomeHistory();
    const verdict = await call(engine, 'audit.verify', {}, admin.token);
    expect(verdict).toEqual({ ok: true, entriesChecked: rowCount(engine, 'audit_entries'), devices: 1, logDocuments: 1 });
  });

  it('the database refuses UPDATE and DELETE on audit entries', async () => {
    const sqlite = engine.context.sqlite;
    expect(() => sqlite.prepare("UPDATE audit_entries SET summary = 'nothing happened'").run()).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM audit_entries').run()).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM audit_entries WHERE seq = 1').run()).toThrow(/append-only/);
  });

  it('a summary changed in the database file is found: verify names the first broken entry, and so does `opsflow audit verify`', async () => {
    await makeSomeHistory();
    const total = rowCount(engine, 'audit_entries');
    await tamper(`DROP TRIGGER audit_entries_no_update; UPDATE audit_entries SET summary = 'Nothing to see here' WHERE seq = 3;`);

    const verdict = await call(engine, 'audit.verify', {}, admin.token);
    expect(verdict).toMatchObject({ ok: false, brokenAt: { seq: 3, reason: expect.stringContaining('changed') } });
    expect(total).toBeGreaterThan(4);
    // The break itself is logged, as CRITICAL.
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'audit.chainBroken', risk: 'CRITICAL' });

    engine.close();
    const cli = await run(process.execPath, ['bin/opsflow.js', 'audit', 'verify', '--data-dir', dir], { cwd: REPO }).then(
      () => ({ code: 0, stdout: '' }),
      (err: { code: number; stdout: string }) => err,
    );
    engine = await openTestEngine({ dataDir: dir, now: clock.now });
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(/BROKEN: device [0-9a-f-]+, entry 3 /);
  });

  it('an entry deleted from the middle of the file is found, by name: the log document still holds it', async () => {
    await makeSomeHistory();
    const deleted = engine.context.sqlite.prepare('SELECT id FROM audit_entries WHERE seq = 4').pluck().get();
    await tamper(`DROP TRIGGER audit_entries_no_delete; DELETE FROM audit_entries WHERE seq = 4;`);
    const verdict = await call(engine, 'audit.verify', {}, admin.token);
    expect(verdict).toMatchObject({ ok: false, brokenAt: { seq: 4, id: deleted, reason: 'is in the log document for 2026-11 but missing from the audit table' } });
  });

  it('an entry re-linked after its predecessor was rewritten is still found at the rewritten one', async () => {
    await makeSomeHistory();
    await tamper(`DROP TRIGGER audit_entries_no_update; UPDATE audit_entries SET risk = 'LOW' WHERE seq = 2;`);
    expect(await call(engine, 'audit.verify', {}, admin.token)).toMatchObject({ ok: false, brokenAt: { seq: 2 } });
  });
});

describe('reading the log', () => {
  async function allEntries(): Promise<AuditEntry[]> {
    return (await call(engine, 'audit.list', { limit: 500 }, admin.token)).entries;
  }

  it('pages of 2 walk every entry, newest first, without duplicates or gaps', async () => {
    for (let i = 0; i < 3; i++) {
      clock.advance(1000);
      await makeSomeHistoryOnce(i);
    }
    const expected = await allEntries();
    // An odd count: the last page holds one entry.
    expect(expected.length).toBe(7);
    const seen: AuditEntry[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const page: Awaited<ReturnType<typeof call<'audit.list'>>> = await call(engine, 'audit.list', { limit: 2, after }, admin.token);
      expect(page.entries.length).toBeLessThanOrEqual(2);
      seen.push(...page.entries);
      after = page.nextCursor;
      if (!after) break;
    }
    expect(seen.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
    const times = seen.map((e) => e.atMs);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  async function makeSomeHistoryOnce(i: number) {
    await addUser(engine, admin.token, { username: `user${i}`, role: 'STAFF' });
  }

  it('filters by actor, risk, category and time', async () => {
    const t0 = clock.now();
    clock.advance(60_000);
    const { session: sam } = await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    const t1 = clock.now();
    clock.advance(60_000);
    await call(engine, 'account.setPreferences', { temperatureUnit: 'C' }, sam.token);
    await engine.dispatch({ method: 'users.list', input: {}, token: sam.token }); // refused: HIGH
    clock.advance(60_000);
    await call(engine, 'settings.update', { idleLockMinutes: 20 }, admin.token);

    const all = await allEntries();
    const list = async (filter: Record<string, unknown>) => (await call(engine, 'audit.list', { filter, limit: 500 }, admin.token)).entries;

    const bySam = await list({ actorId: sam.user.id });
    expect(bySam.length).toBeGreaterThan(0);
    expect(bySam).toEqual(all.filter((e) => e.actorId === sam.user.id));
    expect(bySam.map((e) => e.action)).toEqual(['security.permissionDenied', 'account.setPreferences', 'auth.signIn']);

    const high = await list({ risk: 'HIGH' });
    expect(high.map((e) => e.action).sort()).toEqual(['security.permissionDenied', 'settings.update']);

    const userChanges = await list({ categories: ['users'] });
    expect(userChanges.map((e) => e.action)).toEqual(['users.create']);
    const security = (e: { action: string }) => ['auth.', 'account.', 'security.'].some((p) => e.action.startsWith(p));
    expect(await list({ categories: ['security'] })).toEqual(all.filter(security));
    expect(await list({ categories: ['users', 'security'] })).toEqual(all.filter((e) => security(e) || e.action.startsWith('users.')));
    expect(await list({ categories: ['backups'] })).toEqual([]);

    const window = await list({ fromMs: t0 + 1, toMs: t1 });
    expect(window.map((e) => e.action).sort()).toEqual(['auth.signIn', 'users.create']);
    expect(await list({ fromMs: t0 + 1, toMs: t1, actorId: sam.user.id })).toEqual([expect.objectContaining({ action: 'auth.signIn' })]);
  });

  it('a forged cursor is refused with BAD_INPUT', async () => {
    const result = await engine.dispatch({ method: 'audit.list', input: { after: "1' OR 1=1 --" }, token: admin.token });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('the CSV export has a header and one row per entry, with commas and quotes kept intact', async () => {
    await addUser(engine, admin.token, { username: 'ann', role: 'STAFF', displayName: 'Smith, Ann "Annie"' });
    const count = rowCount(engine, 'audit_entries');
    const exported = await call(engine, 'audit.exportCsv', {}, admin.token);
    const rows = parseCsv(exported.csv);
    expect(rows[0]).toEqual(['time_utc', 'actor', 'action', 'entity_type', 'entity_id', 'location_id', 'summary', 'risk', 'device_id', 'seq', 'hash']);
    expect(exported.rows).toBe(count);
    expect(rows).toHaveLength(count + 1);
    expect(rows.slice(1).map((r) => Number(r[9]))).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(rows.some((r) => r[6] === 'Created Staff "ann" (Smith, Ann "Annie")')).toBe(true);
    expect(exported.fileName).toBe('opsflow-audit-2026-11-22.csv');
    // The export itself is on the record.
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'audit.export', summary: `Exported ${count} audit entries as CSV` });
  });

  it('a cell a spreadsheet would run as a formula is exported as plain text', async () => {
    const { session } = await addUser(engine, admin.token, { username: 'eve', role: 'STAFF', displayName: '=HYPERLINK("http://x","y")' });
    await call(engine, 'auth.signOut', {}, session.token);
    const rows = parseCsv((await call(engine, 'audit.exportCsv', {}, admin.token)).csv);
    const actors = rows.slice(1).map((r) => r[1]!);
    expect(actors).toContain(`'=HYPERLINK("http://x","y")`);
    expect(actors.some((a) => a.startsWith('='))).toBe(false);
  });

  it('the CSV export follows the filter', async () => {
    await makeSomeHistory();
    const exported = await call(engine, 'audit.exportCsv', { filter: { categories: ['users'] } }, admin.token);
    expect(exported.rows).toBe(3);
    expect(parseCsv(exported.csv).slice(1).every((r) => r[2] === 'users.create')).toBe(true);
  });
});

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else if (c !== '\r') field += c;
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return rows;
}

/**
 * A hub's enrollment endpoint alone (the real hub is another program; tests/desktop-hub-sync.test.ts
 * runs one): it hands out a token for this PC's own organization and location.
 */
async function enrollEndpoint(engine: Engine): Promise<{ url: string; close(): Promise<void> }> {
  const { tenantId, homeLocationId } = engine.context.identity()!;
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ token: 'a-device-token', tenantId, locationId: homeLocationId }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
