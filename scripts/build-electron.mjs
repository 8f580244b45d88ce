// Bundles the Electron shell (main process), the preload, and the engine host that main.ts starts in a
// utilityProcess into dist-electron/.
// Native modules stay external: electron-builder rebuilds them for Electron and unpacks them.
import { build } from 'esbuild';

const external = ['electron', 'better-sqlite3', 'node-hid', 'serialport', '@serialport/*', 'usb', '@node-usb/*', 'pino', 'thread-stream'];
// The engine is ESM and uses import.meta.url (createRequire); in the CommonJS bundle it is made
// from __filename so those modules work unchanged inside Electron.
const importMetaUrl = {
  define: { 'import.meta.url': '__opsflowImportMetaUrl' },
  banner: { js: "const __opsflowImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};
const common = { bundle: true, platform: 'node', target: 'node22', format: 'cjs', sourcemap: true, external, logLevel: 'warning' };

await build({ ...common, ...importMetaUrl, entryPoints: ['electron/main.ts'], outfile: 'dist-electron/main.cjs' });
// Not the preload: it runs in Electron's sandbox, which has no __filename, so that banner would
// throw before the bridge is exposed. The preload needs no engine module, so no shim either.
await build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist-electron/preload.cjs' });
await build({ ...common, ...importMetaUrl, entryPoints: ['electron/core/host/utility-entry.ts'], outfile: 'dist-electron/engine-host.cjs' });
// The worker thread that checks months of the audit log beside the verifying thread: the engine
// host starts it from the file beside its own (electron/core/audit/months-from-worker.ts).
await build({ ...common, entryPoints: ['electron/core/audit/verify-months-worker.ts'], outfile: 'dist-electron/verify-months-worker.cjs' });
