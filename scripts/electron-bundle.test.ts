import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  IPC_CALL_CHANNEL,
  IPC_CHOOSE_BACKUP_FILE_CHANNEL,
  IPC_EVENT_CHANNEL,
  IPC_TRANSPORT_GLOBAL,
  SHELL_ACTIONS_GLOBAL,
  type ShellActions,
  type Transport,
} from '../domain/contract/bridge';

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

// The preload runs in Electron's sandbox (lib/sandboxed_renderer in Electron's source): a fresh
// global with no __filename, its body wrapped in a function of these arguments, and a require
// that knows only electron, events, timers and url. This runs the built preload the same way
// with a stand-in `electron` that records what the preload exposes and sends.
describe('the Electron preload bundle', () => {
  it('runs in the sandbox and exposes exactly the transport and the file dialog on the IPC channels', async () => {
    execFileSync(process.execPath, ['scripts/build-electron.mjs'], { cwd: root, stdio: 'pipe' });
    const exposed = new Map<string, unknown>();
    const invoked: unknown[][] = [];
    const handlers: Array<[string, (...args: unknown[]) => void]> = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: {
        invoke: async (channel: string, request: unknown) => {
          invoked.push([channel, request]);
          return { ok: true, value: null };
        },
        on: (channel: string, handler: (...args: unknown[]) => void) => handlers.push([channel, handler]),
        removeListener: (channel: string, handler: unknown) => {
          const i = handlers.findIndex(([c, h]) => c === channel && h === handler);
          if (i >= 0) handlers.splice(i, 1);
        },
      },
    };
    const nodeRequire = createRequire(import.meta.url);
    const sandboxModules: Record<string, unknown> = { electron, events: nodeRequire('events'), timers: nodeRequire('timers'), url: nodeRequire('url') };
    const sandboxRequire = (name: string) => {
      const found = sandboxModules[name.replace(/^node:/, '')];
      if (!found) throw new Error(`module not found: ${name}`);
      return found;
    };
    const source = readFileSync(join(root, 'dist-electron', 'preload.cjs'), 'utf8');
    const preload = runInNewContext(`(function (require, process, Buffer, global, setImmediate, clearImmediate, exports, module) {\n${source}\n})`, {});
    const module = { exports: {} };
    preload(sandboxRequire, {}, Buffer, {}, setImmediate, clearImmediate, module.exports, module);

    expect([...exposed.keys()]).toEqual([IPC_TRANSPORT_GLOBAL, SHELL_ACTIONS_GLOBAL]);
    const transport = exposed.get(IPC_TRANSPORT_GLOBAL) as Transport;
    expect(Object.keys(transport).sort()).toEqual(['call', 'subscribe']);

    const request = { method: 'setup.status', input: {}, token: null };
    await expect(transport.call(request)).resolves.toEqual({ ok: true, value: null });
    expect(invoked).toEqual([[IPC_CALL_CHANNEL, request]]);

    const heard: unknown[] = [];
    const unsubscribe = transport.subscribe('session.locked', (payload) => heard.push(payload));
    expect(handlers.map(([channel]) => channel)).toEqual([IPC_EVENT_CHANNEL]);
    const [, handler] = handlers[0]!;
    handler({}, 'backup.finished', { ok: true, message: 'not for this listener' });
    handler({}, 'session.locked', { reason: 'idle' });
    expect(heard).toEqual([{ reason: 'idle' }]);
    unsubscribe();
    expect(handlers).toEqual([]);

    const shell = exposed.get(SHELL_ACTIONS_GLOBAL) as ShellActions;
    expect(Object.keys(shell)).toEqual(['chooseBackupFile']);
    invoked.length = 0;
    await shell.chooseBackupFile();
    expect(invoked.map(([channel]) => channel)).toEqual([IPC_CHOOSE_BACKUP_FILE_CHANNEL]);
  }, 60_000);
});
