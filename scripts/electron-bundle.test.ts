import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

// Electron cannot be installed on the build machines, so the shell is never run in CI. This at
// least builds the bundle electron-builder packages and evaluates it under Node with a stand-in
// `electron` module: an engine module that cannot load inside the CommonJS bundle fails here.
describe('the Electron main bundle', () => {
  it('builds, and loads every module of the shell and engine without Electron', () => {
    execFileSync(process.execPath, ['scripts/build-electron.mjs'], { cwd: root, stdio: 'pipe' });
    const stub = `
      const Module = require('node:module');
      const load = Module._load;
      Module._load = function (request, ...rest) {
        if (request === 'electron') return { app: { requestSingleInstanceLock: () => false, quit: () => process.stdout.write('quit') } };
        return load.call(this, request, ...rest);
      };
      require('./dist-electron/main.cjs');`;
    const out = execFileSync(process.execPath, ['-e', stub], { cwd: root, encoding: 'utf8' });
    expect(out).toBe('quit');
  }, 60_000);
});
