import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import * as Y from 'yjs';
import { parseDocName } from '../../../domain/sync/doc-names';
import type { Database } from '../db/schema';
import type { Sqlite } from '../db/open-database';
import { SyncQuery } from '../db/sync-query';
import { directoryModule } from '../directory/module';
import { silentLogger } from '../logger';
import type { Store } from '../store';
import { DocStore } from '../sync/doc-store';
import { ProjectionRegistry } from '../sync/projection-registry';

/**
 * The SQL rows that decide who may do what: users (role, active, secrets), their grants, the
 * locations granted, the organization's settings and name. The directory document is their source
 * of truth; anyone holding the database file can edit the rows, so they are compared with what the
 * document means, at every start-up and before a restore.
 */
const RIGHTS_TABLES = {
  users: ['id'],
  user_locations: ['user_id', 'location_id'],
  /** Projected from the users' credentials documents, checked with them. */
  user_credentials: ['user_id'],
  locations: ['id'],
  organization_settings: ['key'],
  /** Only the `organization.*` keys: the rest of meta is this station's, not the directory's. */
  meta: ['key'],
} as const;
export type RightsTable = keyof typeof RIGHTS_TABLES;
const TABLES = Object.keys(RIGHTS_TABLES) as RightsTable[];

type Row = Record<string, unknown>;
export type RightsRows = Record<RightsTable, Row[]>;

/** One row that differs: what the document means (null: no such row) against what the table holds (null: missing). */
export interface RightsDifference {
  table: RightsTable;
  key: Row;
  expected: Row | null;
  actual: Row | null;
}

/** What a row's columns are worth showing: secrets are named, never printed. */
const SECRET_COLUMNS = new Set(['password_hash', 'pin_hash', 'totp_secret', 'totp_backup_code_hashes']);

/** The rights tables a database has (a backup made before the credentials table has no such table). */
function tablesOf(sqlite: Sqlite): RightsTable[] {
  const present = new Set(sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
  return TABLES.filter((t) => present.has(t));
}

/** A database's rights rows as they are. */
export function readRightsRows(q: SyncQuery, db: Kysely<Database>): RightsRows {
  // The table names come from the fixed list above, never from input: the generic query is safe.
  const anyDb = db as unknown as Kysely<any>;
  const rows = Object.fromEntries(TABLES.map((t) => [t, []])) as unknown as RightsRows;
  for (const table of tablesOf(q.sqlite)) {
    let query = anyDb.selectFrom(table).selectAll();
    if (table === 'meta') query = query.where('key', 'like', 'organization.%');
    for (const column of RIGHTS_TABLES[table]) query = query.orderBy(column);
    rows[table] = q.all(query) as Row[];
  }
  return rows;
}

/**
 * The rights rows a directory document means: the directory's own projections, run on a scratch
 * in-memory database with the same tables (their CREATE statements are copied from `schemaOf`, so
 * a backup of an older schema is compared with its own columns), fed the whole document as the
 * engine would be fed it by the hub, and the users' credentials documents stored in `schemaOf`.
 */
export function expectedRightsRows(schemaOf: Sqlite, docName: string, directory: Y.Doc): RightsRows {
  const scratch = new BetterSqlite3(':memory:');
  let docs: DocStore | null = null;
  try {
    const ddl = schemaOf
      .prepare(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name IN (${[...TABLES, 'y_updates'].map(() => '?').join(', ')})`)
      .pluck()
      .all(...TABLES, 'y_updates') as string[];
    for (const statement of ddl) scratch.exec(statement);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: scratch }) });
    const q = new SyncQuery(scratch);
    const registry = new ProjectionRegistry((name) => parseDocName(name)?.kind ?? null);
    docs = new DocStore(q, db, registry);
    const store: Store = { sqlite: scratch, db, q, docs, log: silentLogger, now: () => 0, identity: () => null };
    for (const projection of directoryModule.projections?.(store) ?? []) registry.register(projection);
    docs.applyRemote(docName, Y.encodeStateAsUpdate(directory));
    const tenantId = parseDocName(docName)?.tenantId;
    if (tenantId && ddl.some((statement) => /user_credentials/.test(statement))) {
      for (const credentials of storedCredentialsDocs(schemaOf, tenantId)) {
        docs.applyRemote(credentials.name, credentials.update);
      }
    }
    return readRightsRows(q, db);
  } finally {
    docs?.close();
    scratch.close();
  }
}

/** Each stored credentials document of the organization, its updates merged into one. */
function storedCredentialsDocs(sqlite: Sqlite, tenantId: string): { name: string; update: Uint8Array }[] {
  const rows = sqlite
    .prepare('SELECT doc, "update" FROM y_updates WHERE doc LIKE ? ORDER BY doc, seq')
    .all(`${tenantId}/credentials/%`) as { doc: string; update: Uint8Array }[];
  const byDoc = new Map<string, Uint8Array[]>();
  for (const row of rows) {
    if (parseDocName(row.doc)?.kind !== 'credentials') continue;
    byDoc.set(row.doc, [...(byDoc.get(row.doc) ?? []), row.update]);
  }
  const docs: { name: string; update: Uint8Array }[] = [];
  for (const [name, updates] of byDoc) {
    try {
      docs.push({ name, update: Y.mergeUpdates(updates) });
    } catch {
      // A damaged document is reported by the documents check (findDamagedDocument); its user's
      // secrets then show as missing here, which is what this PC can vouch for.
    }
  }
  return docs;
}

function keyOf(table: RightsTable, row: Row): Row {
  return Object.fromEntries(RIGHTS_TABLES[table].map((c) => [c, row[c]]));
}

function sameRow(a: Row, b: Row): boolean {
  const columns = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const c of columns) if (a[c] !== b[c]) return false;
  return true;
}

export function diffRightsRows(expected: RightsRows, actual: RightsRows): RightsDifference[] {
  const differences: RightsDifference[] = [];
  for (const table of TABLES) {
    const id = (row: Row) => JSON.stringify(RIGHTS_TABLES[table].map((c) => row[c]));
    const wanted = new Map(expected[table].map((r) => [id(r), r]));
    const held = new Map(actual[table].map((r) => [id(r), r]));
    for (const [k, row] of wanted) {
      const there = held.get(k) ?? null;
      if (!there || !sameRow(row, there)) differences.push({ table, key: keyOf(table, row), expected: row, actual: there });
    }
    for (const [k, row] of held) if (!wanted.has(k)) differences.push({ table, key: keyOf(table, row), expected: null, actual: row });
  }
  return differences;
}

/** What the check found: the rows that differ, and one line for a person about each. */
export interface RightsCheck {
  differences: RightsDifference[];
  lines: string[];
}

/** The rights rows of a database against its directory document. */
export function checkRights(store: Pick<Store, 'sqlite' | 'q' | 'db'>, docName: string, directory: Y.Doc): RightsCheck {
  const expected = expectedRightsRows(store.sqlite, docName, directory);
  const actual = readRightsRows(store.q, store.db);
  const differences = diffRightsRows(expected, actual);
  return { differences, lines: describeRightsDifferences(differences, [actual, expected]) };
}

/** Puts the rows back to what the document means. Call inside a transaction, with the audit entry that says so. */
export function repairRights({ q, db }: Pick<Store, 'q' | 'db'>, differences: RightsDifference[]): void {
  const anyDb = db as unknown as Kysely<any>;
  for (const d of differences) {
    const keyed = <QB extends { where(c: string, op: '=', v: unknown): QB }>(qb: QB) => Object.entries(d.key).reduce((acc, [c, v]) => acc.where(c, '=', v), qb);
    if (d.expected === null) q.run(keyed(anyDb.deleteFrom(d.table)));
    else if (d.actual === null) q.run(anyDb.insertInto(d.table).values(d.expected));
    else q.run(keyed(anyDb.updateTable(d.table).set(d.expected)));
  }
}

function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * One line per difference, for the audit log, `opsflow verify` and a refused restore. Users and
 * locations are named as a person knows them (from `known`, the rows on either side); secrets are
 * named, never shown.
 */
export function describeRightsDifferences(differences: RightsDifference[], known: RightsRows[] = []): string[] {
  const names = new Map<string, string>();
  for (const rows of known) {
    for (const u of rows.users) names.set(String(u.id), `"${String(u.username)}"`);
    for (const l of rows.locations) names.set(String(l.id), `"${String(l.name)}"`);
  }
  const nameOf = (id: unknown) => names.get(String(id)) ?? String(id);
  return differences.map((d) => {
    const row = (d.expected ?? d.actual)!;
    const label =
      d.table === 'users' || d.table === 'locations' ? nameOf(row.id)
      : d.table === 'user_credentials' ? nameOf(row.user_id)
      : d.table === 'user_locations' ? `${nameOf(row.user_id)} at ${nameOf(row.location_id)}`
      : shown(row.key);
    if (!d.actual) return `${d.table} ${label}: in the directory document but not in the table`;
    if (!d.expected) return `${d.table} ${label}: in the table but not in the directory document`;
    const changed = Object.keys(d.expected).filter((c) => d.expected![c] !== d.actual![c]);
    const parts = changed.map((c) =>
      SECRET_COLUMNS.has(c) ? `${c} differs from the directory document` : `${c} ${shown(d.actual![c])} in the table, ${shown(d.expected![c])} in the directory document`,
    );
    return `${d.table} ${label}: ${parts.join('; ')}`;
  });
}
