// The engine host inside Electron: main.ts starts the bundle of this file (dist-electron/engine-host.cjs)
// with utilityProcess.fork(), and they talk over the utility process's MessagePort, which this side
// sees as `process.parentPort`. No `electron` import: only main.ts and preload.ts may have one.
import { createLogger } from '../logger';
import { serveEngine } from './engine-host';

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  off(event: 'message', listener: (event: { data: unknown }) => void): unknown;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) {
  process.stderr.write('engine-host.cjs runs in an Electron utilityProcess; under Node, fork electron/core/host/node-entry.ts.\n');
  process.exit(2);
}

const host = serveEngine(
  {
    postMessage: (message) => parentPort.postMessage(message),
    onMessage(listener) {
      const handler = (event: { data: unknown }) => listener(event.data);
      parentPort.on('message', handler);
      return () => parentPort.off('message', handler);
    },
  },
  createLogger(),
);

void host.done.then((exitCode) => {
  // The shell quits (which ends this process) as soon as it reads `stopped` or `fatal`; if
  // anything still holds this process open after that, it leaves on its own.
  process.exitCode = exitCode;
  setTimeout(() => process.exit(exitCode), 2_000).unref();
});
