// The engine host as a plain Node child process, for tests and anything else without Electron:
//   fork('electron/core/host/node-entry.ts', [], { execArgv: ['--import', 'tsx'], serialization: 'advanced' })
// `serialization: 'advanced'` gives the structured clone Electron's MessagePorts use, so what
// crosses here crosses there. Electron's utilityProcess runs utility-entry.ts; the host is the same.
import { createLogger } from '../logger';
import { serveEngine } from './engine-host';
import { parentProcessPort } from './node-ports';

if (!process.send) {
  process.stderr.write('node-entry.ts is started by child_process.fork(); it talks to its parent over the IPC channel.\n');
  process.exit(2);
}

const port = parentProcessPort();
const host = serveEngine(port, createLogger());
// The parent went away without a stop: close the engine anyway, so SQLite is left consistent.
process.once('disconnect', () => void host.stop());

const exitCode = await host.done;
await port.flushed();
process.exitCode = exitCode;
if (process.connected) process.disconnect();
// Something still holding the event loop (a device port closing) gets a moment, not forever.
setTimeout(() => process.exit(exitCode), 5_000).unref();
