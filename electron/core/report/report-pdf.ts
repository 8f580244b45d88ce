import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { InspectionReport, PaperSize } from '../../../domain/report/inspection-report';
import { stampText, type ReportStamp } from '../../../domain/report/report-stamp';
import { reportTables, type ReportTable } from '../../../domain/report/report-tables';
import { formatDateTime } from '../../../domain/time/format-time';
import { OpsFlowError } from '../../../domain/errors';
import { BOLD_FONT, REGULAR_FONT, reportFontFolder } from './report-fonts';

/** DejaVu Sans, shipped with the app and embedded (subset) in every PDF: a report reads the same on any computer, °F and all. */
const FONTS_DIR = reportFontFolder();
const REGULAR = join(FONTS_DIR ?? '.', REGULAR_FONT);
const BOLD = join(FONTS_DIR ?? '.', BOLD_FONT);

const MARGIN = 40;
const BODY = 8;
const CELL_PAD = 3;

type Doc = InstanceType<typeof PDFDocument>;

function bottom(doc: Doc): number {
  return doc.page.height - MARGIN - 14;
}

function heading(doc: Doc, text: string, size: number): void {
  if (doc.y + size * 3 > bottom(doc)) doc.addPage();
  doc.font('bold').fontSize(size).text(text, MARGIN, doc.y, { width: doc.page.width - 2 * MARGIN });
  doc.moveDown(0.2);
}

function paragraph(doc: Doc, text: string, size = BODY): void {
  doc.font(REGULAR).fontSize(size).text(text, MARGIN, doc.y, { width: doc.page.width - 2 * MARGIN });
  doc.moveDown(0.4);
}

/** A table that breaks across pages, repeating its header row. */
function table(doc: Doc, t: ReportTable): void {
  heading(doc, t.title, 11);
  paragraph(doc, t.note);
  if (t.rows.length === 0) {
    paragraph(doc, t.empty);
    return;
  }
  const width = doc.page.width - 2 * MARGIN;
  const total = t.widths.reduce((a, b) => a + b, 0);
  const cols = t.widths.map((w) => (w / total) * width);
  // Most cells fit on one line: measuring their width is cheap, wrapping them is what costs
  // (pdfkit's line wrapper per cell made a 20-unit month take seconds), so only long cells wrap.
  const layout = (cells: string[], font: string) => {
    doc.font(font).fontSize(BODY);
    const lineHeight = doc.currentLineHeight(true);
    const fits = cells.map((c, i) => doc.widthOfString(c) <= cols[i]! - 2 * CELL_PAD);
    const height = Math.max(...cells.map((c, i) => (fits[i] ? lineHeight : doc.heightOfString(c, { width: cols[i]! - 2 * CELL_PAD })))) + 2 * CELL_PAD;
    return { fits, height };
  };
  const drawRow = (cells: string[], font: string, shade: boolean, { fits, height: h } = layout(cells, font)) => {
    const y = doc.y;
    if (shade) doc.rect(MARGIN, y, width, h).fill('#e8e8e8').fillColor('black');
    let x = MARGIN;
    doc.font(font).fontSize(BODY);
    cells.forEach((c, i) => {
      if (fits[i]) doc.text(c, x + CELL_PAD, y + CELL_PAD, { lineBreak: false });
      else doc.text(c, x + CELL_PAD, y + CELL_PAD, { width: cols[i]! - 2 * CELL_PAD });
      x += cols[i]!;
    });
    doc.moveTo(MARGIN, y + h).lineTo(MARGIN + width, y + h).lineWidth(0.3).strokeColor('#999999').stroke();
    doc.x = MARGIN;
    doc.y = y + h;
  };
  const header = () => drawRow(t.columns, 'bold', true);
  if (doc.y + layout(t.columns, 'bold').height + layout(t.rows[0]!, REGULAR).height > bottom(doc)) doc.addPage();
  header();
  for (const row of t.rows) {
    const l = layout(row, REGULAR);
    if (doc.y + l.height > bottom(doc)) {
      doc.addPage();
      header();
    }
    drawRow(row, REGULAR, false, l);
  }
  doc.moveDown(1);
}

/**
 * The inspector's report as a PDF: a cover block, one table per unit, then excursions, checklists,
 * cooling logs and calibration; the last page prints the digest and the audit chain head, and the
 * same stamp sits in the document's metadata for `opsflow report verify`.
 */
export function renderReportPdf(report: InspectionReport, stamp: ReportStamp, paper: PaperSize): Promise<Buffer> {
  if (FONTS_DIR === null) throw new OpsFlowError('INTERNAL', `The report's fonts (${REGULAR_FONT}, ${BOLD_FONT}) are missing from this installation: reinstall OpsFlow, or make the CSV instead.`);
  const loc = report.location;
  const p = report.params;
  const doc = new PDFDocument({
    size: paper === 'a4' ? 'A4' : 'LETTER',
    margin: MARGIN,
    bufferPages: true,
    font: REGULAR,
    info: {
      Title: `HACCP inspection report: ${loc.name}, ${p.fromDay} to ${p.toDay}`,
      Author: 'OpsFlow',
      Subject: 'HACCP temperature records, excursions, checklists, cooling logs and calibration',
      Keywords: stampText(stamp),
      CreationDate: new Date(p.asOfMs),
    },
  });
  // The regular face is the document's default (opened once, under its path); registering it again
  // under another name makes pdfkit open the file anew on every font switch (seconds per report).
  doc.registerFont('bold', BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolveDone, reject) => {
    doc.on('end', () => resolveDone(Buffer.concat(chunks)));
    doc.on('error', reject);
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
    'The digest is the SHA-256 of every record this report shows (each reading behind the daily minimum and maximum, every excursion and its corrective action, every checklist record, cooling log and calibration). ' +
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

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Below the bottom margin: without this pdfkit would start a new page for the footer.
    doc.page.margins.bottom = 0;
    doc.font(REGULAR).fontSize(7).text(`${loc.name} · ${p.fromDay} to ${p.toDay} · page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN, {
      width: doc.page.width - 2 * MARGIN,
      align: 'center',
      lineBreak: false,
    });
  }
  doc.end();
  return done;
}
