import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { describeCycles, findImportCycles, listSourceFiles } from './support/imports';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

// Issue 6: files that import each other in a circle can only be read, loaded and tested together,
// so the engine and domain/ have none. Type-only imports count too: they tie the files together
// for the reader just the same. Checked apart from tests/layering.test.ts so it can land once the
// circle through electron/core/context.ts is gone.
it('electron/core, domain/ and sync-server/ have no import circle', () => {
  const cycles = findImportCycles(listSourceFiles(repoRoot), ['electron/core/', 'domain/', 'sync-server/']);
  expect(cycles, describeCycles(cycles)).toEqual([]);
});
