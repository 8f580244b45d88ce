// A chain's week offline: two PCs at one restaurant and one at another, each working alone (stock
// movements, logger downloads, tasks, corrective actions), then the network comes back. Every PC
// and the hub must end with the same SQL for what each holds, and no movement may be lost: a
// location's balance is the sum of what both of its PCs recorded. Each PC talks to the hub over its
// own WebSockets; the last test routes one PC through a relay that drops what the hub relays, and
// shows the same checks then fail, and another runs a hub whose projections lose a location's
// tasks and another's corrective actions: the hub's side of the checks then fails.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FLOUR, MILK, addItem } from '../electron/core/inventory/inventory-fixture';
import { storeReadings } from '../electron/core/readings/store-readings';
import { ensureSensor } from '../electron/core/sensors/sensors';
import { call, testClock } from '../electron/core/testing/test-engine';
import { startDroppingProxy } from '../sync-server/testing/dropping-proxy';
import { addLocation, allSynced, enrollAnother, enrollOrganization, hubForThisFile, relinkThrough, type TestHub, secondStationOf, standaloneStation, status, until, type Station } from './support/hub-stations';
import { COLD_ON_RECEIPT } from '../electron/core/inventory/inventory-fixture';
import { regionalRollup } from '../sync-server/projections/rollup';
import { STORAGE_BACKENDS } from '../sync-server/testing/storage-backends';

const MINUTE = 60_000;
/** The loggers' readings are from the week the sites were offline. */
const WEEK_START = Date.UTC(2026, 10, 16, 6, 0);

// Real PGlite and WebSockets on a machine shared with other work: generous limits, never sleeps.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const onPGlite = hubForThisFile();
/** The hub the helpers talk to: PGlite, or PostgreSQL while the tests that run on it do. */
let hub: TestHub = onPGlite;

interface Chain {
  /** Two PCs at the first location (Downtown) and one at the second (Harbour). */
  a1: Station;
  a2: Station;
  b1: Station;
  tenantId: string;
  locA: string;
  locB: string;
  items: { flour: string; milk: string };
}

/**
 * The organization as the admin sets it up at the first PC (a second location, the catalog), then
 * enrolled: the hub learns both locations, and each other PC starts from the same directory.
 */
async function chainOnline(): Promise<Chain> {
  const a1 = await standaloneStation();
  const items = { flour: await addItem(a1.engine, a1.adminToken, FLOUR), milk: await addItem(a1.engine, a1.adminToken, MILK) };
  const { tenantId, locationId: locA } = await enrollOrganization(hub.hub, a1);
  const locB = await addLocation(hub.hub, a1, 'Harbour');
  const a2 = await secondStationOf(a1);
  const b1 = await secondStationOf(a1, { locationId: locB });
  await enrollAnother(hub.hub, a2);
  await enrollAnother(hub.hub, b1);
  await until([a1, a2, b1], allSynced(a1, a2, b1));
  return { a1, a2, b1, tenantId, locA, locB, items };
}

/** Per location and item, what the movements a test made add up to. */
class ExpectedStock {
  readonly sums = new Map<string, number>();
  add(locationId: string, itemId: string, deltaBase: number) {
    const key = `${locationId}/${itemId}`;
    this.sums.set(key, (this.sums.get(key) ?? 0) + deltaBase);
  }
  rows() {
    return [...this.sums].map(([key, onHand]) => ({ location_id: key.split('/')[0]!, item_id: key.split('/')[1]!, on_hand_base: onHand })).sort(byKey);
  }
}

function byKey(a: { location_id: string; item_id: string }, b: { location_id: string; item_id: string }) {
  return `${a.location_id}/${a.item_id}` < `${b.location_id}/${b.item_id}` ? -1 : 1;
}

/**
 * A week of one PC's work while offline: deliveries, use and waste (60 movements), three logger
 * downloads with excursions and their corrective actions, and 40 tasks.
 */
async function aWeekOffline(s: Station, chain: Chain, tag: string, expected: ExpectedStock): Promise<void> {
  const locationId = s.engine.context.identity()!.homeLocationId;
  const admin = s.adminToken;
  const post = (movements: { deltaBase: number; itemId: string }[]) => movements.forEach((m) => expected.add(locationId, m.itemId, m.deltaBase));
  for (let i = 0; i < 30; i++) {
    const itemId = i % 3 === 0 ? chain.items.milk : chain.items.flour;
    const lot = itemId === chain.items.milk ? `${tag}-L${i}` : '';
    post(await call(s.engine, 'inventory.receive', { locationId, supplierId: null, note: `${tag} delivery ${i}`, lines: [{ itemId, packName: itemId === chain.items.milk ? 'case' : 'kg', qty: 2, lot, expiresOn: null, unitCostMilliCents: null, receivingCheck: itemId === chain.items.milk ? COLD_ON_RECEIPT : null }] }, admin));
  }
  for (let i = 0; i < 20; i++) {
    post(await call(s.engine, 'inventory.use', { locationId, itemId: chain.items.flour, packName: 'kg', qty: 1, lot: null, note: `${tag} bread ${i}` }, admin));
  }
  for (let i = 0; i < 10; i++) {
    post(await call(s.engine, 'inventory.waste', { locationId, itemId: chain.items.flour, packName: 'kg', qty: 0.5, lot: null, reason: 'spoiled', note: `${tag} waste ${i}` }, admin));
  }

  const unit = await call(s.engine, 'haccp.addUnit', { name: `Walk-in ${tag}`, type: 'walk-in-cooler' }, admin);
  const sensorId = ensureSensor(s.engine.context, { deviceSerial: `RC4-${tag}`, deviceFamily: 'elitech', channel: 'internal' }, { name: `Logger ${tag}` });
  await call(s.engine, 'haccp.assignSensor', { sensorId, unitId: unit.id }, admin);
  // Three downloads of 80 minutes, each 40 minutes at 8 °C in a 5 °C walk-in: three excursions.
  for (let d = 0; d < 3; d++) {
    const from = WEEK_START + d * 24 * 60 * MINUTE;
    storeReadings(s.engine.context, sensorId, 'download', Array.from({ length: 80 }, (_, i) => ({ atMs: from + i * MINUTE, rawCentiC: i >= 10 && i < 50 ? 800 : 300 })));
  }
  const excursions = (await call(s.engine, 'haccp.excursions', { locationId }, admin)).filter((e) => e.sensorId === sensorId);
  expect(excursions).toHaveLength(3);
  for (const e of excursions) {
    await call(s.engine, 'haccp.recordCorrectiveAction', { sensorId, excursionStartMs: e.startMs, cause: `${tag}: door left ajar`, action: 'discarded', quantity: { amount: 1.5, unit: 'kg' }, disposition: 'Binned' }, admin);
  }
  // The first one signed; the other two wait for a supervisor.
  const [first] = await call(s.engine, 'haccp.excursions', { locationId }, admin).then((all) => all.filter((e) => e.sensorId === sensorId));
  await call(s.engine, 'haccp.signOffCorrectiveAction', { actionId: first!.correctiveAction!.id, note: `${tag}: checked` }, admin);

  for (let i = 0; i < 40; i++) {
    await call(s.engine, 'tasks.create', { locationId, title: `${tag} task ${i}`, type: i % 2 ? 'cleaning' : 'prep' }, admin);
  }
}

function rows(s: Station, sql: string, ...params: unknown[]): unknown[] {
  return s.engine.context.sqlite.prepare(sql).all(...params);
}

/** What a PC holds of one location, as SQL rows in a stable order. */
function locationTables(s: Station, locationId: string) {
  return {
    movements: rows(s, 'SELECT * FROM stock_movements WHERE location_id = ? ORDER BY id', locationId),
    balances: rows(s, 'SELECT location_id, item_id, on_hand_base FROM stock_balances WHERE location_id = ? ORDER BY location_id, item_id', locationId),
    lots: rows(s, 'SELECT * FROM stock_lots WHERE location_id = ? ORDER BY item_id, lot', locationId),
    sensors: rows(s, 'SELECT * FROM sensors WHERE location_id = ? ORDER BY id', locationId),
    readings: rows(s, 'SELECT r.sensor_id, r.at_ms, r.temp_centi_c, r.raw_centi_c, r.source, r.humidity_centi_pct, r.flags FROM readings r JOIN sensors s ON s.id = r.sensor_id WHERE s.location_id = ? ORDER BY r.sensor_id, r.at_ms', locationId),
    units: rows(s, 'SELECT * FROM haccp_units WHERE location_id = ? ORDER BY id', locationId),
    correctiveActions: rows(s, 'SELECT * FROM corrective_actions WHERE location_id = ? ORDER BY id', locationId),
    correctiveSignoffs: rows(s, 'SELECT * FROM corrective_signoffs WHERE location_id = ? ORDER BY id', locationId),
    tasks: rows(s, 'SELECT * FROM tasks WHERE location_id = ? ORDER BY id', locationId),
  };
}

/** The audit entries of the given PCs, as this PC holds them. */
function auditOf(s: Station, deviceIds: string[]) {
  return rows(s, `SELECT id, device_id, seq, at_ms, action, hash FROM audit_entries WHERE device_id IN (${deviceIds.map(() => '?').join(',')}) ORDER BY device_id, seq`, ...deviceIds);
}

/** The hub's projected tables for one location, in the desktop's column shapes. */
async function hubTables(chain: Chain, locationId: string) {
  const db = hub.hub.db;
  const n = (v: unknown) => (v === null ? null : Number(v));
  const movements = await db.selectFrom('stock_movements').selectAll().where('tenant_id', '=', chain.tenantId).where('location_id', '=', locationId).orderBy('id').execute();
  const balances = await db.selectFrom('stock_balances').select(['location_id', 'item_id', 'on_hand_base']).where('tenant_id', '=', chain.tenantId).where('location_id', '=', locationId).orderBy('item_id').execute();
  const readings = await db.selectFrom('readings').select(['sensor_id', 'at_ms', 'temp_centi_c', 'raw_centi_c', 'source', 'humidity_centi_pct', 'flags']).where('tenant_id', '=', chain.tenantId).where('location_id', '=', locationId).orderBy('sensor_id').orderBy('at_ms').execute();
  const of = <T extends 'sensors' | 'haccp_units' | 'corrective_actions' | 'corrective_signoffs' | 'tasks'>(table: T) =>
    db.selectFrom(table as 'tasks').selectAll().where('tenant_id', '=', chain.tenantId).where('location_id', '=', locationId).orderBy('id').execute() as Promise<Record<string, unknown>[]>;
  /** Times come back from PostgreSQL as bigint strings: numbers, as SQLite gives them. */
  const times = (row: Record<string, unknown>, ...columns: string[]) => {
    const { tenant_id: _t, ...rest } = row;
    for (const c of columns) rest[c] = n(rest[c]);
    return rest;
  };
  return {
    movements: movements.map(({ tenant_id: _t, ...m }) => ({ ...m, delta_base: n(m.delta_base), at_ms: n(m.at_ms), unit_cost_milli_cents: n(m.unit_cost_milli_cents) })),
    balances: balances.map((b) => ({ ...b, on_hand_base: n(b.on_hand_base) })),
    readings: readings.map((r) => ({ ...r, at_ms: n(r.at_ms) })),
    sensors: (await of('sensors')).map((r) => times(r, 'calibrated_at_ms', 'calibration_due_ms', 'created_at_ms')),
    units: (await of('haccp_units')).map((r) => times(r, 'created_at_ms')),
    correctiveActions: (await of('corrective_actions')).map((r) => times(r, 'excursion_start_ms', 'at_ms')),
    correctiveSignoffs: (await of('corrective_signoffs')).map((r) => times(r, 'at_ms')),
    tasks: (await of('tasks')).map((r) => times(r, 'due_at_ms', 'created_at_ms', 'completed_at_ms')),
  };
}

async function hubAudit(chain: Chain, deviceIds: string[]) {
  const entries = await hub.hub.db.selectFrom('audit_entries').select(['id', 'device_id', 'seq', 'at_ms', 'action', 'hash']).where('tenant_id', '=', chain.tenantId).where('device_id', 'in', deviceIds).orderBy('device_id').orderBy('seq').execute();
  return entries.map((e) => ({ ...e, seq: Number(e.seq), at_ms: Number(e.at_ms) }));
}

const stationId = (s: Station) => s.engine.context.identity()!.stationId;

/** The PCs of the first location hold the same rows of it; everything that PC holds of its location agrees with the other. */
function locationAgrees(chain: Chain) {
  return () => JSON.stringify(locationTables(chain.a1, chain.locA)) === JSON.stringify(locationTables(chain.a2, chain.locA));
}

/** What the hub projected of a location's ops documents and HACCP records, to compare with a PC's tables. */
function recordsOf(tables: Partial<ReturnType<typeof locationTables>>) {
  const { sensors, units, correctiveActions, correctiveSignoffs, tasks } = tables;
  return { sensors, units, correctiveActions, correctiveSignoffs, tasks };
}

/** The hub goes down, each PC works a week alone, the hub comes back (with `faults`, if any) and the PCs reconnect one after another. */
async function offlineWeek(chain: Chain, reconnect: (s: Station) => void, faults?: Parameters<typeof hub.start>[0]) {
  const { a1, a2, b1 } = chain;
  await hub.stop();
  await until([a1, a2, b1], () => [a1, a2, b1].every((s) => status(s).state === 'offline'));
  const expected = new ExpectedStock();
  await aWeekOffline(a1, chain, 'A1', expected);
  await aWeekOffline(a2, chain, 'A2', expected);
  await aWeekOffline(b1, chain, 'B1', expected);
  for (const s of [a1, a2, b1]) expect(status(s).changesWaiting).toBeGreaterThan(0);

  await hub.start(faults);
  // In turn, so both paths carry the week: a PC that reconnects later gets the earlier ones' work
  // in the hub's first answer; one already connected gets the later ones' as the hub relays it.
  for (const s of [a1, a2, b1]) {
    reconnect(s);
    await until([s], allSynced(s));
  }
  return expected;
}

/** Two PCs at one location and one at another, a week offline each, then the hub: the same SQL everywhere, no movement lost. */
async function weekOfflineConverges() {
  const chain = await chainOnline();
  const { a1, a2, b1, locA, locB } = chain;
  const expected = await offlineWeek(chain, (s) => s.timers.fireAll());
  await until([a1, a2, b1], () => allSynced(a1, a2, b1)() && locationAgrees(chain)());

  const atA = locationTables(a1, locA);
  expect(atA.movements).toHaveLength(120);
  expect(atA.readings).toHaveLength(480);
  expect(atA.tasks).toHaveLength(80);
  expect(atA.correctiveActions).toHaveLength(6);
  expect(atA.correctiveSignoffs).toHaveLength(2);
  expect(locationTables(b1, locB).movements).toHaveLength(60);

  // Balances are what both PCs of a location recorded, added up: at each PC and at the hub.
  const expectedA = expected.rows().filter((r) => r.location_id === locA);
  const expectedB = expected.rows().filter((r) => r.location_id === locB);
  expect(expectedA).toEqual([
    { location_id: locA, item_id: chain.items.flour, on_hand_base: 2 * (20 * 2000 - 20 * 1000 - 10 * 500) },
    { location_id: locA, item_id: chain.items.milk, on_hand_base: 2 * 10 * 12_000 },
  ].sort(byKey));
  expect(atA.balances).toEqual(expectedA);
  expect(locationTables(b1, locB).balances).toEqual(expectedB);

  // The hub projected the same facts for both locations.
  const hubA = await hubTables(chain, locA);
  const hubB = await hubTables(chain, locB);
  expect(hubA.movements).toEqual(atA.movements);
  expect(hubA.balances).toEqual(expectedA);
  expect(hubA.readings).toEqual(atA.readings);
  expect(hubB.movements).toEqual(locationTables(b1, locB).movements);
  expect(hubB.balances).toEqual(expectedB);
  expect(hubB.readings).toEqual(locationTables(b1, locB).readings);
  // Tasks, units, sensors, corrective actions and their sign-offs: the same rows at the hub as at every PC.
  expect(recordsOf(hubA)).toEqual(recordsOf(atA));
  expect(recordsOf(hubA)).toEqual(recordsOf(locationTables(a2, locA)));
  expect(recordsOf(hubB)).toEqual(recordsOf(locationTables(b1, locB)));
  // The hub's roll-up, the day after the week, from its own tables: per PC three excursions, one signed; its 40 tasks open.
  const hubRollup = await regionalRollup(hub.hub.db, chain.tenantId, WEEK_START + 7 * 24 * 60 * MINUTE);
  const waiting = (locationId: string) => {
    const { excursionsWithoutSignedAction, openTasks, overdueTasks } = hubRollup.find((r) => r.locationId === locationId)!;
    return { excursionsWithoutSignedAction, openTasks, overdueTasks };
  };
  expect(waiting(locA)).toEqual({ excursionsWithoutSignedAction: 4, openTasks: 80, overdueTasks: 0 });
  expect(waiting(locB)).toEqual({ excursionsWithoutSignedAction: 2, openTasks: 40, overdueTasks: 0 });

  // Each PC's audit chain: both of the first location's on both its PCs and the hub; the second's at its PC and the hub.
  const chainsA = [stationId(a1), stationId(a2)];
  expect(auditOf(a2, chainsA)).toEqual(auditOf(a1, chainsA));
  expect(await hubAudit(chain, chainsA)).toEqual(auditOf(a1, chainsA));
  expect(await hubAudit(chain, [stationId(b1)])).toEqual(auditOf(b1, [stationId(b1)]));
}

describe('a chain that was offline for a week', () => {
  it('two PCs at one location and one at another converge with the hub to the same SQL, and no movement is lost', weekOfflineConverges);

  it('the same checks fail when the hub does not relay: a PC behind a relay that drops them misses the other PC’s week', async () => {
    const chain = await chainOnline();
    const { a1, a2, locA } = chain;
    const proxy = await startDroppingProxy(hub.hub.wsUrl);
    try {
      // The first PC goes through the relay from the moment the hub is back (it reconnects first).
      await offlineWeek(chain, (s) => (s === a1 ? relinkThrough(a1, proxy.wsUrl) : s.timers.fireAll()));
      // Everyone has told the hub everything, and the later PCs have heard the earlier ones'…
      expect(allSynced(a1, a2, chain.b1)()).toBe(true);
      expect(locationTables(a2, locA).movements).toHaveLength(120);
      expect((await hubTables(chain, locA)).movements).toHaveLength(120);
      // …but what the hub relayed to the first PC never reached it: the location disagrees and its stock is short.
      expect(locationAgrees(chain)()).toBe(false);
      expect(locationTables(a1, locA).movements).toHaveLength(60);
      expect(locationTables(a1, locA).balances).not.toEqual(locationTables(a2, locA).balances);
    } finally {
      await proxy.close();
    }
  });
});

describe('a hub on a real PostgreSQL server', () => {
  const onPostgres = hubForThisFile(STORAGE_BACKENDS.find((b) => b.name === 'PostgreSQL'));
  beforeAll(() => {
    hub = onPostgres;
  });
  afterAll(() => {
    hub = onPGlite;
  });
  it('converges with the PCs to the same SQL after their week offline, as on PGlite', weekOfflineConverges);
});

describe('a hub whose projections go wrong', () => {
  it('fails the hub’s side of the checks: the PCs converge, but the hub misses one location’s tasks and another’s corrective actions', async () => {
    const chain = await chainOnline();
    const { a1, a2, b1, locA, locB } = chain;
    // Updates still stored and relayed; the first location's ops document and the second's log are never projected.
    const lost = (docName: string) => {
      if (docName === `${chain.tenantId}/${locA}/ops` || docName.startsWith(`${chain.tenantId}/${locB}/log/`)) throw new Error('projection lost');
    };
    try {
      await offlineWeek(chain, (s) => s.timers.fireAll(), { beforeProjecting: lost });
      await until([a1, a2, b1], () => allSynced(a1, a2, b1)() && locationAgrees(chain)());
      const atA = locationTables(a1, locA);
      const atB = locationTables(b1, locB);
      expect(atA.tasks).toHaveLength(80);
      expect(atB.correctiveActions).toHaveLength(3);
      expect(recordsOf(await hubTables(chain, locA))).not.toEqual(recordsOf(atA));
      expect(recordsOf(await hubTables(chain, locB))).not.toEqual(recordsOf(atB));
      expect((await hubTables(chain, locA)).tasks).toEqual([]);
      expect((await hubTables(chain, locB)).correctiveActions).toEqual([]);
      // What was projected still agrees: the fault is exactly what the checks name.
      expect((await hubTables(chain, locA)).correctiveActions).toEqual(atA.correctiveActions);
      expect((await hubTables(chain, locB)).tasks).toEqual(atB.tasks);
    } finally {
      await hub.stop();
      await hub.start();
    }
  });
});

describe('PCs whose clocks disagree', () => {
  it('one PC 10 minutes behind still converges with the other, and its facts keep the time it gave them', async () => {
    const T = Date.UTC(2026, 10, 25, 12, 0);
    const clockA = testClock(T);
    const clockB = testClock(T - 10 * MINUTE);
    const a = await standaloneStation({ now: clockA.now });
    const flour = await addItem(a.engine, a.adminToken, FLOUR);
    await enrollOrganization(hub.hub, a);
    const b = await secondStationOf(a, { now: clockB.now });
    await enrollAnother(hub.hub, b);
    const locationId = a.engine.context.identity()!.homeLocationId;
    const task = await call(a.engine, 'tasks.create', { locationId, title: 'Clean the fryer', type: 'cleaning' }, a.adminToken);
    await until([a, b], () => allSynced(a, b)() && rows(b, 'SELECT id FROM tasks').length === 1);

    await hub.stop();
    await until([a, b], () => status(a).state === 'offline' && status(b).state === 'offline');
    // A minute apart in real time; B's clock says it happened 9 minutes before A's first change.
    clockA.advance(MINUTE);
    const [fromA] = await call(a.engine, 'inventory.receive', { locationId, supplierId: null, note: 'at A', lines: [{ itemId: flour, packName: 'kg', qty: 3, lot: '', expiresOn: null, unitCostMilliCents: null }] }, a.adminToken);
    await call(a.engine, 'tasks.update', { taskId: task.id, title: 'Clean the fryer (A)' }, a.adminToken);
    clockB.advance(2 * MINUTE);
    const [fromB] = await call(b.engine, 'inventory.receive', { locationId, supplierId: null, note: 'at B', lines: [{ itemId: flour, packName: 'kg', qty: 5, lot: '', expiresOn: null, unitCostMilliCents: null }] }, b.adminToken);
    await call(b.engine, 'tasks.update', { taskId: task.id, title: 'Clean the fryer (B)' }, b.adminToken);
    expect(fromA!.atMs).toBe(T + MINUTE);
    expect(fromB!.atMs).toBe(T - 8 * MINUTE);
    // Nothing passes between them while the hub is down.
    expect(rows(a, 'SELECT id FROM stock_movements')).toHaveLength(1);

    await hub.start();
    a.timers.fireAll();
    b.timers.fireAll();
    const same = () => JSON.stringify(locationTables(a, locationId)) === JSON.stringify(locationTables(b, locationId));
    await until([a, b], () => allSynced(a, b)() && same());

    // Both PCs and the hub hold each movement at its own device's time, and both count.
    const stamped = (s: Station) => rows(s, 'SELECT note, at_ms FROM stock_movements ORDER BY at_ms');
    expect(stamped(a)).toEqual([{ note: 'at B', at_ms: T - 8 * MINUTE }, { note: 'at A', at_ms: T + MINUTE }]);
    expect(stamped(b)).toEqual(stamped(a));
    const atHub = await hub.hub.db.selectFrom('stock_movements').select(['note', 'at_ms']).where('location_id', '=', locationId).orderBy('at_ms').execute();
    expect(atHub.map((m) => ({ note: m.note, at_ms: Number(m.at_ms) }))).toEqual(stamped(a));
    expect(locationTables(a, locationId).balances).toEqual([{ location_id: locationId, item_id: flour, on_hand_base: 8000 }]);
    // The task edited on both: the same title on both PCs, one of the two (the merge does not depend on the clocks).
    const titles = [a, b].map((s) => (rows(s, 'SELECT title FROM tasks WHERE id = ?', task.id)[0] as { title: string }).title);
    expect(titles[0]).toBe(titles[1]);
    expect(['Clean the fryer (A)', 'Clean the fryer (B)']).toContain(titles[0]);
    // Audit entries keep their device's time too: B's receive is stamped by B's clock, everywhere.
    const bAudit = (s: Station) => rows(s, "SELECT at_ms FROM audit_entries WHERE device_id = ? AND action = 'inventory.receive'", stationId(b));
    expect(bAudit(a)).toEqual([{ at_ms: T - 8 * MINUTE }]);
    expect(bAudit(b)).toEqual(bAudit(a));
  });
});
