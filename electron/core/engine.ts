import { join } from 'node:path';
import type { CallRequest, CallResult } from '../../domain/contract';
import { OpsFlowError } from '../../domain/errors';
import { logDocName, opsDocName, parseDocName } from '../../domain/sync/doc-names';
import { AuditWriter } from './audit/audit-writer';
import { Sessions } from './auth/sessions';
import type { EngineContext, EngineTuning } from './context';
import { makePrivateFolder } from './data-dir';
import { openDatabase } from './db/open-database';
import { migrateToLatest } from './db/migrate';
import { SyncQuery } from './db/sync-query';
import type { DevicesService } from './devices/devices-service';
import type { DevicesServiceOptions } from './devices/devices-service-options';
import { devicesModule } from './devices/module';
import { syncModule } from './sync/module';
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
import { fileKeyProvider, SECRET_KEY_FILE } from './secrets/key-file';
import { sessionHearsStationTopic } from './station/station-scope';
import { SecretBox, type SecretKeyProvider } from './secrets/secret-box';

export const DB_FILE_NAME = 'opsflow.db';

/** How long shutdown waits for the services (device ports closing) before it closes the database anyway. */
export const SERVICE_STOP_GRACE_MS = 5_000;

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
  /** The key that seals secrets at rest; a key file in the data folder unless the shell holds one (see SecretKeyProvider). */
  secretKey?: SecretKeyProvider;
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
  readonly events = new EventBus((topic, target) =>
    eventAudience(this.ctx?.sessions ?? null, topic, target, (session) => sessionHearsStationTopic(this.ctx, session, topic)),
  );
  private ctx!: EngineContext;
  private readonly dispatcher: Dispatcher;
  private readonly running = new Map<string, RunningService>();
  /** One per engine, not per database: the key belongs to this PC and stays across a restore. */
  private readonly secrets: SecretBox;

  private constructor(private readonly options: EngineOptions & { log: Logger; now: () => number; tuning: EngineTuning }) {
    this.dispatcher = new Dispatcher(() => this.ctx, collectHandlers(FEATURE_MODULES));
    this.secrets = new SecretBox(options.secretKey ?? fileKeyProvider(join(options.dataDir, SECRET_KEY_FILE)));
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

  /**
   * Opens the data folder's database: migrates it, loads the day's documents, runs the modules'
   * open checks. If loading or a check fails, the database is closed again and this throws.
   * `keep.sessions` carries the signed-in sessions over (a restore that was rolled back).
   */
  private async load(keep: { sessions?: Sessions } = {}): Promise<void> {
    const { dataDir, log, now, tuning } = this.options;
    makePrivateFolder(dataDir);
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
      secrets: this.secrets,
      audit: new AuditWriter(q, db, docs, () => identity, now),
      // New sessions with every database: after a restore, everyone signs in again.
      sessions:
        keep.sessions ??
        new Sessions(
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
      sync: () => this.service(syncModule),
      replaceDatabase: (swap, afterReopen) => this.replaceDatabase(swap, afterReopen),
    };
    try {
      if (identity) {
        // Only the documents a day's work needs; older months load when something asks for them.
        docs.get(`${identity.tenantId}/directory`);
        docs.get(opsDocName(identity.tenantId, identity.homeLocationId));
        docs.get(logDocName(identity.tenantId, identity.homeLocationId, now()));
      }
      for (const module of FEATURE_MODULES) module.onOpen?.(this.ctx);
    } catch (err) {
      this.closeDatabase();
      throw err;
    }
  }

  /**
   * Swaps the database file (a restore), all or nothing. The services write into the database: they
   * stop before it goes and start again on the new one. `swap` replaces the file and returns how to
   * put the previous one back; if reopening or `afterReopen` fails, the previous database is put
   * back, reopened with the same sessions, and the error is thrown: the app goes on as before.
   */
  private async replaceDatabase(swap: () => () => void, afterReopen?: (ctx: EngineContext) => void): Promise<EngineContext> {
    const restart = [...this.running.entries()].map(([name, r]) => ({ module: FEATURE_MODULES.find((m) => m.name === name)!, switches: r.switches }));
    for (const { module } of restart) await this.stopService(module);
    const sessions = this.ctx.sessions;
    this.closeDatabase();
    let undo: (() => void) | null = null;
    let reopened = false;
    try {
      undo = swap();
      await this.load();
      reopened = true;
      afterReopen?.(this.ctx);
    } catch (err) {
      this.options.log.error({ err }, 'the database could not be replaced; putting the previous one back');
      try {
        if (reopened) this.closeDatabase();
        undo?.();
        await this.load({ sessions });
      } catch (rollbackErr) {
        this.options.log.error({ err: rollbackErr }, 'the previous database could not be reopened either');
        throw new OpsFlowError('INTERNAL', 'OpsFlow could not reopen its data after a failed restore. Restart OpsFlow; if it does not start, tell your IT contact.', {
          rollbackFailed: true,
        });
      }
      for (const { module, switches } of restart) await this.startService(module, switches);
      throw err;
    }
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

  /**
   * Stops the services, then closes the database. A service's database work ends before its stop's
   * first await, so a device port that never finishes closing (a stuck USB or serial listing) is
   * given `graceMs` and then left behind: quitting must not hang on it.
   */
  async shutdown(graceMs = SERVICE_STOP_GRACE_MS): Promise<void> {
    const names = [...this.running.keys()];
    const stopping = Promise.allSettled(names.map((name) => this.stopService(FEATURE_MODULES.find((m) => m.name === name)!)));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), graceMs)));
    const outcomes = await Promise.race([stopping, late]);
    clearTimeout(timer);
    if (outcomes === null) this.options.log.warn({ services: names, graceMs }, 'services did not stop in time; closing the database without them');
    else {
      outcomes.forEach((outcome, i) => {
        if (outcome.status === 'rejected') this.options.log.warn({ err: outcome.reason, service: names[i] }, 'a service did not stop cleanly');
      });
    }
    this.closeDatabase();
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
