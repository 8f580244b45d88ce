import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');

describe('the installers (electron-builder.yml)', () => {
  it('are built with the Electron version that npm installs for development', () => {
    const pkg = JSON.parse(read('package.json')) as { optionalDependencies?: Record<string, string> };
    const pinned = /^electronVersion:\s*"?([^"\s]+)"?\s*$/m.exec(read('electron-builder.yml'))?.[1];
    expect(pinned).toBeDefined();
    expect(pkg.optionalDependencies?.electron).toBe(pinned);
  });
});
