import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { DIRECTORY_MAPS } from '../../../domain/directory/records';
import { FACT_BATCHES_MAP } from '../../../domain/sync/fact-batch';
import { directoryDocName, logDocName } from '../../../domain/sync/doc-names';
import { verifyAuditChains } from '../audit/audit-queries';
import { openTestEngine, tempDataDir } from '../testing/test-engine';

const fixture = fileURLToPath(new URL('./crash-writer.fixture.ts', import.meta.url));

/** Starts the writer, lets it write for `ms` after it reports it is writing, then SIGKILLs it. */
function writeThenKill(dataDir: string, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => {
      if (String(d).includes('writing')) setTimeout(() => child.kill('SIGKILL'), ms);
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited on its own: ${stderr}`))));
  });
}

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('the local-first write path after a crash', () => {
  it('rebuilds the documents from the update log and finds the projection matching them, whenever the process is killed', async () => {
    const { dir, cleanup } = tempDataDir();
    cleanups.push(cleanup);
    for (const ms of [150, 420, 777]) {
      await writeThenKill(dir, ms);
      const engine = await openTestEngine({ dataDir: dir });
      try {
        const ctx = engine.context;
        const identity = ctx.identity()!;
        // Documents rebuilt from y_updates:
        const directory = ctx.docs.get(directoryDocName(identity.tenantId));
        const fromDoc = new Map<string, string>();
        for (const [id, record] of directory.getMap(DIRECTORY_MAPS.locations)) fromDoc.set(id, (record as Y.Map<string>).get('name')!);
        // …and the projection written in the same transactions:
        const fromSql = new Map(ctx.directory.locations().map((l) => [l.id, l.name]));
        expect(fromSql).toEqual(fromDoc);
        expect(fromDoc.size).toBeGreaterThan(1);

        const log = ctx.docs.get(logDocName(identity.tenantId, identity.homeLocationId, Date.now()));
        const auditRows = Number(ctx.sqlite.prepare('SELECT COUNT(*) FROM audit_entries').pluck().get());
        expect(auditRows).toBe(log.getMap(FACT_BATCHES_MAP).size);
        expect(verifyAuditChains(ctx.q).ok).toBe(true);
      } finally {
        engine.close();
      }
    }
  }, 60_000);
});
