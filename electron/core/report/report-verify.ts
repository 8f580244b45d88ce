import { parseStamp, type ReportStamp } from '../../../domain/report/report-stamp';
import { OpsFlowError } from '../../../domain/errors';
import { verifyAuditChains } from '../audit/audit-queries';
import type { EngineContext } from '../context';
import type { CorrectiveActionsOf } from './corrective-actions-source';
import { assembleReport } from './report-data';
import { reportDigest } from './report-file';

export interface ReportVerdict {
  ok: boolean;
  stamp: ReportStamp;
  digestNow: string;
  recordsUnchanged: boolean;
  /** The chain head printed is still in this PC's audit log with the same hash, and the chains verify. */
  chainHeadFound: boolean;
  chainIntact: boolean;
  sentence: string;
}

/**
 * Verifies a report file against the data: reads the stamp out of the PDF (or CSV) bytes, assembles
 * the report again with the same parameters and instant, and compares digests; then looks for the
 * printed audit chain head in the log and checks the chains.
 */
export function verifyReportFile(ctx: EngineContext, bytes: Uint8Array, correctiveActionsOf?: CorrectiveActionsOf): ReportVerdict {
  const stamp = parseStamp(Buffer.from(bytes).toString('latin1'));
  if (!stamp) throw new OpsFlowError('BAD_INPUT', 'This file is not an OpsFlow inspection report, or its verification stamp is damaged: nothing can be checked.');
  if (ctx.identity() && !ctx.q.first(ctx.db.selectFrom('locations').select('id').where('id', '=', stamp.params.locationId))) {
    throw new OpsFlowError('NOT_FOUND', "The report is of a location this computer's data does not have: verify it on the OpsFlow computer of that location.");
  }
  const digestNow = reportDigest(assembleReport(ctx, stamp.params, correctiveActionsOf));
  const recordsUnchanged = digestNow === stamp.digest;
  let chainHeadFound = true;
  if (stamp.chainHead !== 'none') {
    const [deviceId, seq, hash] = stamp.chainHead.split(':');
    const row = ctx.q.first(ctx.db.selectFrom('audit_entries').select('hash').where('device_id', '=', deviceId!).where('seq', '=', Number(seq)));
    chainHeadFound = row?.hash === hash;
  }
  const chainIntact = verifyAuditChains(ctx.q).ok;
  const ok = recordsUnchanged && chainHeadFound && chainIntact;
  const parts = [
    recordsUnchanged
      ? 'No record shown in the report has changed since it was made (the digest matches).'
      : `A record shown in the report has changed since it was made: its digest was ${stamp.digest.slice(0, 16)}…, the same records give ${digestNow.slice(0, 16)}… now.`,
    chainHeadFound ? 'The audit chain head it printed is still in the audit log.' : 'The audit chain head it printed is no longer in the audit log as it was: the log was altered.',
    ...(chainIntact ? [] : ['The audit log does not verify: run "opsflow audit verify" for where it breaks.']),
  ];
  return { ok, stamp, digestNow, recordsUnchanged, chainHeadFound, chainIntact, sentence: parts.join(' ') };
}
