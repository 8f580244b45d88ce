import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../domain/contract';
import type { Engine } from '../engine';
import { auditActions, call, openTestEngine, setUpOrganization, tempDataDir, testClock } from '../testing/test-engine';
import { reconcileIfDue, lastReconcileMs } from './daily-reconcile';
import { COLD_ON_RECEIPT, FLOUR, MILK, addItem, onHandOf } from './inventory-fixture';
import { runCliInProcess } from '../testing/cli-in-process';

let dir: string;
let cleanup: () => void;
let engine: Engine;
let admin: SessionInfo;
let clock: ReturnType<typeof testClock>;
let here: string;
let flour: string;
let milk: string;

beforeEach(async () => {
  ({ dir, cleanup } = tempDataDir());
  clock = testClock();
  engine = await openTestEngine({ dataDir: dir, now: clock.now });
  admin = await setUpOrganization(engine);
  here = engine.context.identity()!.homeLocationId;
  flour = await addItem(engine, admin.token, FLOUR);
  milk = await addItem(engine, admin.token, MILK);
  await call(engine, 'inventory.receive', { locationId: here, supplierId: null, note: '', lines: [{ itemId: flour, packName: 'sack', qty: 2, lot: '', expiresOn: null }, { itemId: milk, packName: 'case', qty: 1, lot: 'M1', expiresOn: '2026-12-01', receivingCheck: COLD_ON_RECEIPT }] }, admin.token);
  await call(engine, 'inventory.use', { locationId: here, itemId: flour, packName: 'kg', qty: 3, note: '' }, admin.token);
});
afterEach(() => {
  engine.close();
  cleanup();
  process.exitCode = undefined;
});

/** The CLI in this process, its output captured. */
async function reconcileCli(...args: string[]) {
  const { code, stdout } = await runCliInProcess(['inventory', 'reconcile', '--data-dir', dir, ...args]);
  return { code, stdout };
}

describe('opsflow inventory reconcile', () => {
  it('exits 0 and says so when every balance matches the ledger, and writes no audit entry', async () => {
    const before = auditCount();
    engine.close();
    expect(await reconcileCli()).toEqual({ code: 0, stdout: 'OK: every stock balance matches the ledger.\n' });
    engine = await openTestEngine({ dataDir: dir, now: clock.now });
    expect(auditActions(engine)).toHaveLength(before);
  });

  it('repairs a balance corrupted by SQL, prints one line per difference, exits 1 and leaves a CRITICAL audit entry', async () => {
    engine.context.sqlite.prepare('UPDATE stock_balances SET on_hand_base = 999 WHERE item_id = ?').run(flour);
    engine.context.sqlite.prepare('UPDATE stock_lots SET on_hand_base = 1 WHERE item_id = ?').run(milk);
    engine.context.sqlite.prepare('DELETE FROM stock_balances WHERE item_id = ?').run(milk);
    engine.close();
    const run = await reconcileCli();
    expect(run.code).toBe(1);
    expect(run.stdout.trimEnd().split('\n').sort()).toEqual(
      [
        `REPAIRED location ${here}, item ${flour}: stored 999, ledger 47000`,
        `REPAIRED location ${here}, item ${milk}: stored nothing, ledger 6000`,
        `REPAIRED location ${here}, item ${milk} (lot "M1"): stored 1, ledger 6000`,
      ].sort(),
    );
    engine = await openTestEngine({ dataDir: dir, now: clock.now });
    admin = await call(engine, 'auth.signIn', { username: 'alice', password: 'correct horse battery' });
    expect(await onHandOf(engine, admin.token, here, flour)).toBe(47_000);
    expect(await onHandOf(engine, admin.token, here, milk)).toBe(6000);
    expect(auditActions(engine).filter((e) => e.action === 'inventory.reconcileRepaired')).toEqual([
      expect.objectContaining({ risk: 'CRITICAL', actor_id: null, summary: expect.stringContaining('found 3 balance(s) that did not match the ledger and repaired them') }),
    ]);
    engine.close();
    // Repaired: the next run finds nothing.
    expect((await reconcileCli('--json')).stdout).toBe('{"ok":true,"differences":[]}\n');
    engine = await openTestEngine({ dataDir: dir, now: clock.now });
  });

  it('also runs once a day by itself and repairs what it finds', async () => {
    reconcileIfDue(engine.context);
    expect(lastReconcileMs(engine.context)).toBe(clock.now());
    engine.context.sqlite.prepare('UPDATE stock_balances SET on_hand_base = 5 WHERE item_id = ?').run(flour);
    clock.advance(23 * 3600_000);
    reconcileIfDue(engine.context);
    expect(onHandRow()).toBe(5);
    clock.advance(3600_000);
    reconcileIfDue(engine.context);
    expect(onHandRow()).toBe(47_000);
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'inventory.reconcileRepaired', risk: 'CRITICAL' });
  });
});

function onHandRow(): number {
  return Number(engine.context.sqlite.prepare('SELECT on_hand_base FROM stock_balances WHERE item_id = ?').pluck().get(flour));
}

function auditCount(): number {
  return auditActions(engine).length;
}
