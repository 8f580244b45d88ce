import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { OpsFlowError } from '../../../domain/errors';
import type { AuditDraft } from '../../../domain/audit/entry';
import { resolveDataDir } from '../data-dir';
import { DB_FILE_NAME, Engine } from '../engine';
import { createLogger } from '../logger';

export const CLI_ACTOR = { id: null, name: 'command line' };

/**
 * Opens the engine on the chosen data folder, runs `fn`, and always closes it. `logLevel`: a
 * command that reports what the engine would log (verify) keeps the log quieter.
 */
export async function withEngine<T>(dataDirFlag: string | undefined, fn: (engine: Engine) => Promise<T> | T, options: { logLevel?: string } = {}): Promise<T> {
  const dataDir = resolveDataDir(dataDirFlag);
  if (!existsSync(join(dataDir, DB_FILE_NAME))) {
    throw new OpsFlowError('NOT_SET_UP', `There is no OpsFlow data in ${dataDir}. Check --data-dir, or start the app to set it up.`);
  }
  const engine = await Engine.open({ dataDir, log: createLogger({ level: process.env.OPSFLOW_LOG_LEVEL ?? options.logLevel ?? 'warn' }) });
  try {
    return await fn(engine);
  } finally {
    engine.close();
  }
}

export function requireSetUp(engine: Engine): void {
  if (!engine.context.identity()) throw new OpsFlowError('NOT_SET_UP', 'OpsFlow has not been set up in this data folder yet. Start the app and complete the first-run setup.');
}

export function auditFromCli(engine: Engine, draft: AuditDraft): void {
  engine.context.audit.append(draft, CLI_ACTOR);
}
