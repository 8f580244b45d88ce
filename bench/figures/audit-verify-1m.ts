import { createHash } from 'node:crypto';
import type { ChainVerdict } from '../../domain/audit/entry';
import { verifyAuditChains } from '../../electron/core/audit/audit-queries';
import { Engine } from '../../electron/core/engine';
import { silentLogger } from '../../electron/core/logger';
import { figureResult, type Figure } from '../figure';
import { auditMillion, CHEAP_PASSWORD_COST, type HashInputs } from '../fixtures/audit-million';
import { measurePair } from '../measure';

/** SHA-256 of every entry's canonical hash input, compared with its stored hash: node:crypto and nothing else. */
function hashAll(inputs: HashInputs): number {
  let mismatches = 0;
  for (let i = 0; i < inputs.hashes.length; i++) {
    const bytes = inputs.chunks[inputs.chunkOf[i]!]!.subarray(inputs.start[i]!, inputs.end[i]!);
    if (createHash('sha256').update(bytes).digest('hex') !== inputs.hashes[i]) mismatches += 1;
  }
  return mismatches;
}

/**
 * `verifyAuditChains` over 1,000,000 valid chained entries (three devices), which checks each
 * entry's hash, each link, and the table against the log documents (every batch of every month's
 * document), against hashing the same canonical strings with node:crypto alone: the ratio is what
 * reading rows and documents and comparing them cost on top of the hashing itself.
 */
export const auditVerify1m: Figure = {
  name: 'audit-verify-1m',
  description: 'audit verify with document cross-check over 1,000,000 entries vs hash the same entries alone (SHA-256 of their canonical strings, node:crypto)',
  async run(bench) {
    const fixture = await auditMillion(bench);
    const engine = await Engine.open({ dataDir: fixture.dataDir, log: silentLogger, tuning: { passwordCost: CHEAP_PASSWORD_COST } });
    try {
      const verdicts: ChainVerdict[] = [];
      const timing = await measurePair(
        () => {
          verdicts.push(verifyAuditChains(engine.context.q));
        },
        () => {
          if (hashAll(fixture.hashInputs) !== 0) throw new Error('reference: a stored hash does not match its input');
        },
        // A million entries take seconds a run: one untimed pair (JIT, the OS caching the file), then
        // the median of three, so that one slow patch of a busy machine does not make the figure.
        { warmup: 1, iterations: 3 },
      );
      for (const verdict of verdicts) {
        if (!verdict.ok || verdict.entriesChecked < fixture.entries || verdict.logDocuments < fixture.logDocuments) {
          throw new Error(`the fixture's chains do not verify against its ${fixture.logDocuments} log documents: ${JSON.stringify(verdict)}`);
        }
      }
      return [figureResult('audit-verify-1m', 'ms', timing.value.medianMs, timing.reference.medianMs)];
    } finally {
      engine.close();
    }
  },
};
