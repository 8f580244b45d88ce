import { afterEach, beforeEach, vi } from 'vitest';

/**
 * Device tests run on a fake clock. Every wait of the device code is a timer (answer deadlines,
 * the simulators' answer delays, scans, polls, retries, the live readings' flush) and every
 * timestamp is Date.now, so with both faked no real time passes: a machine busy with other work
 * cannot make a logger miss its deadline, and the tests run with the production timings.
 *
 * setImmediate stays real. Between two timers the fake clock yields one real setImmediate, by
 * which time everything the timer set off through promises and process.nextTick (serialport's
 * MockBinding) has run; SQLite backups and the audit verifier also pace themselves with it.
 */
const FAKED = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] as const;

/**
 * For tests that await the device code directly and do no real I/O (drivers, transport, queue):
 * whenever nothing else is left to do, the clock jumps to the next timer. A stalled device is
 * then a timeout reached at once, in the order the timers fall.
 */
export function runDeviceClockByItself(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: [...FAKED] });
    vi.setTimerTickMode('nextTimerAsync');
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

/**
 * For tests that watch running devices, with or without an engine: the clock moves only when the
 * test moves it (advance, until, settle). Real I/O (a SQLite file, a password hashed) then never
 * lets device time slip by unseen. Call it before registering hooks that stop devices, so those
 * run while the clock is still fake.
 */
export function useDeviceClock(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: [...FAKED] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

/** Moves device time on by `ms`, running every timer that falls due on the way, in order. */
export async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

/**
 * Moves device time on, one timer at a time, until `done` holds. Fails, naming `what`, when that
 * takes more than `withinMs` of device time: the same verdict on an idle machine and a busy one.
 * With no timer set, something real is under way (a file, a password hash): it is waited for a
 * real turn at a time, without moving device time.
 */
export async function until(done: () => boolean | Promise<boolean>, withinMs: number, what = 'the awaited state'): Promise<void> {
  const startedAt = Date.now();
  let idleSince: number | null = null;
  while (!(await done())) {
    if (vi.getTimerCount() === 0) {
      idleSince ??= vi.getRealSystemTime();
      if (vi.getRealSystemTime() - idleSince > STUCK_AFTER_REAL_MS) throw new Error(`${what}: nothing left to happen (no timer set)`);
      await new Promise<void>((resolve) => setImmediate(resolve));
      continue;
    }
    idleSince = null;
    await vi.advanceTimersToNextTimerAsync();
    if (Date.now() - startedAt > withinMs) throw new Error(`${what}: not reached within ${withinMs} ms of device time`);
  }
}

/**
 * Moves device time on until `assertion` passes: expect.poll on the device clock. When it does
 * not pass within `withinMs` of device time, its last failure is the test's.
 */
export async function untilPasses(assertion: () => unknown, withinMs: number): Promise<void> {
  let lastFailure: unknown = null;
  const passes = async (): Promise<boolean> => {
    try {
      await assertion();
      return true;
    } catch (err) {
      lastFailure = err;
      return false;
    }
  };
  await until(passes, withinMs, 'the assertion').catch((err: unknown) => {
    if (lastFailure instanceof Error) lastFailure.message += ` (still failing after ${withinMs} ms of device time)`;
    throw lastFailure ?? err;
  });
}

/**
 * Moves device time on until `work` settles, and returns its outcome: for a call that waits on
 * the devices (a download, a probe list queued behind a poll).
 */
export async function settle<T>(work: Promise<T>, withinMs: number, what = 'the call'): Promise<T> {
  let settled = false;
  work.then(
    () => (settled = true),
    () => (settled = true),
  );
  await until(() => settled, withinMs, what);
  return work;
}

/**
 * How long, in real time, a test may wait with no timer set before it is taken to be stuck: long
 * enough for a data folder to open on a busy machine, short of the 30 s test timeout.
 */
const STUCK_AFTER_REAL_MS = 20_000;
