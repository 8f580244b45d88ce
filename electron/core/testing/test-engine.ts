import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import type { InputOf, MethodName, OutputOf, SessionInfo, UserSummary } from '../../../domain/contract';
import { parseDocName } from '../../../domain/sync/doc-names';
import { BATCH_KIND, FACT_BATCHES_MAP, batchKind } from '../../../domain/sync/fact-batch';
import { Engine, type EngineOptions } from '../engine';
import type { DevicesService } from '../devices/devices-service';
import type { DevicesServiceOptions } from '../devices/devices-service-options';
import { devicesModule } from '../devices/module';
import { silentLogger } from '../logger';

export const TEST_ADMIN = { username: 'alice', password: 'correct horse battery', displayName: 'Alice Admin' };

/** A clock tests can move. */
export function testClock(startMs = Date.UTC(2026, 10, 22, 9, 0, 0)) {
  let t = startMs;
  return { now: () => t, advance: (ms: number) => (t += ms), set: (ms: number) => (t = ms) };
}

export function tempDataDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'opsflow-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** An engine on a real SQLite file in a temp folder, with fast password hashing for tests. */
export async function openTestEngine(options: Partial<EngineOptions> & { dataDir: string }) {
  const engine = await Engine.open({
    log: silentLogger,
    ...options,
    tuning: { signInDelayBaseMs: 1, passwordCost: { N: 1024, r: 8, p: 1 }, ...options.tuning },
  });
  return engine;
}

/** Calls a method and returns its output, or throws an Error carrying the engine's code. */
export async function call<M extends MethodName>(engine: Engine, method: M, input: InputOf<M>, token: string | null = null): Promise<OutputOf<M>> {
  const result = await engine.dispatch({ method, input, token });
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
  return result.output as OutputOf<M>;
}

/** The error code a call fails with (the test fails if it succeeds). */
export async function failure(engine: Engine, method: string, input: unknown, token: string | null = null): Promise<string> {
  const result = await engine.dispatch({ method, input, token });
  if (result.ok) throw new Error(`${method} succeeded but was expected to fail`);
  return result.error.code;
}

export async function setUpOrganization(engine: Engine): Promise<SessionInfo> {
  return call(engine, 'setup.create', {
    organizationName: 'Bistro Group',
    location: { name: 'Downtown', address: '1 Main St', timeZone: 'America/New_York', temperatureUnit: 'F' },
    admin: TEST_ADMIN,
  });
}

/** A password that passes the policy, for users the tests create. */
export const TEST_PASSWORD = 'plum tree orchard 42';

/**
 * The admin creates a user (through the contract, as the UI would) who then signs in.
 * Roles that see only granted locations get the device's home location unless told otherwise.
 */
export async function addUser(
  engine: Engine,
  adminToken: string,
  init: { username: string; role: UserSummary['role']; locationIds?: string[]; displayName?: string; password?: string },
): Promise<{ user: UserSummary; session: SessionInfo; password: string }> {
  const password = init.password ?? TEST_PASSWORD;
  const homeLocationId = engine.context.identity()!.homeLocationId;
  const user = await call(
    engine,
    'users.create',
    { username: init.username, displayName: init.displayName ?? init.username, role: init.role as never, locationIds: init.locationIds ?? [homeLocationId], password },
    adminToken,
  );
  const session = await call(engine, 'auth.signIn', { username: init.username, password });
  return { user, session, password };
}

/** Rows of a table, for before/after comparisons. */
export function tableRows(engine: Engine, table: string): unknown[] {
  return engine.context.sqlite.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all();
}

export function rowCount(engine: Engine, table: string): number {
  return Number(engine.context.sqlite.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get());
}

/** The audit entries, oldest first (this device's chain order). */
export function auditActions(engine: Engine): { action: string; risk: string; summary: string; actor_id: string | null }[] {
  return engine.context.sqlite.prepare('SELECT action, risk, summary, actor_id FROM audit_entries ORDER BY seq').all() as never;
}

/** What the devices store by themselves while live sensors are polled (see dataSnapshot). */
const LIVE_POLLING_TABLES = new Set(['sensors', 'readings', 'reading_rollups', 'live_reading_buffer']);

/**
 * Everything a refused call must leave alone: the directory, settings, this PC's state, sensors,
 * readings and their hourly rollups, calibrations, and the documents themselves (y_updates). The
 * one thing a refusal may add is its audit entry: audit_entries are left out, and so are the audit
 * batches of the log documents, whose other facts (readings, calibrations) are compared by content.
 *
 * `livePolling`: devices poll live sensors meanwhile, so leave out what polling stores by itself:
 * readings, and the sensor (in the table and the location's ops document) of a channel first seen.
 */
export function dataSnapshot(engine: Engine, options: { livePolling?: boolean } = {}): string {
  const tables = [
    'meta',
    'locations',
    'users',
    'user_locations',
    'organization_settings',
    'device_settings',
    'sign_in_attempts',
    'backups',
    'sensors',
    'calibration_events',
    'readings',
    'reading_rollups',
    'live_reading_buffer',
    'tasks',
    'haccp_units',
    'haccp_runs',
    'alerts',
    'inventory_items',
    'inventory_suppliers',
    'stock_movements',
    'stock_balances',
    'stock_lots',
    'stock_counts',
    'stock_count_lines',
  ].filter((t) => !(options.livePolling && LIVE_POLLING_TABLES.has(t)));
  // Sorted as text: the readings tables are WITHOUT ROWID, and only what is there matters, not the order.
  const rows = (t: string) => engine.context.sqlite.prepare(`SELECT * FROM ${t}`).all().map((r) => JSON.stringify(r)).sort();
  const snapshot: Record<string, unknown> = Object.fromEntries(tables.map((t) => [t, rows(t)]));
  snapshot.documents = options.livePolling
    ? documentsSnapshot(engine, { leaveOutKinds: [BATCH_KIND.audit, BATCH_KIND.readings], opsDocuments: false })
    : documentsSnapshot(engine, { leaveOutKinds: [BATCH_KIND.audit], opsDocuments: true });
  return JSON.stringify(snapshot);
}

/**
 * The stored documents: each update of the directory and ops documents (by hash), and the fact
 * batches of each log document except the kinds named (a log document grows by appending batches,
 * and an audit batch is what a refusal leaves).
 */
function documentsSnapshot(engine: Engine, { leaveOutKinds, opsDocuments }: { leaveOutKinds: number[]; opsDocuments: boolean }): Record<string, string[]> {
  const rows = engine.context.sqlite.prepare('SELECT doc, "update" FROM y_updates ORDER BY seq').all() as { doc: string; update: Uint8Array }[];
  const byDoc = new Map<string, Uint8Array[]>();
  for (const row of rows) byDoc.set(row.doc, [...(byDoc.get(row.doc) ?? []), row.update]);
  const documents: Record<string, string[]> = {};
  for (const [name, updates] of [...byDoc].sort(([a], [b]) => a.localeCompare(b))) {
    const kind = parseDocName(name)?.kind;
    if (kind === 'ops' && !opsDocuments) continue;
    if (kind !== 'log') {
      documents[name] = updates.map((u) => createHash('sha256').update(u).digest('hex'));
      continue;
    }
    const doc = new Y.Doc();
    for (const update of updates) Y.applyUpdate(doc, update);
    const facts = [...doc.getMap<Uint8Array>(FACT_BATCHES_MAP).entries()]
      .filter(([, batch]) => !leaveOutKinds.includes(batchKind(batch)))
      .map(([key]) => key)
      .sort();
    doc.destroy();
    // A month's log document may have been started by the refusal's audit entry alone.
    if (facts.length > 0) documents[name] = facts;
  }
  return documents;
}

const openedForTests: { engine: Engine; cleanup: () => void }[] = [];

/**
 * A set-up organization on a fresh data folder, with a clock the test can move: the usual start of
 * an engine test. `closeTestEngines` (in afterEach) closes and removes every one opened.
 */
export async function freshSetUpEngine() {
  const temp = tempDataDir();
  const clock = testClock();
  const engine = await openTestEngine({ dataDir: temp.dir, now: clock.now });
  openedForTests.push({ engine, cleanup: temp.cleanup });
  const admin = await setUpOrganization(engine);
  return { engine, clock, admin, dir: temp.dir };
}

export function closeTestEngines(): void {
  for (const { engine, cleanup } of openedForTests.splice(0)) {
    engine.close();
    cleanup();
  }
}

/** Starts watching devices on an open engine (tests pass simulators and short timings). */
export async function startDevices(engine: Engine, options: DevicesServiceOptions = {}): Promise<DevicesService> {
  const service = await engine.startService(devicesModule, { devices: options });
  if (!service) throw new Error('the devices service did not start');
  return service;
}

/** Stops watching devices; waiting live readings are stored first and the ports are closed when this resolves. */
export function stopDevices(engine: Engine): Promise<void> {
  return engine.stopService(devicesModule);
}
