import { SYSTEM_ACTOR } from '../audit/audit-writer';
import type { EngineContext } from '../context';
import type { FeatureService } from '../feature-module';
import { archiveDueMonths } from './archive-months';

const CHECK_EVERY_MS = 6 * 3600_000;
/** Start-up is busy enough: the first run waits a few minutes. */
const FIRST_CHECK_AFTER_MS = 5 * 60_000;

/** Archives the months past the retention a few times a day (a month becomes due at midnight UTC; a PC asleep then catches up). */
export function startDailyArchive(context: () => EngineContext): FeatureService {
  const timers: NodeJS.Timeout[] = [];
  const archive = () => {
    const ctx = context();
    if (!ctx.identity()) return;
    try {
      const run = archiveDueMonths(ctx, SYSTEM_ACTOR);
      for (const f of run.failed) ctx.log.error({ locationId: f.locationId, month: f.month, reason: f.reason }, 'a month could not be archived');
      if (run.archived.length > 0) ctx.events.emit('data.changed', { kinds: ['readings'] });
    } catch (err) {
      ctx.log.error({ err }, 'archiving failed');
    }
  };
  return {
    start() {
      timers.push(setInterval(archive, CHECK_EVERY_MS), setTimeout(archive, FIRST_CHECK_AFTER_MS));
      for (const t of timers) t.unref();
    },
    stop() {
      for (const t of timers.splice(0)) clearTimeout(t);
    },
  };
}
