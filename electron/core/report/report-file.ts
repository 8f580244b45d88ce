import type { PaperSize, ReportParams, InspectionReport } from '../../../domain/report/inspection-report';
import { reportCanonicalText } from '../../../domain/report/inspection-report';
import type { ReportStamp } from '../../../domain/report/report-stamp';
import { sha256Hex } from '../audit/sha256';
import type { EngineContext } from '../context';
import type { Store } from '../store';
import type { CorrectiveActionsOf } from './corrective-actions-source';
import { assembleReport } from './report-data';
import { renderReportCsv } from './report-csv';
import { renderReportPdf } from './report-pdf';

export interface MadeReport {
  report: InspectionReport;
  stamp: ReportStamp;
  pdf: Buffer | null;
  csv: string | null;
}

/** `<station>:<seq>:<hash>` of this PC's latest audit entry: where its tamper-evident chain stood. */
export function auditChainHead(store: Store): string {
  const stationId = store.identity()?.stationId;
  if (!stationId) return 'none';
  const head = store.q.first(store.db.selectFrom('audit_entries').select(['seq', 'hash']).where('device_id', '=', stationId).orderBy('seq', 'desc').limit(1));
  return head ? `${stationId}:${head.seq}:${head.hash}` : 'none';
}

export function reportDigest(report: InspectionReport): string {
  return sha256Hex(reportCanonicalText(report));
}

/** Assembles the report once and renders what was asked for. */
export async function makeReport(
  ctx: EngineContext,
  params: ReportParams,
  options: { paper: PaperSize; pdf: boolean; csv: boolean; correctiveActionsOf?: CorrectiveActionsOf },
): Promise<MadeReport> {
  const report = assembleReport(ctx, params, options.correctiveActionsOf);
  const stamp: ReportStamp = { params, paper: options.paper, digest: reportDigest(report), chainHead: auditChainHead(ctx) };
  return {
    report,
    stamp,
    pdf: options.pdf ? await renderReportPdf(report, stamp, options.paper) : null,
    csv: options.csv ? renderReportCsv(report, stamp.digest) : null,
  };
}

/** "downtown-2026-10-01-to-2026-10-31" for file names. */
export function reportFileStem(report: InspectionReport): string {
  const place = report.location.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'location';
  return `haccp-report-${place}-${report.params.fromDay}-to-${report.params.toDay}`;
}
