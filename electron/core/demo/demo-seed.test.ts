import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestEngine } from '../testing/test-engine';
import { seedDemo } from './demo-seed';

const END_MS = Date.UTC(2026, 10, 20, 15, 0);
const dirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'opsflow-demo-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** What a seeded folder holds, without the ids (made fresh each time). */
async function contents(dir: string) {
  const engine = await openTestEngine({ dataDir: dir, now: () => END_MS });
  try {
    const sql = engine.context.sqlite;
    return {
      readings: sql.prepare('SELECT s.name, r.at_ms, r.temp_centi_c FROM readings r JOIN sensors s ON s.id = r.sensor_id ORDER BY s.name, r.at_ms').raw().all(),
      checklists: sql.prepare('SELECT template_name, day, slot, completed_at_ms FROM checklist_completions ORDER BY completed_at_ms').raw().all(),
      excursions: sql.prepare('SELECT s.name, h.start_ms, h.end_ms, h.peak_centi_c FROM haccp_runs h JOIN sensors s ON s.id = h.sensor_id ORDER BY h.start_ms').raw().all(),
      inTransit: sql.prepare("SELECT COUNT(*) FROM stock_movements WHERE kind = 'transferOut'").pluck().get(),
    };
  } finally {
    engine.close();
  }
}

describe('opsflow demo seed', () => {
  it('makes the same restaurant from the same end time and days, with readings, checklists and excursions', async () => {
    const a = freshDir();
    const b = freshDir();
    const first = await seedDemo(a, { days: 4, endMs: END_MS });
    await seedDemo(b, { days: 4, endMs: END_MS });
    expect(first).toMatchObject({ fromDay: '2026-11-17', toDay: '2026-11-20', admin: { username: 'admin' } });
    const [ca, cb] = [await contents(a), await contents(b)];
    expect(ca).toEqual(cb);
    expect(ca.readings.length).toBe(first.readings);
    // Four loggers, every five minutes from midnight on 11-17 in New York (05:00 UTC) to 15:00 UTC on 11-20: 82 hours.
    expect(ca.readings.length).toBe(4 * (82 * 12 + 1));
    expect(ca.checklists.length).toBeGreaterThan(6);
    expect(ca.excursions.length).toBeGreaterThan(0);
    expect(ca.inTransit).toBe(1);
  }, 120_000);

  it('every excursion that is over has a corrective action, all but the latest signed; the open one has none; follow-up and reorder tasks name what they follow up', async () => {
    const dir = freshDir();
    await seedDemo(dir, { days: 10, endMs: END_MS });
    const engine = await openTestEngine({ dataDir: dir, now: () => END_MS });
    try {
      const sql = engine.context.sqlite;
      const runs = sql
        .prepare(
          `SELECT s.name AS sensor, h.end_ms IS NULL AS open, a.action, (SELECT COUNT(*) FROM corrective_signoffs o WHERE o.action_id = a.id) AS signed
             FROM haccp_runs h JOIN sensors s ON s.id = h.sensor_id LEFT JOIN corrective_actions a ON a.sensor_id = h.sensor_id AND a.excursion_start_ms = h.start_ms
            WHERE h.end_ms IS NULL OR h.end_ms - h.start_ms >= 30 * 60000 ORDER BY h.start_ms`,
        )
        .all();
      expect(runs).toEqual([
        { sensor: 'Walk-in cooler logger', open: 0, action: 'moved', signed: 1 },
        { sensor: 'Steam table logger', open: 0, action: 'reheated', signed: 0 },
        { sensor: 'Line reach-in logger', open: 1, action: null, signed: 0 },
      ]);
      const tasks = sql.prepare('SELECT title, origin_kind, origin_label FROM tasks WHERE origin_kind IS NOT NULL ORDER BY title').all();
      expect(tasks).toEqual([
        { title: 'Reorder romaine hearts', origin_kind: 'lowStock', origin_label: 'Low stock: Romaine hearts, 12 each on hand (reorder point 1 case, par 4 case)' },
      ]);
      expect(sql.prepare('SELECT COUNT(*) FROM stock_balances WHERE on_hand_base < 0').pluck().get()).toBe(0);
    } finally {
      engine.close();
    }
  }, 120_000);

  it('refuses a folder that already holds OpsFlow data, and days out of range', async () => {
    const dir = freshDir();
    await seedDemo(dir, { days: 1, endMs: END_MS });
    await expect(seedDemo(dir, { days: 1, endMs: END_MS })).rejects.toThrow('already holds OpsFlow data: demo seed fills only a fresh folder');
    await expect(seedDemo(freshDir(), { days: 0 })).rejects.toThrow('--days is a whole number of days, 1 to 366.');
    await expect(seedDemo(freshDir(), { days: 400 })).rejects.toThrow('--days is a whole number of days, 1 to 366.');
  }, 120_000);
});
