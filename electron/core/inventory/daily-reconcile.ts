import type { EngineContext } from '../context';
import type { FeatureService } from '../feature-module';
import { reconcileBalances } from './reconcile';

const DAY_MS = 24 * 3600_000;
const CHECK_EVERY_MS = 30 * 60_000;
/** Start-up is busy enough: the first check waits ten minutes. */
const FIRST_CHECK_AFTER_MS = 10 * 60_000;
const LAST_RUN_KEY = 'inventory.lastReconcileMs';

/** When the balances were last checked against the ledger on this PC. */
export function lastReconcileMs(ctx: EngineContext): number | null {
  const row = ctx.q.first(ctx.db.selectFrom('device_settings').select('value').where('key', '=', LAST_RUN_KEY));
  return row ? Number(row.value) : null;
}

/** Checks the balances against the ledger when a day has passed since the last check, and notes the time. */
export function reconcileIfDue(ctx: EngineContext): void {
  if (!ctx.identity()) return;
  const last = lastReconcileMs(ctx);
  if (last !== null && ctx.now() - last < DAY_MS) return;
  const differences = reconcileBalances(ctx, { id: null, name: 'system' });
  if (differences.length > 0) ctx.log.error({ differences: differences.length }, 'stock balances differed from the ledger and were repaired');
  ctx.q.run(
    ctx.db
      .insertInto('device_settings')
      .values({ key: LAST_RUN_KEY, value: String(ctx.now()) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(ctx.now()) })),
  );
}

/** The daily reconciliation (checked every half hour, so a PC that sleeps catches up). */
export function startDailyReconcile(context: () => EngineContext): FeatureService {
  const timers: NodeJS.Timeout[] = [];
  const check = () => {
    const ctx = context();
    try {
      reconcileIfDue(ctx);
    } catch (err) {
      ctx.log.error({ err }, 'the daily stock reconciliation failed');
    }
  };
  return {
    start() {
      timers.push(setInterval(check, CHECK_EVERY_MS), setTimeout(check, FIRST_CHECK_AFTER_MS));
      for (const t of timers) t.unref();
    },
    stop() {
      for (const t of timers.splice(0)) clearTimeout(t);
    },
  };
}
