import { useEffect, useState } from 'react';

/** The current time, again every `everyMs`: ages on screen ("2 min ago") must move on their own. */
export function useNow(everyMs = 30_000): number {
  const [nowMs, setNowMs] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNowMs(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return nowMs;
}
