import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InputOf, MethodName, OutputOf, SessionInfo, UserSummary } from '../../../domain/contract';
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

/** Everything a refused call must leave alone: the directory, settings, this PC's state. */
export function dataSnapshot(engine: Engine): string {
  const tables = ['meta', 'locations', 'users', 'user_locations', 'organization_settings', 'device_settings', 'sign_in_attempts', 'backups'];
  return JSON.stringify(Object.fromEntries(tables.map((t) => [t, tableRows(engine, t)])));
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
