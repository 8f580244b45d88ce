import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { CallResult, SessionInfo, TaskView } from '../../domain/contract';
import { DB_FILE_NAME, Engine } from '../../electron/core/engine';
import { silentLogger } from '../../electron/core/logger';
import { figureResult, type Figure, type FigureResult } from '../figure';
import { BENCH_ADMIN, CHEAP_PASSWORD_COST } from '../fixtures/audit-million';
import { measurePair } from '../measure';

function output<T>(result: CallResult): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.output as T;
}

const DAY_MS = 86_400_000;
/** 30 daily tasks done every day for two years: the pile a busy kitchen leaves behind. */
const DAILY_TASKS = 30;
const DAYS_DONE = 730;
const OPEN_TASKS = 300;

const OPEN_SQL = `SELECT * FROM tasks WHERE location_id = ? AND status IN ('todo', 'in_progress')
  ORDER BY CASE WHEN due_at_ms IS NULL THEN 1 ELSE 0 END, due_at_ms, created_at_ms, id LIMIT 2000`;
const MINE_SQL = `SELECT * FROM tasks WHERE location_id = ? AND (assignee_user_id = ? OR (assignee_user_id IS NULL AND assignee_role = ?))
  AND status IN ('todo', 'in_progress') ORDER BY CASE WHEN due_at_ms IS NULL THEN 1 ELSE 0 END, due_at_ms, created_at_ms, id LIMIT 2000`;

/**
 * `tasks.list` for a location with 21,900 done tasks and 300 open ones, through the dispatcher
 * (rights, names, overdue per task), against the same raw SELECT of the open ones.
 */
export const tasksList20k: Figure = {
  name: 'tasks-list-20k',
  description: 'tasks.list (location, mine) over 22,200 tasks through the dispatcher vs the raw indexed SELECT of the open ones',
  async run(bench) {
    const dataDir = bench.workDir('tasks');
    const engine = await Engine.open({ dataDir, log: silentLogger, tuning: { passwordCost: CHEAP_PASSWORD_COST } });
    try {
      const admin = output<SessionInfo>(
        await engine.dispatch({
          method: 'setup.create',
          input: { organizationName: 'Bench Bistro Group', location: { name: 'Downtown', address: '1 Main St', timeZone: 'America/New_York', temperatureUnit: 'F' }, admin: BENCH_ADMIN },
          token: null,
        }),
      );
      const locationId = admin.user.locationIds[0]!;
      const staff = { username: 'bench.staff', password: 'bench staff password 1' };
      await engine.dispatch({ method: 'users.create', input: { ...staff, displayName: 'Bench Staff', role: 'STAFF', locationIds: [locationId] }, token: admin.token });
      const sam = output<SessionInfo>(await engine.dispatch({ method: 'auth.signIn', input: staff, token: null }));

      // Straight into the projection's table: this figure times reading the list, not writing it.
      const now = engine.context.now();
      const insert = engine.context.sqlite.prepare(
        `INSERT INTO tasks (id, location_id, title, notes, type, priority, assignee_user_id, assignee_role, due_at_ms, status, recurrence, follows_task_id, created_at_ms, created_by_id, created_by_name, completed_at_ms, completed_by_name)
         VALUES (?, ?, ?, '', 'cleaning', 'medium', ?, ?, ?, ?, ?, NULL, ?, NULL, 'Bench', ?, ?)`,
      );
      engine.context.sqlite.transaction(() => {
        let n = 0;
        for (let day = DAYS_DONE; day > 0; day--) {
          for (let t = 0; t < DAILY_TASKS; t++) {
            const due = now - day * DAY_MS;
            insert.run(`done-${n++}`, locationId, `Daily ${t}`, t % 3 === 0 ? sam.user.id : null, t % 3 === 0 ? null : 'STAFF', due, 'done', '{"every":"daily"}', due - DAY_MS, due, 'Bench Staff');
          }
        }
        for (let i = 0; i < OPEN_TASKS; i++) {
          const due = now + (i - 50) * 3_600_000;
          insert.run(`open-${i}`, locationId, `Open ${i}`, i % 3 === 0 ? sam.user.id : null, i % 3 === 1 ? 'STAFF' : i % 3 === 2 ? 'MANAGER' : null, due, i % 5 === 0 ? 'in_progress' : 'todo', null, now - DAY_MS, null, null);
        }
      })();
      engine.context.sqlite.exec('ANALYZE');
      bench.note(`  ${DAILY_TASKS * DAYS_DONE} done and ${OPEN_TASKS} open tasks at one location`);

      const raw = new BetterSqlite3(join(dataDir, DB_FILE_NAME), { readonly: true });
      try {
        const results: FigureResult[] = [];
        const cases = [
          { name: 'location', input: { locationId }, sql: OPEN_SQL, params: [locationId] },
          { name: 'mine', input: { mine: true }, sql: MINE_SQL, params: [locationId, sam.user.id, 'STAFF'] },
        ];
        for (const c of cases) {
          const plan = (raw.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...c.params) as { detail: string }[]).map((r) => r.detail);
          if (plan.some((d) => /^SCAN tasks\b/.test(d))) bench.note(`  ! ${c.name}: the reference query scans the table (${plan.join('; ')})`);
          const stmt = raw.prepare(c.sql);
          const list = async () => output<TaskView[]>(await engine.dispatch({ method: 'tasks.list', input: c.input, token: sam.token }));
          const engineRows = (await list()).length;
          const referenceRows = stmt.all(...c.params).length;
          if (engineRows !== referenceRows) throw new Error(`${c.name}: the engine listed ${engineRows} tasks, the reference ${referenceRows}`);
          const timing = await measurePair(list, () => stmt.all(...c.params), { warmup: 10, iterations: 51 });
          results.push(figureResult(`tasks-list-20k.${c.name}`, 'ms', timing.value.medianMs, timing.reference.medianMs));
        }
        return results;
      } finally {
        raw.close();
      }
    } finally {
      engine.close();
    }
  },
};
