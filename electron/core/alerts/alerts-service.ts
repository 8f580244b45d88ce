import type { EngineContext } from '../context';
import type { FeatureService } from '../feature-module';
import { checkCalibrationAlerts, checkExcursionAlerts, noteSensorOnline } from '../haccp/alert-checks';
import { checkChecklistAlerts } from '../checklists/checklist-alerts';
import { checkStockAlerts } from '../inventory/stock-alerts';
import { escalateUnacknowledged } from './escalation';

const CHECK_EVERY_MS = 60_000;

/** Every check the alerts run: what raises and ends alerts, then the escalation of those nobody acknowledged. */
export function runAlertChecks(ctx: EngineContext): void {
  checkExcursionAlerts(ctx);
  checkCalibrationAlerts(ctx);
  checkChecklistAlerts(ctx);
  checkStockAlerts(ctx);
  escalateUnacknowledged(ctx);
}

/**
 * Runs the checks every minute (escalation and due dates move with the clock) and right after
 * readings, sensors or units change (an excursion is announced as soon as its readings are stored);
 * follows live sensors going offline and back.
 */
export function startAlerts(context: () => EngineContext): FeatureService {
  const timers: NodeJS.Timeout[] = [];
  let pending: NodeJS.Timeout | null = null;
  let unlisten: (() => void) | null = null;
  const check = () => {
    pending = null;
    const ctx = context();
    try {
      runAlertChecks(ctx);
    } catch (err) {
      ctx.log.error({ err }, 'alert checks failed');
    }
  };
  return {
    start() {
      timers.push(setInterval(check, CHECK_EVERY_MS));
      for (const t of timers) t.unref();
      unlisten = context().events.listen((topic, payload) => {
        if (topic === 'sensors.online') {
          const { sensorId, online } = payload as { sensorId: string; online: boolean };
          try {
            noteSensorOnline(context(), sensorId, online);
          } catch (err) {
            context().log.error({ err, sensorId }, 'could not note a sensor going offline');
          }
          return;
        }
        if (topic !== 'data.changed') return;
        const { kinds } = payload as { kinds: string[] };
        if (pending === null && kinds.some((k) => k === 'readings' || k === 'sensors' || k === 'haccpUnits' || k === 'checklists' || k === 'stock' || k === 'inventoryItems')) pending = setTimeout(check, 0);
      });
      check();
    },
    stop() {
      unlisten?.();
      unlisten = null;
      if (pending) clearTimeout(pending);
      pending = null;
      for (const t of timers.splice(0)) clearTimeout(t);
    },
  };
}
