// Which thread checks which month of the audit log. The verifying thread works through the months
// from the first, the worker from the last; whoever comes to a month first takes it. The state is
// four integers both threads share.

/** How many months the worker has posted, or -1 once it failed (the worker's boot code writes that at index 0 too). */
const POSTED = 0;
const LOCK = 1;
/** The index of the last month the verifying thread has taken (-1: none yet). */
const MAIN_AT = 2;
/** The index of the first month the worker has taken (the month count: none). */
const WORKER_FROM = 3;

export type SharedState = Int32Array;

/** The shared state of a verify over `months` months, the last `forWorker` of them the worker's from the start. */
export function sharedState(months: number, forWorker = 0): SharedState {
  const state = new Int32Array(new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT));
  state[MAIN_AT] = -1;
  state[WORKER_FROM] = months - Math.min(months, Math.max(0, forWorker));
  return state;
}

function locked<T>(state: SharedState, take: () => T): T {
  // Held for a comparison and a store: a spin is shorter than any wait.
  while (Atomics.compareExchange(state, LOCK, 0, 1) !== 0);
  try {
    return take();
  } finally {
    Atomics.store(state, LOCK, 0);
  }
}

/** The verifying thread comes to month `index`: true if the worker has it, else it is the verifying thread's. */
export function workerHas(state: SharedState, index: number): boolean {
  return locked(state, () => {
    if (index >= state[WORKER_FROM]!) return true;
    state[MAIN_AT] = Math.max(state[MAIN_AT]!, index);
    return false;
  });
}

/**
 * The worker would take month `index`: true if it was given it, or if it may take more and the
 * verifying thread has not come to it.
 */
export function workerTakes(state: SharedState, index: number, takeMore: boolean): boolean {
  return locked(state, () => {
    if (index >= state[WORKER_FROM]!) return true;
    if (!takeMore || index <= state[MAIN_AT]!) return false;
    state[WORKER_FROM] = Math.min(state[WORKER_FROM]!, index);
    return true;
  });
}

/** How many messages the worker has posted, or -1 once it failed. */
export const postedCount = (state: SharedState): number => Atomics.load(state, POSTED);

export function signalPosted(state: SharedState, failed: boolean): void {
  if (failed) Atomics.store(state, POSTED, -1);
  else Atomics.add(state, POSTED, 1);
  Atomics.notify(state, POSTED);
}

/** Blocks until the worker posts past `seen`. */
export const waitForPostSync = (state: SharedState, seen: number): void => void Atomics.wait(state, POSTED, seen);

/** Resolves when the worker posts past `seen`. */
export function waitForPost(state: SharedState, seen: number): Promise<unknown> {
  const waiting = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number): { async: boolean; value: Promise<unknown> | string } }).waitAsync(state, POSTED, seen);
  return waiting.async ? (waiting.value as Promise<unknown>) : Promise.resolve();
}
