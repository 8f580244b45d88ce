// Desktop engines and a hub in one test: the hub on 127.0.0.1 with a temporary PGlite folder (or a
// PostgreSQL server started for it), and
// engines enrolled with it through the contract, as a person would from Settings → Connect to hub.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import * as Y from 'yjs';
import type { SyncStatus } from '../../domain/contract/sync';
import { directoryDocName, parseDocName } from '../../domain/sync/doc-names';
import type { Engine } from '../../electron/core/engine';
import { enrollAtHub, readEnrollment, writeEnrollment } from '../../electron/core/sync/enrollment';
import { syncModule } from '../../electron/core/sync/module';
import type { Scheduler, SyncService } from '../../electron/core/sync/sync-service';
import { TEST_ADMIN, addUser, call, openTestEngine, setUpOrganization, tempDataDir, testClock } from '../../electron/core/testing/test-engine';
import { startHub, type Hub, type HubOptions } from '../../sync-server/hub';
import { createEnrollmentCode, createLocation, createTenant } from '../../sync-server/storage/tenants';
import { STORAGE_BACKENDS, type StorageBackend } from '../../sync-server/testing/storage-backends';

const PGLITE = STORAGE_BACKENDS[0]!;

/** Reconnect timers the test fires by hand: no waiting on the clock. */
export function manualScheduler() {
  const due = new Set<() => void>();
  const scheduler: Scheduler = {
    set(fn) {
      due.add(fn);
      return fn;
    },
    clear(handle) {
      due.delete(handle as () => void);
    },
  };
  return {
    scheduler,
    pending: () => due.size,
    /** Runs every reconnect that is waiting, as if its backoff had elapsed. */
    fireAll() {
      const fns = [...due];
      due.clear();
      for (const fn of fns) fn();
    },
  };
}

/**
 * A hub on a throwaway storage (a temporary PGlite folder unless told: a PostgreSQL server started
 * for it); `restart` stops it and starts it again on the same port and data.
 */
export async function testHub(backend: StorageBackend = PGLITE) {
  const storage = await backend.start();
  // PGlite keeps its secrets key in the data folder; a PostgreSQL-backed hub is given one, as HUB_SECRETS_KEY would.
  const secretsKey = 'databaseUrl' in storage.options ? randomBytes(32) : undefined;
  let hub: Hub = await startHub({ storage: storage.options, port: 0, onError: () => {}, secretsKey });
  const port = hub.port;
  let running = true;
  return {
    get hub() {
      return hub;
    },
    get url() {
      return hub.url;
    },
    async stop() {
      if (running) await hub.close();
      running = false;
    },
    /** `faults`: tests only, a hub whose projections go wrong (see HubOptions.beforeProjecting). */
    async start(faults: Pick<HubOptions, 'beforeProjecting'> = {}) {
      hub = await startHub({ storage: storage.options, port, onError: () => {}, secretsKey, ...faults });
      running = true;
    },
    async ensureRunning() {
      if (!running) await this.start();
    },
    async dispose() {
      await this.stop();
      await storage.stop();
    },
  };
}

export type TestHub = Awaited<ReturnType<typeof testHub>>;

/**
 * One hub for a test file (each test enrolls its own organization): after every test its PCs are
 * closed and the hub started again if the test stopped it.
 */
export function hubForThisFile(backend?: StorageBackend): TestHub {
  let inner: TestHub | undefined;
  beforeAll(async () => {
    inner = await testHub(backend);
  });
  afterEach(async () => {
    closeStations();
    await inner?.ensureRunning();
  });
  afterAll(async () => {
    await inner?.dispose();
  });
  const running = () => {
    if (!inner) throw new Error('The test hub starts in beforeAll: use it inside a test.');
    return inner;
  };
  return {
    get hub() {
      return running().hub;
    },
    get url() {
      return running().url;
    },
    stop: () => running().stop(),
    start: (faults?: Pick<HubOptions, 'beforeProjecting'>) => running().start(faults),
    ensureRunning: () => running().ensureRunning(),
    dispose: () => running().dispose(),
  };
}

export interface Station {
  engine: Engine;
  dir: string;
  adminToken: string;
  timers: ReturnType<typeof manualScheduler>;
  service(): SyncService;
}

const opened: { engine: Engine; cleanup: () => void }[] = [];

/** How a test opens a PC: its clock (default the real one), for a PC whose clock is off. */
export interface StationOptions {
  now?: () => number;
}

async function openStation(dir: string, timers = manualScheduler(), options: StationOptions = {}) {
  const engine = await openTestEngine({ dataDir: dir, sync: { scheduler: timers.scheduler }, ...(options.now ? { now: options.now } : {}) });
  return { engine, timers };
}

function station(engine: Engine, dir: string, adminToken: string, timers: ReturnType<typeof manualScheduler>): Station {
  return { engine, dir, adminToken, timers, service: () => engine.service(syncModule)! };
}

/** A standalone restaurant's PC, set up at first run as usual (not enrolled). */
export async function standaloneStation(options: StationOptions = {}): Promise<Station> {
  const temp = tempDataDir();
  const { engine, timers } = await openStation(temp.dir, manualScheduler(), options);
  opened.push({ engine, cleanup: temp.cleanup });
  const admin = await setUpOrganization(engine);
  return station(engine, temp.dir, admin.token, timers);
}

/** A new PC's copy of the organization's directory and sign-in secrets, as the first PC holds them, at `homeLocationId`. */
function copyOrganization(first: Station, engine: Engine, homeLocationId: string): void {
  const { tenantId } = first.engine.context.identity()!;
  const directory = Y.encodeStateAsUpdate(first.engine.context.docs.get(directoryDocName(tenantId)));
  const credentials = first.engine.context.docs.storedNames().filter((name) => parseDocName(name)?.kind === 'credentials');
  engine.context.docs.transaction(() => {
    engine.context.setIdentity({ tenantId, homeLocationId, stationId: uuidv7() });
    engine.context.docs.applyRemote(directoryDocName(tenantId), directory);
    for (const name of credentials) engine.context.docs.applyRemote(name, Y.encodeStateAsUpdate(first.engine.context.docs.get(name)));
  });
}

/**
 * Another PC of the same restaurant (or, with `locationId`, of another location of the
 * organization): it holds the organization's directory (as the hub will hand it out) and the
 * location's ids, with its own station id and audit chain.
 */
export async function secondStationOf(first: Station, options: StationOptions & { locationId?: string } = {}): Promise<Station> {
  const temp = tempDataDir();
  const { engine, timers } = await openStation(temp.dir, manualScheduler(), options);
  opened.push({ engine, cleanup: temp.cleanup });
  copyOrganization(first, engine, options.locationId ?? first.engine.context.identity()!.homeLocationId);
  const admin = await call(engine, 'auth.signIn', { username: TEST_ADMIN.username, password: TEST_ADMIN.password });
  return station(engine, temp.dir, admin.token, timers);
}

/**
 * A new PC of the organization at `locationId` (default: the first PC's), that gets everything from
 * the hub: it is enrolled as the connect step does, and resolves once the hub has handed it the
 * directory and the administrator's sign-in secrets, with which the administrator signs in.
 */
export async function joinedStation(hub: Hub, first: Station, locationId?: string): Promise<Station> {
  const temp = tempDataDir();
  const { engine, timers } = await openStation(temp.dir);
  opened.push({ engine, cleanup: temp.cleanup });
  const { tenantId, homeLocationId } = first.engine.context.identity()!;
  const at = locationId ?? homeLocationId;
  engine.context.docs.transaction(() => engine.context.setIdentity({ tenantId, homeLocationId: at, stationId: uuidv7() }));
  const code = await createEnrollmentCode(hub.db, tenantId, { locationId: at, canWrite: true, nowMs: Date.now() });
  const enrolled = await enrollAtHub(hub.url, code, 'Joining PC');
  writeEnrollment(engine.context, { hubUrl: hub.url, token: enrolled.token, tenantId, locationId: at, enrolledAtMs: engine.context.now(), canWriteDirectory: enrolled.canWriteDirectory });
  const joining = station(engine, temp.dir, '', timers);
  joining.service().connect();
  await until([joining], () => allSynced(joining)() && !!engine.context.directory.userByUsername(TEST_ADMIN.username)?.password_hash);
  const admin = await call(engine, 'auth.signIn', { username: TEST_ADMIN.username, password: TEST_ADMIN.password });
  return station(engine, temp.dir, admin.token, timers);
}

/** Closes the engine and opens it again on the same data folder (a restart of the PC). */
export async function restartStation(s: Station): Promise<Station & { statusAtOpen: SyncStatus }> {
  s.service().stop();
  s.engine.close();
  const { engine, timers } = await openStation(s.dir);
  const statusAtOpen = engine.service(syncModule)!.status();
  const entry = opened.find((o) => o.engine === s.engine);
  if (entry) entry.engine = engine;
  const admin = await call(engine, 'auth.signIn', { username: TEST_ADMIN.username, password: TEST_ADMIN.password });
  return { ...station(engine, s.dir, admin.token, timers), statusAtOpen };
}

export function closeStations(): void {
  for (const { engine, cleanup } of opened.splice(0)) {
    engine.close();
    cleanup();
  }
}

/** The hub operator creates the organization with the PC's own ids; the PC enrolls with the code. */
export async function enrollOrganization(hub: Hub, first: Station): Promise<{ tenantId: string; locationId: string }> {
  const { tenantId, homeLocationId } = first.engine.context.identity()!;
  const { enrollmentCode } = await createTenant(hub.db, { name: 'Bistro Group', locationName: 'Downtown', nowMs: Date.now(), tenantId, locationId: homeLocationId });
  await call(first.engine, 'sync.enroll', { hubUrl: hub.url, code: enrollmentCode }, first.adminToken);
  return { tenantId, locationId: homeLocationId };
}

/**
 * A second location of an enrolled organization, as its admin adds it: in the organization's
 * directory (at the first PC, before the others copy it) and at the hub.
 */
export async function addLocation(hub: Hub, first: Station, name: string): Promise<string> {
  const location = await call(first.engine, 'locations.create', { name, address: '9 Quay Rd', timeZone: 'America/New_York', temperatureUnit: 'F' }, first.adminToken);
  await createLocation(hub.db, first.engine.context.identity()!.tenantId, { name, nowMs: Date.now(), locationId: location.id });
  return location.id;
}

/** Enrolls another PC of the organization at its own location (the hub must know the location). */
export async function enrollAnother(hub: Hub, s: Station): Promise<void> {
  const { tenantId, homeLocationId } = s.engine.context.identity()!;
  const code = await createEnrollmentCode(hub.db, tenantId, { locationId: homeLocationId, canWrite: true, nowMs: Date.now() });
  await call(s.engine, 'sync.enroll', { hubUrl: hub.url, code }, s.adminToken);
}

/**
 * Resolves when `check` holds, checking again after each status change or data change of any of
 * the stations: real loopback I/O, awaited on events (the test's timeout is the only limit).
 */
export function until(stations: Station[], check: () => boolean): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((resolve) => {
    const stops: (() => void)[] = [];
    const again = () => {
      if (!check()) return;
      for (const stop of stops) stop();
      resolve();
    };
    for (const s of stations) {
      stops.push(s.service().onStatus(again));
      stops.push(s.engine.events.listen(again));
    }
  });
}

export function status(s: Station): SyncStatus {
  return s.service().status();
}

/** Both stations connected with nothing waiting: the hub has stored everything each holds. */
export function allSynced(...stations: Station[]): () => boolean {
  return () => stations.every((s) => status(s).state === 'connected' && status(s).changesWaiting === 0);
}

/** The rows of a projected table, in a stable order, for comparing two PCs. */
export function projected(s: Station, table: string, orderBy: string): unknown[] {
  return s.engine.context.sqlite.prepare(`SELECT * FROM ${table} ORDER BY ${orderBy}`).all();
}

/**
 * Points an enrolled PC at another address for the same hub (a relay in front of it) and
 * reconnects: what a PC behind a proxy or a changed DNS name would do.
 */
export function relinkThrough(s: Station, wsUrl: string): void {
  const ctx = s.engine.context;
  const enrollment = readEnrollment(ctx)!;
  s.service().stop();
  ctx.stationSettings.set('sync.enrollment', { ...enrollment, hubUrl: wsUrl.replace(/^ws/, 'http') });
  s.service().connect();
}

/**
 * A regional office's PC of the organization: its own location (`Regional office`, added to the
 * directory and the hub), holding the organization's directory like `secondStationOf`, enrolled
 * with a code that lets it read `reads` (location ids, or 'all') besides its own.
 */
export async function regionalStationOf(hub: Hub, first: Station, reads: 'all' | string[]): Promise<Station> {
  const { tenantId } = first.engine.context.identity()!;
  const office = await call(first.engine, 'locations.create', { name: 'Regional office', address: '1 Main St', timeZone: 'UTC', temperatureUnit: 'C' }, first.adminToken);
  await createLocation(hub.db, tenantId, { name: 'Regional office', nowMs: Date.now(), locationId: office.id });
  const temp = tempDataDir();
  const { engine, timers } = await openStation(temp.dir);
  opened.push({ engine, cleanup: temp.cleanup });
  copyOrganization(first, engine, office.id);
  const admin = await call(engine, 'auth.signIn', { username: TEST_ADMIN.username, password: TEST_ADMIN.password });
  const code = await createEnrollmentCode(hub.db, tenantId, { locationId: office.id, canWrite: true, nowMs: Date.now(), readLocations: reads });
  await call(engine, 'sync.enroll', { hubUrl: hub.url, code }, admin.token);
  return station(engine, temp.dir, admin.token, timers);
}

/**
 * Downtown's PC (a) founds the organization, Uptown's (b) joins, both on one test clock; max, a
 * staff member, works at both. The clock starts at real time: the hub dates the PCs' tokens by its own.
 */
export async function twoLocationsSharingMax(hub: Hub) {
  const clock = testClock(Math.floor(Date.now() / 30_000) * 30_000);
  const a = await standaloneStation({ now: clock.now });
  const { tenantId, locationId: downtown } = await enrollOrganization(hub, a);
  const uptown = await addLocation(hub, a, 'Uptown');
  const max = await addUser(a.engine, a.adminToken, { username: 'max', role: 'STAFF', locationIds: [downtown, uptown] });
  const b = await secondStationOf(a, { locationId: uptown, now: clock.now });
  await enrollAnother(hub, b);
  await until([a, b], allSynced(a, b));
  return { a, b, clock, tenantId, downtown, uptown, max };
}
