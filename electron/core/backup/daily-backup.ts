import type { EngineContext } from '../context';
import type { FeatureService } from '../feature-module';
import { runBackup } from './backup-service';
import { backupSettings, lastBackup } from './backup-settings';

const DAY_MS = 24 * 3600_000;
const CHECK_EVERY_MS = 30 * 60_000;
/** The first check waits a minute: start-up is busy enough, and a restart loop must not back up each time. */
const FIRST_CHECK_AFTER_MS = 60_000;

/** Backs up once a day when the daily backup is on (checked every half hour, so a PC that sleeps catches up). */
export function startDailyBackups(context: () => EngineContext): FeatureService {
  const timers: NodeJS.Timeout[] = [];
  const backupIfDue = () => {
    const ctx = context();
    if (!ctx.identity() || !backupSettings(ctx).backupDaily) return;
    const last = lastBackup(ctx).successAtMs;
    if (last !== null && ctx.now() - last < DAY_MS) return;
    runBackup(ctx, { id: null, name: 'system' }, (info) => `Daily backup to ${info.path}`).catch((err) => ctx.log.error({ err }, 'daily backup failed'));
  };
  return {
    start() {
      timers.push(setInterval(backupIfDue, CHECK_EVERY_MS), setTimeout(backupIfDue, FIRST_CHECK_AFTER_MS));
      for (const t of timers) t.unref();
    },
    stop() {
      for (const t of timers.splice(0)) clearTimeout(t);
    },
  };
}
