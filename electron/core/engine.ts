import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CallRequest, CallResult } from '../../domain/contract';
import { logDocName, opsDocName, parseDocName } from '../../domain/sync/doc-names';
import { AuditWriter } from './audit/audit-writer';
import { Sessions } from './auth/sessions';
import type { EngineContext, EngineTuning } from './context';
import { openDatabase } from './db/open-database';
import { migrateToLatest } from './db/migrate';
import { SyncQuery } from './db/sync-query';
import type { DevicesService } from './devices/devices-service';
import type { DevicesServiceOptions } from './devices/devices-service-options';
import { devicesModule } from './devices/module';
import { Directory } from './directory/directory';
import { Dispatcher } from './dispatcher';
import { EventBus, eventAudience } from './events';
import type { FeatureModule, FeatureService, ServiceSwitches } from './feature-module';
import { createLogger, type Logger } from './logger';
import { FEATURE_MODULES, MIGRATIONS, collectHandlers } from './modules';
import { readIdentity, writeIdentity, type StationIdentity } from './station/identity';
import { StationSettings } from './station/station-settings';
import type { Store } from './store';
import { DocStore } from './sync/doc-store';
import { FactBatchProjection } from './sync/fact-projection';
import { ProjectionRegistry } from './sync/projection-registry';

export const DB_FILE_NAME = 'opsflow.db';

export interface EngineOptions extends ServiceSwitches {
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

type AnyModule = FeatureModule<any, any, any>;

interface RunningService {
  service: FeatureService;
  switches: ServiceSwitches;
}

/**
 * The back-office engine: one data folder, one SQLite file, the documents, the sessions, and the
 * dispatcher every transport calls. Its features are the modules of modules.ts: the engine wires
 * their handlers, projections and migrations, and runs their services. Runs under plain Node and
 * in Electron's utilityProcess (electron/core/host).
 */
export class Engine {
  /** Broadcasts go to the sessions of the database open at the time (a restore signs everyone out). */
  readonly events = new EventBus((topic, target) => eventAudience(this.ctx?.sessions ?? null, topic, target));
  private ctx!: EngineContext;
  private readonly dispatcher: Dispatcher;
  private readonly running = new Map<string, RunningService>();

  private constructor(private readonly options: EngineOptions & { log: Logger; now: () => number; tuning: EngineTuning }) {
    this.dispatcher = new Dispatcher(() => this.ctx, collectHandlers(FEATURE_MODULES));
  }

  static async open(options: EngineOptions): Promise<Engine> {
    const engine = new Engine({
      ...options,
      log: options.log ?? createLogger(),
      now: options.now ?? Date.now,
      tuning: { signInDelayBaseMs: 500, compactAfterUpdates: 500, ...options.tuning },
    });
    await engine.load();
    for (const module of FEATURE_MODULES) await engine.startService(module, options);
    return engine;
  }

  get context(): EngineContext {
    return this.ctx;
  }

  dispatch(request: Omit<CallRequest, 'id'>): Promise<CallResult> {
    return this.dispatcher.dispatch(request);
  }

  /** A module's running service, or null. */
  service<S extends FeatureService>(module: FeatureModule<any, any, S>): S | null {
    return (this.running.get(module.name)?.service as S | undefined) ?? null;
  }

  /** Starts a module's service if `switches` ask for it and it is not running; returns it (or null). */
  async startService<S extends FeatureService>(module: FeatureModule<any, any, S>, switches: ServiceSwitches): Promise<S | null> {
    const existing = this.service(module);
    if (existing || !module.service) return existing;
    const serviceOptions = module.service.options(switches);
    if (serviceOptions === null) return null;
    const service = module.service.create({ context: () => this.ctx, options: serviceOptions });
    this.running.set(module.name, { service, switches });
    await service.start();
    return service;
  }

  /** Stops a module's service; its database work ends before the first await (see FeatureService.stop). */
  async stopService(module: AnyModule): Promise<void> {
    const running = this.running.get(module.name);
    this.running.delete(module.name);
    await running?.service.stop();
  }

  private async load(): Promise<void> {
    const { dataDir, log, now, tuning } = this.options;
    mkdirSync(dataDir, { recursive: true });
    const dbFile = join(dataDir, DB_FILE_NAME);
    const { sqlite, db } = openDatabase(dbFile);
    try {
      const { applied } = await migrateToLatest(db, MIGRATIONS);
      if (applied.length > 0) log.info({ applied }, 'database migrated');
    } catch (err) {
      sqlite.close();
      throw err;
    }
    const q = new SyncQuery(sqlite);
    let identity: StationIdentity | null = readIdentity(q, db);

    // Screens showing a changed kind of data re-fetch; remote changes will arrive the same way.
    const registry = new ProjectionRegistry(
      (name) => parseDocName(name)?.kind ?? null,
      (kinds) => this.events.emit('data.changed', { kinds }),
    );
    const docs = new DocStore(q, db, registry, { compactAfterUpdates: tuning.compactAfterUpdates, now });
    const store: Store = { sqlite, db, q, docs, log, now, identity: () => identity };
    const facts = new FactBatchProjection(log);
    for (const module of FEATURE_MODULES) {
      for (const projection of module.projections?.(store) ?? []) registry.register(projection);
      for (const { kind, changes, project } of module.factKinds?.(store) ?? []) facts.registerKind(kind, changes, project);
    }
    registry.register(facts);

    this.ctx = {
      ...store,
      dataDir,
      dbFile,
      directory: new Directory(q, db, docs, () => identity!.tenantId),
      stationSettings: new StationSettings(q, db),
      audit: new AuditWriter(q, db, docs, () => identity, now),
      // New sessions with every database: after a restore, everyone signs in again.
      sessions: new Sessions(
        now,
        () => this.ctx.directory.settings().idleLockMinutes * 60_000,
        (session, reason) => this.events.emit('session.locked', { reason }, { token: session.token }),
      ),
      events: this.events,
      setIdentity: (next) => {
        writeIdentity(q, db, next);
        identity = next;
      },
      options: tuning,
      knownMigrations: new Set(Object.keys(MIGRATIONS)),
      devices: () => this.service(devicesModule) satisfies DevicesService | null,
      replaceDatabase: (replace, afterReopen) => this.replaceDatabase(replace, afterReopen),
    };
    if (identity) {
      // Only the documents a day's work needs; older months load when something asks for them.
      docs.get(`${identity.tenantId}/directory`);
      docs.get(opsDocName(identity.tenantId, identity.homeLocationId));
      docs.get(logDocName(identity.tenantId, identity.homeLocationId, now()));
    }
  }

  /** The services write into the database: they stop before it goes and start again on the new one. */
  private async replaceDatabase(replace: () => void, afterReopen?: (ctx: EngineContext) => void): Promise<EngineContext> {
    const restart = [...this.running.entries()].map(([name, r]) => ({ module: FEATURE_MODULES.find((m) => m.name === name)!, switches: r.switches }));
    for (const { module } of restart) await this.stopService(module);
    this.closeDatabase();
    replace();
    await this.load();
    afterReopen?.(this.ctx);
    for (const { module, switches } of restart) await this.startService(module, switches);
    return this.ctx;
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

  /** Stops every service and waits for them (device ports closed), then closes the database. */
  async shutdown(): Promise<void> {
    for (const name of [...this.running.keys()]) await this.stopService(FEATURE_MODULES.find((m) => m.name === name)!);
    this.close();
  }

  /**
   * Closes the engine. The services' database work ends before this returns (waiting live readings
   * are stored); device ports close in the background. Await stopService() first to wait for that too.
   */
  close(): void {
    for (const name of [...this.running.keys()]) {
      const module = FEATURE_MODULES.find((m) => m.name === name)!;
      this.stopService(module).catch((err) => this.options.log.warn({ err, service: name }, 'a service did not stop cleanly'));
    }
    this.closeDatabase();
  }
}
