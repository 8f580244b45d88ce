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
 * `verifyAuditChains` over 1,000,000 valid chained entries (three devices) against hashing the
 * same canonical strings with node:crypto alone: the ratio is what reading rows and rebuilding
 * the canonical JSON cost on top of the hashing itself.
 */
export const auditVerify1m: Figure = {
  name: 'audit-verify-1m',
  description: 'verifyAuditChains over 1,000,000 chained entries vs SHA-256 of the same canonical strings with node:crypto',
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
        { warmup: 0, iterations: 1 },
      );
      for (const verdict of verdicts) {
        if (!verdict.ok || verdict.entriesChecked < fixture.entries) throw new Error(`the fixture's chains do not verify: ${JSON.stringify(verdict)}`);
      }
      return [figureResult('audit-verify-1m', 'ms', timing.value.medianMs, timing.reference.medianMs)];
    } finally {
      engine.close();
    }
  },
};
