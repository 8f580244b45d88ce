import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** One printed figure: the engine's time beside a reference timed in the same run. */
export interface FigureResult {
  name: string;
  value: number;
  unit: string;
  reference: number;
  /** value / reference: 1 means no overhead beyond the irreducible work. */
  ratio: number;
}

/** What a figure gets from the harness: a place for its files, shared fixtures, a progress line. */
export interface Bench {
  /** A fresh folder under the run's temp folder; the harness removes it all at the end. */
  workDir(label: string): string;
  /** Built once per run however many figures ask for it (a 1,000,000-entry audit log, say). */
  fixture<T>(key: string, build: () => Promise<T>): Promise<T>;
  /** A progress or diagnostic line, on stderr so that `--json` keeps stdout to the JSON. */
  note(message: string): void;
}

/**
 * A figure definition: `bench/figures/<name>.ts` exports one, `bench/figures/index.ts` lists it.
 * A definition may print several figures (`audit-page-1m.newest`, `audit-page-1m.deep`, …);
 * `--only <name>` picks definitions by this name.
 */
export interface Figure {
  name: string;
  /** One line: what is timed, and against what reference. */
  description: string;
  run(bench: Bench): Promise<FigureResult[]>;
}

function significant(x: number, digits = 4): number {
  return x === 0 || !Number.isFinite(x) ? x : Number(x.toPrecision(digits));
}

export function figureResult(name: string, unit: string, value: number, reference: number): FigureResult {
  return { name, value: significant(value), unit, reference: significant(reference), ratio: Number((value / reference).toFixed(3)) };
}

export function createBench(rootDir: string, note: (message: string) => void): Bench {
  const fixtures = new Map<string, Promise<unknown>>();
  let n = 0;
  return {
    workDir(label) {
      const dir = join(rootDir, `${String(++n).padStart(2, '0')}-${label}`);
      mkdirSync(dir, { recursive: true });
      return dir;
    },
    fixture<T>(key: string, build: () => Promise<T>): Promise<T> {
      let built = fixtures.get(key) as Promise<T> | undefined;
      if (!built) {
        built = build();
        fixtures.set(key, built);
      }
      return built;
    },
    note,
  };
}
