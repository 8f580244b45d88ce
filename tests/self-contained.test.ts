import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const self = fileURLToPath(import.meta.url);

/** Folders that are installed or generated, not written by us. */
const SKIP = new Set(['node_modules', '.git', 'dist', 'dist-electron', 'release', 'test-results', 'playwright-report', '.opsflow-dev']);

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.isFile() && /\.(ts|tsx|mjs|cjs|js)$/.test(entry.name)) yield path;
  }
}

/** Test code: the specs and unit tests, their support folders, and the runners' configs. */
function isTestCode(path: string): boolean {
  const rel = relative(root, path).split('\\').join('/');
  return /\.(test|spec)\.tsx?$/.test(rel) || /^(tests|e2e)\//.test(rel) || /^(vitest|playwright)\.config\.ts$/.test(rel);
}

// The folder beside this repository (the team's shared folder, where the team keeps notes and raw data) exists
// on the team's machines only; a user's clone has none, so a test that reads it fails for them.
const BESIDE_THE_REPOSITORY = /\.\.[/\\]shared\b|['"]\.\.['"]\s*,\s*['"]shared['"]/;

describe('the tests run from a clone of this repository alone', () => {
  it('no test file reads the shared folder beside the repository', () => {
    const offenders = [...sourceFiles(root)]
      .filter((path) => path !== self && isTestCode(path))
      .filter((path) => BESIDE_THE_REPOSITORY.test(readFileSync(path, 'utf8')))
      .map((path) => relative(root, path));
    expect(offenders).toEqual([]);
  });

  it('finds the test files it checks (the scan itself works)', () => {
    const checked = [...sourceFiles(root)].filter(isTestCode).map((path) => relative(root, path).split('\\').join('/'));
    expect(checked).toEqual(expect.arrayContaining(['tests/support/device-captures.ts', 'e2e/devices.spec.ts', 'electron/core/cli/device-commands.test.ts']));
  });
});
