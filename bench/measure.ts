/** How a piece of work was timed: the median is the figure, the rest says how steady it was. */
export interface Timing {
  medianMs: number;
  minMs: number;
  maxMs: number;
  iterations: number;
}

export interface MeasureOptions {
  /** Untimed runs first: JIT, statement cache, SQLite page cache. */
  warmup?: number;
  iterations?: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Runs `work` `warmup` times untimed, then `iterations` times timed, one after the other, and
 * reports the median. `work` may be sync or async; an async one is awaited inside the timing.
 * The median, not the mean: one GC pause or a busy neighbour on a 2-core machine should not move
 * the figure.
 */
export async function measure(work: () => unknown, options: MeasureOptions = {}): Promise<Timing> {
  const { warmup = 3, iterations = 15 } = options;
  for (let i = 0; i < warmup; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return { medianMs: median(samples), minMs: Math.min(...samples), maxMs: Math.max(...samples), iterations };
}

/**
 * Times `value` and `reference` interleaved (value, reference, value, …) rather than one block
 * after the other, so that a slow patch of the machine hits both sides alike and the ratio stays
 * steady between runs.
 */
export async function measurePair(value: () => unknown, reference: () => unknown, options: MeasureOptions = {}): Promise<{ value: Timing; reference: Timing }> {
  const { warmup = 3, iterations = 15 } = options;
  for (let i = 0; i < warmup; i++) {
    await value();
    await reference();
  }
  const samples = { value: [] as number[], reference: [] as number[] };
  for (let i = 0; i < iterations; i++) {
    for (const side of ['value', 'reference'] as const) {
      const work = side === 'value' ? value : reference;
      const start = performance.now();
      await work();
      samples[side].push(performance.now() - start);
    }
  }
  const timing = (s: number[]): Timing => ({ medianMs: median(s), minMs: Math.min(...s), maxMs: Math.max(...s), iterations });
  return { value: timing(samples.value), reference: timing(samples.reference) };
}
