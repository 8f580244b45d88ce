import { useEffect } from 'react';
import { api } from '../bridge/api';
import { lockNow } from './session-actions';

const ACTIVITY_EVENTS = ['mousemove', 'mousedown', 'keydown', 'wheel', 'touchstart', 'focusin'] as const;

/** How often, at most, input in the window is reported to the engine (whose own idle lock counts calls). */
const REPORT_EVERY_MS = 60_000;

/**
 * A shared office PC must not stay open for the next person: lock after `idleLockMs` without input.
 * Input is reported to the engine now and then ('auth.stillHere'), so a manager typing a long form
 * without calling the engine is not locked out by the engine's own idle lock on submit.
 */
export function useIdleLock(idleLockMs: number): void {
  useEffect(() => {
    if (!(idleLockMs > 0)) return;
    let lastActivityMs = Date.now();
    let lastReportMs = Date.now();
    const onActivity = () => {
      lastActivityMs = Date.now();
      if (lastActivityMs - lastReportMs < Math.min(REPORT_EVERY_MS, idleLockMs / 2)) return;
      lastReportMs = lastActivityMs;
      // A refusal (the session locked meanwhile) is the lock screen's business, not this hook's.
      api.invoke('auth.stillHere', {}).catch(() => undefined);
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { passive: true, capture: true });
    const checkEveryMs = Math.max(250, Math.min(5_000, Math.floor(idleLockMs / 4)));
    const timer = window.setInterval(() => {
      if (Date.now() - lastActivityMs >= idleLockMs) void lockNow();
    }, checkEveryMs);
    return () => {
      window.clearInterval(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity, { capture: true });
    };
  }, [idleLockMs]);
}
