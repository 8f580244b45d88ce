import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CallRequest, CallResult } from '../../domain/contract';
import { BATCH_KIND } from '../../domain/sync/fact-batch';
import { logDocName, opsDocName, parseDocName } from '../../domain/sync/doc-names';
import { AuditWriter, type DeviceIdentity } from './audit/audit-writer';
import { projectAuditBatch } from './audit/projection';
import { DevicesService, type DevicesServiceOptions } from './devices/devices-service';
import { CalibrationProjection } from './sensors/calibration-projection';
import { ReadingsProjection } from './readings/readings-projection';
import { sensorsProjection } from './sensors/sensors-projection';
import { Sessions } from './auth/sessions';
import type { EngineContext, EngineTuning } from './context';
import { openDatabase } from './db/open-database';
import { migrateToLatest } from './db/migrate';
import { SyncQuery } from './db/sync-query';
import { DeviceSettings } from './device-settings';
import { Directory } from './directory/directory';
import { directoryProjections } from './directory/projection';
import { Dispatcher } from './dispatcher';
import { EventBus } from './events';
import { handlers } from './handlers';
import { readIdentity, writeIdentity } from './identity';
import { createLogger, type Logger } from './logger';
import { runBackup } from './backup/backup-service';
import { backupSettings, lastBackup } from './backup/backup-settings';
import { DocStore } from './sync/doc-store';
import { FactBatchProjection } from './sync/fact-projection';
import { ProjectionRegistry } from './sync/projection-registry';

export const DB_FILE_NAME = 'opsflow.db';

export interface EngineOptions {
  dataDir: string;
  now?: () => number;
  log?: Logger;
  tuning?: Partial<EngineTuning>;
  /** Timers for idle locking and daily backups; off in most tests. */
  timers?: boolean;
  /** Watch devices (this PC's, or the demo's simulators); on with `timers` unless said otherwise. */
  devices?: boolean | DevicesServiceOptions;
  /** Start with simulated devices (`--demo`) without storing the demoMode setting. */
  demo?: boolean;
}

const DAY_MS = 24 * 3600_000;

/**
 * The back-office engine: one data folder, one SQLite file, the documents, the sessions, and the
 * dispatcher every transport calls. Runs under plain Node and inside Electron's main process.
 */
export class Engine {
  readonly events = new EventBus();
  private ctx!: EngineContext;
  private readonly dispatcher: Dispatcher;
  private readonly timers: NodeJS.Timeout[] = [];
  private devicesService: DevicesService | null = null;

  private constructor(private readonly options: EngineOptions & { log: Logger; now: () => number; tuning: EngineTuning }) {
    this.dispatcher = new Dispatcher(() => this.ctx, handlers);
  }

  static async open(options: EngineOptions): Promise<Engine> {
    const engine = new Engine({
      ...options,
      log: options.log ?? createLogger(),
      now: options.now ?? Date.now,
      tuning: { signInDelayBaseMs: 500, compactAfterUpdates: 500, ...options.tuning },
    });
    await engine.load();
    if (options.timers) engine.startTimers();
    const devices = options.devices ?? options.timers;
    if (devices) await engine.startDevices(typeof devices === 'object' ? devices : {});
    return engine;
  }

  get context(): EngineContext {
    return this.ctx;
  }

  /** The devices being watched, or null. */
  get devices(): DevicesService | null {
    return this.devicesService;
  }

  /** Starts watching devices (Engine.open does when asked); tests pass simulators and short timings. */
  async startDevices(options: DevicesServiceOptions = {}): Promise<DevicesService> {
    if (this.devicesService) return this.devicesService;
    const service = new DevicesService(() => this.ctx, { ...options, demo: options.demo ?? this.options.demo });
    this.devicesService = service;
    await service.start();
    return service;
  }

  /** Stops watching devices; live readings still waiting are stored first. */
  async stopDevices(): Promise<void> {
    const service = this.devicesService;
    this.devicesService = null;
    await service?.stop();
  }

  dispatch(request: Omit<CallRequest, 'id'>): Promise<CallResult> {
    return this.dispatcher.dispatch(request);
  }

  private async load(sessions?: Sessions): Promise<void> {
    const { dataDir, log, now, tuning } = this.options;
    mkdirSync(dataDir, { recursive: true });
    const dbFile = join(dataDir, DB_FILE_NAME);
    const { sqlite, db } = openDatabase(dbFile);
    try {
      const { applied } = await migrateToLatest(db);
      if (applied.length > 0) log.info({ applied }, 'database migrated');
    } catch (err) {
      sqlite.close();
      throw err;
    }
    const q = new SyncQuery(sqlite);
    let identity: DeviceIdentity | null = readIdentity(q, db);

    // Screens showing a changed kind of data re-fetch; remote changes will arrive the same way.
    const registry = new ProjectionRegistry(
      (name) => parseDocName(name)?.kind ?? null,
      (kinds) => this.events.emit('data.changed', { kinds }),
    );
    for (const p of directoryProjections(q, db, log)) registry.register(p);
    registry.register(sensorsProjection(q, db, log));
    const facts = new FactBatchProjection(log);
    facts.registerKind(BATCH_KIND.audit, 'audit', (_doc, batch) => projectAuditBatch(q, db, log, batch));
    const readings = new ReadingsProjection(sqlite, log);
    facts.registerKind(BATCH_KIND.readings, 'readings', (doc, batch) => readings.project(doc, batch));
    const calibrations = new CalibrationProjection(sqlite, log);
    facts.registerKind(BATCH_KIND.calibration, 'calibrations', (doc, batch) => calibrations.project(doc, batch));
    registry.register(facts);

    const docs = new DocStore(q, db, registry, { compactAfterUpdates: tuning.compactAfterUpdates, now });
    const directory = new Directory(q, db, docs, () => identity!.tenantId);
    const deviceSettings = new DeviceSettings(q, db);
    const ctx: EngineContext = {
      dataDir,
      dbFile,
      sqlite,
      db,
      q,
      docs,
      directory,
      deviceSettings,
      audit: new AuditWriter(q, db, docs, () => identity, now),
      sessions:
        sessions ??
        new Sessions(
          now,
          () => this.ctx.directory.settings().idleLockMinutes * 60_000,
          (session, reason) => this.events.emit('session.locked', { reason }, { token: session.token }),
        ),
      events: this.events,
      log,
      now,
      identity: () => identity,
      setIdentity: (next) => {
        writeIdentity(q, db, next);
        identity = next;
      },
      options: tuning,
      devices: () => this.devicesService,
      replaceDatabase: async (replace, afterReopen) => {
        // The devices write into the database: they stop before it goes and start on the new one.
        const devices = this.devicesService;
        await this.stopDevices();
        this.closeDatabase();
        replace();
        await this.load();
        afterReopen?.(this.ctx);
        if (devices) await this.startDevices({ ...devices.startOptions, demo: devices.demoMode });
        return this.ctx;
      },
    };
    this.ctx = ctx;
    if (identity) {
      // Only the documents a day's work needs; older months load when something asks for them.
      docs.get(`${identity.tenantId}/directory`);
      docs.get(opsDocName(identity.tenantId, identity.homeLocationId));
      docs.get(logDocName(identity.tenantId, identity.homeLocationId, now()));
    }
  }

  private startTimers(): void {
    this.timers.push(setInterval(() => this.ctx.sessions.sweep(), 15_000));
    const backupIfDue = () => {
      const ctx = this.ctx;
      if (!ctx.identity() || !backupSettings(ctx).backupDaily) return;
      const last = lastBackup(ctx).successAtMs;
      if (last !== null && ctx.now() - last < DAY_MS) return;
      runBackup(ctx).then(
        (info) => ctx.audit.append({ action: 'backup.create', summary: `Daily backup to ${info.path}`, risk: 'LOW', entityType: 'backup' }, { id: null, name: 'system' }),
        (err) => ctx.log.error({ err }, 'daily backup failed'),
      );
    };
    this.timers.push(setInterval(backupIfDue, 30 * 60_000));
    setTimeout(backupIfDue, 60_000).unref();
    for (const t of this.timers) t.unref();
  }

  private closeDatabase(): void {
    this.ctx.docs.close();
    try {
      this.ctx.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    } catch (err) {
      this.ctx.log.warn({ err }, 'WAL checkpoint before close failed');
    }
    this.ctx.sqlite.close();
  }

  /**
   * Closes the engine. The devices' database work ends before this returns (waiting live readings
   * are stored); their ports close in the background. Await stopDevices() first to wait for that too.
   */
  close(): void {
    for (const t of this.timers) clearInterval(t);
    const devices = this.stopDevices();
    devices.catch((err) => this.options.log.warn({ err }, 'devices did not stop cleanly'));
    this.closeDatabase();
  }
}
