// Kysely speaks to the embedded PGlite the way it speaks to PostgreSQL: same adapter, same SQL,
// only the driver differs. PGlite is one connection, so a transaction holds it exclusively until
// it ends; everything else waits its turn.
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';
import type { EmbeddedPostgres } from './pglite-thread';

export class PGliteDialect implements Dialect {
  private driver: PGliteDriver | null = null;

  constructor(
    private readonly pglite: EmbeddedPostgres,
    private readonly onClosed: () => void = () => {},
  ) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return (this.driver = new PGliteDriver(this.pglite, this.onClosed));
  }

  /** `statements` in one transaction and one exchange with the database's thread, in turn with Kysely's own work. */
  runTransaction(statements: CompiledQuery[]): Promise<void> {
    if (!this.driver) throw new Error('The embedded database is not open yet.');
    return this.driver.runTransaction(statements);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}

class PGliteDriver implements Driver {
  private queue: Promise<void> = Promise.resolve();
  private readonly connection: PGliteConnection;

  constructor(
    private readonly pglite: EmbeddedPostgres,
    private readonly onClosed: () => void,
  ) {
    this.connection = new PGliteConnection(pglite);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const previous = this.queue;
    this.queue = previous.then(() => turn);
    await previous;
    this.connection.release = release;
    return this.connection;
  }

  async runTransaction(statements: CompiledQuery[]): Promise<void> {
    const connection = await this.acquireConnection();
    try {
      await this.pglite.transaction(statements.map((s) => ({ sql: s.sql, params: s.parameters })));
    } finally {
      await this.releaseConnection(connection);
    }
  }

  // A statement without parameters goes as one simple query: two protocol exchanges with the
  // embedded server where `query` takes six (parse, describe, bind, describe, execute, sync).
  // The hub opens a transaction for every group of updates it stores.
  async beginTransaction(): Promise<void> {
    await this.pglite.exec('begin');
  }

  async commitTransaction(): Promise<void> {
    await this.pglite.exec('commit');
  }

  async rollbackTransaction(): Promise<void> {
    await this.pglite.exec('rollback');
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as PGliteConnection).release();
  }

  async destroy(): Promise<void> {
    await this.queue;
    await this.pglite.close();
    this.onClosed();
  }
}

class PGliteConnection implements DatabaseConnection {
  release: () => void = () => {};

  constructor(private readonly pglite: EmbeddedPostgres) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    // Without parameters, one simple query (see beginTransaction); Kysely compiles one statement per query.
    const result = compiled.parameters.length === 0 ? (await this.pglite.exec(compiled.sql)).at(-1)! : await this.pglite.query<R>(compiled.sql, [...compiled.parameters]);
    return {
      rows: result.rows as R[],
      ...(result.affectedRows !== undefined ? { numAffectedRows: BigInt(result.affectedRows) } : {}),
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite does not stream query results');
  }
}
