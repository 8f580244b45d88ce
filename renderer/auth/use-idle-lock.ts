import { useEffect } from 'react';
import { lockNow } from './session-actions';

const ACTIVITY_EVENTS = ['mousemove', 'mousedown', 'keydown', 'wheel', 'touchstart', 'focusin'] as const;

/** A shared office PC must not stay open for the next person: lock after `idleLockMs` without input. */
export function useIdleLock(idleLockMs: number): void {
  useEffect(() => {
    if (!(idleLockMs > 0)) return;
    let lastActivityMs = Date.now();
    const onActivity = () => {
      lastActivityMs = Date.now();
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
