import type BetterSqlite3 from 'better-sqlite3';

/**
 * The tables (and the tables of the indexes) a query opens, from its bytecode: each OpenRead names
 * a b-tree by its root page. EXPLAIN QUERY PLAN shows aliases instead, which proves nothing.
 */
export function tablesRead(sqlite: BetterSqlite3.Database, sql: string, params: Record<string, unknown>): string[] {
  const roots = new Map(
    (sqlite.prepare("SELECT rootpage, tbl_name FROM sqlite_master WHERE type IN ('table', 'index') AND rootpage > 0").all() as { rootpage: number; tbl_name: string }[]).map((r) => [r.rootpage, r.tbl_name]),
  );
  const ops = sqlite.prepare(`EXPLAIN ${sql}`).all(params) as { opcode: string; p2: number }[];
  return [...new Set(ops.filter((o) => o.opcode === 'OpenRead').map((o) => roots.get(o.p2) ?? `page ${o.p2}`))].sort();
}
