import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createPrivateFile, restrictToOwner } from '../data-dir';
import type { Database } from './schema';

export type Sqlite = BetterSqlite3.Database;

export interface OpenedDatabase {
  sqlite: Sqlite;
  db: Kysely<Database>;
}

export function openDatabase(file: string, options: { readonly?: boolean } = {}): OpenedDatabase {
  if (!options.readonly) {
    // SQLite gives the -wal and -shm files the database file's mode, so a database created 0600
    // (an empty file is an empty database) keeps all three private. Files of an older install are tightened.
    createPrivateFile(file);
    for (const suffix of ['-wal', '-shm']) restrictToOwner(file + suffix);
  }
  const sqlite = new BetterSqlite3(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  if (!options.readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // WAL + NORMAL is durable across application crashes; only an OS crash can lose the last commit.
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { sqlite, db };
}
