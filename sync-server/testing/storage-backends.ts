// The two storages the hub runs on, for tests that must hold on both: the embedded PGlite in a
// temporary data folder, and a real PostgreSQL server started for the test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StorageOptions } from '../storage/database';
import { startPostgres } from './postgres-server';

export interface StorageBackend {
  name: string;
  /** Storage options for one hub, and how to throw the storage away afterwards. */
  start(): Promise<{ options: StorageOptions; stop(): Promise<void> }>;
}

export const STORAGE_BACKENDS: StorageBackend[] = [
  {
    name: 'PGlite',
    async start() {
      const dataDir = mkdtempSync(join(tmpdir(), 'opsflow-hub-'));
      return { options: { dataDir }, stop: async () => rmSync(dataDir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL',
    async start() {
      const server = await startPostgres();
      return { options: { databaseUrl: server.url }, stop: () => server.stop() };
    },
  },
];
