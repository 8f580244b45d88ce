import { PAPER_SIZES, type PaperSize, type ReportParams } from './inspection-report';

/**
 * The stamp a report PDF carries in its metadata: what it was made from (location, range, options,
 * the instant), the digest of the records it showed and the audit chain head then. Plain ASCII with
 * no brackets or backslashes, so it sits verbatim in the PDF's info dictionary and is found again
 * with a byte search: no PDF parser needed to verify.
 */
export interface ReportStamp {
  params: ReportParams;
  paper: PaperSize;
  digest: string;
  /** `<deviceId>:<seq>:<hash>` of this PC's last audit entry, or "none". */
  chainHead: string;
}

const PREFIX = 'opsflow-report-v1';

export function stampText(s: ReportStamp): string {
  const p = s.params;
  return [PREFIX, `loc=${p.locationId}`, `from=${p.fromDay}`, `to=${p.toDay}`, `twice=${p.twiceDaily ? 1 : 0}`, `asof=${p.asOfMs}`, `paper=${s.paper}`, `digest=${s.digest}`, `head=${s.chainHead}`].join(';');
}

const STAMP = new RegExp(`${PREFIX};loc=([0-9a-f-]{36});from=(\\d{4}-\\d{2}-\\d{2});to=(\\d{4}-\\d{2}-\\d{2});twice=([01]);asof=(\\d+);paper=([a-z0-9]+);digest=([0-9a-f]{64});head=([0-9a-f-]+:\\d+:[0-9a-f]{64}|none)`);

/** The stamp found in a file's text, or null when it has none (not an OpsFlow report, or damaged). */
export function parseStamp(text: string): ReportStamp | null {
  const m = STAMP.exec(text);
  if (!m) return null;
  const paper = m[6] as PaperSize;
  if (!PAPER_SIZES.includes(paper)) return null;
  return {
    params: { locationId: m[1]!, fromDay: m[2]!, toDay: m[3]!, twiceDaily: m[4] === '1', asOfMs: Number(m[5]) },
    paper,
    digest: m[7]!,
    chainHead: m[8]!,
  };
}
