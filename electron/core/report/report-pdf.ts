import type { InspectionReport, PaperSize } from '../../../domain/report/inspection-report';
import { stampText, type ReportStamp } from '../../../domain/report/report-stamp';
import { reportTables } from '../../../domain/report/report-tables';
import { formatDateTime } from '../../../domain/time/format-time';
import { MARGIN, REGULAR, heading, openPdf, pageFooters, paragraph, table } from './pdf-pages';

/**
 * The inspector's report as a PDF: a cover block, one table per unit, then excursions, checklists,
 * cooling logs and calibration; the last page prints the digest and the audit chain head, and the
 * same stamp sits in the document's metadata for `opsflow report verify`.
 */
export function renderReportPdf(report: InspectionReport, stamp: ReportStamp, paper: PaperSize): Promise<Buffer> {
  const loc = report.location;
  const p = report.params;
  const { doc, done } = openPdf(paper, {
    Title: `HACCP inspection report: ${loc.name}, ${p.fromDay} to ${p.toDay}`,
    Author: 'OpsFlow',
    Subject: 'HACCP temperature records, excursions, checklists, cooling logs and calibration',
    Keywords: stampText(stamp),
    CreationDate: new Date(p.asOfMs),
  });

  const style = { timeZone: loc.timeZone, clock: '24h' as const, dateStyle: 'iso' as const };
  heading(doc, 'HACCP inspection report', 18);
  paragraph(doc, `${loc.name}${loc.address ? `, ${loc.address}` : ''}`, 11);
  paragraph(
    doc,
    `Records from ${p.fromDay} to ${p.toDay} (both included, time zone ${loc.timeZone}). Made ${formatDateTime(p.asOfMs, style)}.` +
      ` ${report.units.length} monitored unit(s), ${report.excursions.length} excursion(s), ${report.checklists.length} checklist(s) due, ${report.cooling.length} cooling log(s), ${report.sensors.length} sensor(s).`,
    9,
  );
  for (const t of reportTables(report)) table(doc, t);

  doc.addPage();
  heading(doc, 'Verification', 14);
  paragraph(
    doc,
    'The digest is the SHA-256 of every record this report shows (each reading behind the daily minimum and maximum, every excursion and its corrective action, every checklist record, cooling log, calibration and receiving check). ' +
      'Run "opsflow report verify <this file>" on the OpsFlow computer to recompute it from the data as it is then: a different digest means a record shown here has changed since.',
    9,
  );
  doc.font(REGULAR).fontSize(9).text(`Digest (SHA-256): ${stamp.digest}`, MARGIN, doc.y, { lineBreak: false });
  doc.moveDown(1);
  const [device, seq, hash] = stamp.chainHead === 'none' ? ['none', '', ''] : stamp.chainHead.split(':');
  doc.text(`Audit chain head: ${stamp.chainHead === 'none' ? 'no audit entries yet' : `entry ${seq} of station ${device}`}`, MARGIN, doc.y);
  if (hash) doc.text(`Audit chain hash: ${hash}`, MARGIN, doc.y, { lineBreak: false });
  doc.moveDown(1);
  doc.fontSize(6).text(stampText(stamp), MARGIN, doc.y, { width: doc.page.width - 2 * MARGIN });

  pageFooters(doc, (page, pages) => `${loc.name} · ${p.fromDay} to ${p.toDay} · page ${page} of ${pages}`);
  doc.end();
  return done;
}
