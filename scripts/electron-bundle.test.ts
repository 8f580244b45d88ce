import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

// Electron cannot be installed on the build machines, so the shell is never run in CI. This at
// least builds the bundles electron-builder packages and evaluates them under Node with stand-ins
// for what Electron provides: a module that cannot load inside a CommonJS bundle fails here.
describe('the Electron bundles', () => {
  it('build; the shell loads with a stand-in `electron` module, and the engine host opens and closes an engine behind a stand-in parentPort', () => {
    execFileSync(process.execPath, ['scripts/build-electron.mjs'], { cwd: root, stdio: 'pipe' });

    const shell = `
      const Module = require('node:module');
      const load = Module._load;
      Module._load = function (request, ...rest) {
        if (request === 'electron') return { app: { requestSingleInstanceLock: () => false, quit: () => process.stdout.write('quit') } };
        return load.call(this, request, ...rest);
      };
      require('./dist-electron/main.cjs');`;
    expect(execFileSync(process.execPath, ['-e', shell], { cwd: root, encoding: 'utf8' })).toBe('quit');

    // What a utilityProcess gives its module: process.parentPort, delivering { data } message events.
    const dataDir = mkdtempSync(join(tmpdir(), 'opsflow-bundle-'));
    try {
      const host = `
        const { EventEmitter } = require('node:events');
        const parentPort = new EventEmitter();
        const deliver = (data) => setImmediate(() => parentPort.emit('message', { data }));
        parentPort.postMessage = (message) => {
          process.stdout.write(message.type + (message.message ? ': ' + message.message : '') + '\\n');
          if (message.type === 'ready') deliver({ type: 'stop' });
        };
        process.parentPort = parentPort;
        require('./dist-electron/engine-host.cjs');
        deliver({ type: 'start', options: { dataDir: ${JSON.stringify(dataDir)} } });`;
      const out = execFileSync(process.execPath, ['-e', host], { cwd: root, encoding: 'utf8', env: { ...process.env, OPSFLOW_LOG_LEVEL: 'warn' } });
      expect(out).toBe('ready\nstopped\n');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
