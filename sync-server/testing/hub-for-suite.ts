import { afterAll, beforeAll } from 'vitest';
import { startHub, type Hub, type HubOptions } from '../hub';
import type { StorageBackend } from './storage-backends';

/**
 * One hub for a test file's suite, on `backend`'s storage, on a free port: started before its
 * tests, closed and its storage thrown away after them. `use` receives the started hub.
 */
export function hubForSuite(backend: StorageBackend, options: Omit<HubOptions, 'storage' | 'port'>, use: (hub: Hub) => void): void {
  let hub: Hub | null = null;
  let stopStorage: (() => Promise<void>) | null = null;
  beforeAll(async () => {
    const storage = await backend.start();
    stopStorage = storage.stop;
    hub = await startHub({ storage: storage.options, port: 0, ...options });
    use(hub);
  }, 120_000);
  afterAll(async () => {
    await hub?.close();
    await stopStorage?.();
  });
}
