import { join } from 'node:path';
import { AUDIT_CATEGORIES } from '../../domain/audit/action-words';
import BetterSqlite3 from 'better-sqlite3';
import type { AuditFilter, AuditPage, CallResult } from '../../domain/contract';
import { DB_FILE_NAME, Engine } from '../../electron/core/engine';
import { silentLogger } from '../../electron/core/logger';
import { figureResult, type Bench, type Figure, type FigureResult } from '../figure';
import { auditMillion, BENCH_ADMIN, CHEAP_PASSWORD_COST } from '../fixtures/audit-million';
import { measurePair } from '../measure';

const PAGE = 100;
const PAGES_WALKED = 50;
/** The audit screen's own example for "Action starts with". */
/** The Users category of the audit filter: its one prefix (domain/audit/action-words.ts). */
const ACTION_PREFIX = AUDIT_CATEGORIES.users.prefixes[0];

function output<T>(result: CallResult): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.output as T;
}

const COLUMNS = 'SELECT * FROM audit_entries';
const NEWEST_FIRST = `ORDER BY at_ms DESC, id DESC LIMIT ${PAGE}`;

/** A plan that sorts or scans the table means no index serves this page: say so beside the figure. */
function checkPlan(bench: Bench, sqlite: BetterSqlite3.Database, label: string, sql: string, params: unknown[]): void {
  const plan = (sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
  const bad = plan.some((d) => /TEMP B-TREE/.test(d) || /^SCAN audit_entries$/.test(d));
  if (bad) bench.note(`  ! ${label}: the reference query's plan sorts or scans (${plan.join('; ')})`);
}

/**
 * `audit.list` through the dispatcher over 1,000,000 entries — newest page, a page 50 pages deep,
 * filtered pages — against the same WHERE as one raw prepared statement on a second connection.
 */
export const auditPage1m: Figure = {
  name: 'audit-page-1m',
  description: 'audit.list pages over 1,000,000 entries through the dispatcher vs the same raw indexed SELECT … LIMIT 100',
  async run(bench) {
    const fixture = await auditMillion(bench);
    const engine = await Engine.open({ dataDir: fixture.dataDir, log: silentLogger, tuning: { passwordCost: CHEAP_PASSWORD_COST } });
    const raw = new BetterSqlite3(join(fixture.dataDir, DB_FILE_NAME), { readonly: true });
    try {
      const { token } = output<{ token: string }>(await engine.dispatch({ method: 'auth.signIn', input: { username: BENCH_ADMIN.username, password: BENCH_ADMIN.password }, token: null }));
      const list = async (filter: AuditFilter, after: string | null = null) =>
        output<AuditPage>(await engine.dispatch({ method: 'audit.list', input: { filter, after, limit: PAGE }, token }));

      let cursor: string | null = null;
      for (let i = 0; i < PAGES_WALKED; i++) cursor = (await list({}, cursor)).nextCursor;
      if (!cursor) throw new Error('the audit log ran out before page 51');
      const [atMs, id] = cursor.split(':') as [string, string];
      const deepAfter = cursor;

      const cases: { name: string; filter: AuditFilter; after: string | null; sql: string; params: unknown[] }[] = [
        { name: 'newest', filter: {}, after: null, sql: `${COLUMNS} ${NEWEST_FIRST}`, params: [] },
        { name: 'deep', filter: {}, after: deepAfter, sql: `${COLUMNS} WHERE (at_ms, id) < (?, ?) ${NEWEST_FIRST}`, params: [Number(atMs), id] },
        { name: 'risk', filter: { risk: fixture.risk }, after: null, sql: `${COLUMNS} WHERE risk = ? ${NEWEST_FIRST}`, params: [fixture.risk] },
        { name: 'actor', filter: { actorId: fixture.actorId }, after: null, sql: `${COLUMNS} WHERE actor_id = ? ${NEWEST_FIRST}`, params: [fixture.actorId] },
      ];
      bench.note(`  filters: risk ${fixture.risk} (${(fixture.riskShare * 100).toFixed(1)} % of entries), one actor (${(fixture.actorShare * 100).toFixed(1)} %), action "${ACTION_PREFIX}"`);

      const results: FigureResult[] = [];
      const time = async (name: string, filter: AuditFilter, after: string | null, reference: () => unknown[]) => {
        const engineRows = (await list(filter, after)).entries.length;
        const referenceRows = reference().length;
        if (engineRows !== referenceRows) throw new Error(`${name}: the engine returned ${engineRows} entries, the reference ${referenceRows}`);
        const timing = await measurePair(() => list(filter, after), reference, { warmup: 10, iterations: 51 });
        results.push(figureResult(`audit-page-1m.${name}`, 'ms', timing.value.medianMs, timing.reference.medianMs));
      };
      for (const c of cases) {
        checkPlan(bench, raw, c.name, c.sql, c.params);
        const stmt = raw.prepare(c.sql);
        await time(c.name, c.filter, c.after, () => stmt.all(...c.params));
      }

      // A category (Users): the same rows as `action >= ? AND action < ?…`, read the indexed way —
      // the few action names with that prefix found by a skip-scan of the action index, then
      // `action IN (…)`, which SQLite pages newest-first by walking each name's (at_ms, id) range.
      const high = `${ACTION_PREFIX}\uffff`;
      const firstAction = raw.prepare('SELECT min(action) FROM audit_entries WHERE action >= ? AND action < ?').pluck();
      const nextAction = raw.prepare('SELECT min(action) FROM audit_entries WHERE action > ? AND action < ?').pluck();
      const actionsWithPrefix = () => {
        const names: string[] = [];
        for (let a = firstAction.get(ACTION_PREFIX, high) as string | null; a !== null; a = nextAction.get(a, high) as string | null) names.push(a);
        return names;
      };
      const inLists = new Map<number, BetterSqlite3.Statement>();
      const inList = (n: number) => {
        let stmt = inLists.get(n);
        if (!stmt) inLists.set(n, (stmt = raw.prepare(`${COLUMNS} WHERE action IN (${Array.from({ length: n }, () => '?').join(', ')}) ${NEWEST_FIRST}`)));
        return stmt;
      };
      const byActionNames = () => {
        const names = actionsWithPrefix();
        return names.length === 0 ? [] : inList(names.length).all(...names);
      };
      const sameWhere = `${COLUMNS} WHERE action >= ? AND action < ? ${NEWEST_FIRST}`;
      checkPlan(bench, raw, 'action (the engine\'s WHERE)', sameWhere, [ACTION_PREFIX, high]);
      await time('action', { categories: ['users'] }, null, byActionNames);
      return results;
    } finally {
      raw.close();
      engine.close();
    }
  },
};
