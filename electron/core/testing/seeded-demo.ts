import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { seedDemo, type DemoSeedResult } from '../demo/demo-seed';

/**
 * The demo restaurant's 30 days up to `endMs`, seeded once for a test file (tests work on copies
 * of its folder), and temporary folders removed after the file.
 */
export function seededDemoForFile(prefix: string, endMs: number) {
  const temps: string[] = [];
  let dir = '';
  let seed: DemoSeedResult | null = null;
  const tempDir = (): string => {
    const made = mkdtempSync(join(tmpdir(), prefix));
    temps.push(made);
    return made;
  };
  beforeAll(async () => {
    dir = tempDir();
    seed = await seedDemo(dir, { days: 30, endMs });
  }, 120_000);
  afterAll(() => {
    for (const made of temps.splice(0)) rmSync(made, { recursive: true, force: true });
  });
  return {
    tempDir,
    /** The seeded data folder: copy it, never open it. */
    get dir(): string {
      return dir;
    },
    get seed(): DemoSeedResult {
      if (!seed) throw new Error('The demo is seeded in beforeAll: use it inside a test.');
      return seed;
    },
  };
}
