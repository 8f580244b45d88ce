import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { OpsFlowError } from '../../../domain/errors';
import { resolveDataDir } from '../data-dir';
import { openDatabase } from '../db/open-database';
import { SyncQuery } from '../db/sync-query';
import { DB_FILE_NAME } from '../engine';
import { readIdentity } from '../station/identity';
import { verifyDatabase, type DatabaseVerdict } from '../verify/verify-database';
import { auditFromCli, withEngine } from './cli-engine';
import { dataDirOption } from './data-dir-option';

/** Reads the data folder's database as it is on disk, with no engine (which would repair what it finds). */
function verifyFile(dbFile: string): { verdict: DatabaseVerdict; setUp: boolean } {
  const { sqlite, db } = openDatabase(dbFile);
  try {
    const q = new SyncQuery(sqlite);
    let identity = null;
    try {
      identity = readIdentity(q, db);
    } catch {
      // A database too damaged to read its identity: the integrity check says why.
    }
    return { verdict: verifyDatabase({ sqlite, q, db }, identity?.tenantId ?? null), setUp: identity !== null };
  } finally {
    sqlite.close();
  }
}

export function registerVerifyCommands(program: Command): void {
  program
    .command('verify')
    .description('check the data: database integrity, stored documents, audit chains, and users, grants and settings against the documents; exit 1 with one line per problem')
    .addOption(dataDirOption())
    .option('--json', 'print the verdict as JSON')
    .action(async (opts: { dataDir?: string; json?: boolean }) => {
      const dataDir = resolveDataDir(opts.dataDir);
      const dbFile = join(dataDir, DB_FILE_NAME);
      if (!existsSync(dbFile)) throw new OpsFlowError('NOT_SET_UP', `There is no OpsFlow data in ${dataDir}. Check --data-dir, or start the app to set it up.`);
      const { verdict, setUp } = verifyFile(dbFile);
      const { problems } = verdict;
      const readable = !problems.some((p) => p.check === 'integrity' || p.check === 'documents');
      const rightsDiffer = problems.some((p) => p.check === 'rights');
      // Opening the engine is what the app does at start-up: it repairs the rights rows from the
      // documents and puts that on the record as CRITICAL. A broken chain goes on the record too,
      // as `audit verify` does. A damaged file is left as it is, for whoever rescues it.
      if (setUp && readable && (rightsDiffer || verdict.brokenChain)) {
        await withEngine(
          dataDir,
          (engine) => {
            const b = verdict.brokenChain;
            if (b) auditFromCli(engine, { action: 'audit.chainBroken', summary: `Audit chain of device ${b.deviceId} broken at entry ${b.seq}`, risk: 'CRITICAL', entityType: 'audit', entityId: b.id });
          },
          // The repair is reported below, line by line; the engine's own log line would say it twice.
          { logLevel: 'fatal' },
        );
      }
      const lines = problems.map((p) => `${p.check}: ${p.message}${p.check === 'rights' ? ' (repaired from the directory document)' : ''}`);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ ok: problems.length === 0, problems: problems.map((p) => ({ ...p, repaired: p.check === 'rights' })), auditEntries: verdict.auditEntries, stations: verdict.stations })}\n`);
      } else if (problems.length === 0) {
        process.stdout.write(
          `OK: the database is intact, every stored document rebuilds, ${verdict.auditEntries} audit entries on ${verdict.stations} station(s) are in unbroken chains, and users, grants and settings match the directory document.\n`,
        );
      } else {
        for (const line of lines) process.stdout.write(`PROBLEM ${line}\n`);
      }
      if (problems.length > 0) process.exitCode = 1;
    });
}
