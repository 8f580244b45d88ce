import type { Migration } from 'kysely';
import type { MethodName } from '../../domain/contract';
import type { EntityKind } from '../../domain/contract/events';
import type { BatchKind } from '../../domain/sync/fact-batch';
import type { EngineContext } from './context';
import type { HandlerMap } from './handler';
import type { Store } from './store';
import type { MapProjection } from './sync/projection-registry';

/** Writes the rows of one kind of fact batch (the first byte of the batch says which kind). */
export interface FactKind {
  kind: BatchKind;
  /** What the screens are told changed when a batch of this kind arrives. */
  changes: EntityKind;
  project(docName: string, batch: Uint8Array): void;
}

/** Something a feature keeps running while the engine is open: timers, device loops. */
export interface FeatureService {
  start(): Promise<void> | void;
  /**
   * Everything that touches the database happens before the first await: the engine may close the
   * database right after calling this without waiting for the rest (ports closing, say).
   */
  stop(): Promise<void> | void;
}

/** What a service is built from: the engine's context (read afresh: a restore replaces it) and how it was opened. */
export interface ServiceHost<Options> {
  context(): EngineContext;
  options: Options;
}

/**
 * One feature of the engine: its contract handlers, what its documents mean in SQL, its schema
 * changes, and what it keeps running. `engine.ts` walks one list of these (modules.ts); adding a
 * feature is a folder per layer and one line in that list.
 */
export interface FeatureModule<M extends MethodName = MethodName, ServiceOptions = never, Service extends FeatureService = FeatureService> {
  name: string;
  handlers: HandlerMap<M>;
  /** Top-level maps of documents this feature projects into SQL. */
  projections?(store: Store): MapProjection[];
  /** Kinds of fact batches in log documents this feature projects. */
  factKinds?(store: Store): FactKind[];
  /**
   * Runs each time the engine opens a database (start-up, after a restore), on the migrated
   * database with its documents loaded, before any service starts. A throw fails the open (and
   * makes a restore put the previous database back).
   */
  onOpen?(ctx: EngineContext): void;
  /** Kysely migrations, keyed by their shipped name (the names sort into one order across features). */
  migrations?: Record<string, Migration>;
  /** The feature's running part; `options` decides from the engine's options whether (and how) it runs. */
  service?: {
    options(engineOptions: ServiceSwitches): ServiceOptions | null;
    create(host: ServiceHost<ServiceOptions>): Service;
  };
}

/** The engine options services look at to decide whether they run (see EngineOptions). */
export interface ServiceSwitches {
  timers?: boolean;
  devices?: boolean | object;
  /** Link to the hub once enrolled (on unless false); an object passes the sync service's options. */
  sync?: boolean | object;
  demo?: boolean;
}

/** A module whose method set is erased, for the list: modules.ts checks the list covers the contract. */
export type AnyFeatureModule = FeatureModule<any, any, FeatureService>;

/** Declares a module with its methods inferred from its handlers. */
export function defineModule<M extends MethodName, O = never, S extends FeatureService = FeatureService>(module: FeatureModule<M, O, S>): FeatureModule<M, O, S> {
  return module;
}
