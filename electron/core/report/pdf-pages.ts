import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { OpsFlowError } from '../../../domain/errors';
import type { PaperSize } from '../../../domain/report/inspection-report';
import type { ReportTable } from '../../../domain/report/report-tables';
import { BOLD_FONT, REGULAR_FONT, reportFontFolder } from './report-fonts';

/** DejaVu Sans, shipped with the app and embedded (subset) in every PDF: a report reads the same on any computer, °F and all. */
const FONTS_DIR = reportFontFolder();
export const REGULAR = join(FONTS_DIR ?? '.', REGULAR_FONT);
const BOLD = join(FONTS_DIR ?? '.', BOLD_FONT);

export const MARGIN = 40;
export const BODY = 8;
const CELL_PAD = 3;

export type Doc = InstanceType<typeof PDFDocument>;

/** A4 or Letter with the fonts embedded; `done` resolves to the file's bytes after `doc.end()`. */
export function openPdf(paper: PaperSize, info: PDFKit.DocumentInfo): { doc: Doc; done: Promise<Buffer> } {
  if (FONTS_DIR === null) throw new OpsFlowError('INTERNAL', `The PDF fonts (${REGULAR_FONT}, ${BOLD_FONT}) are missing from this installation: reinstall OpsFlow, or make the CSV instead.`);
  const doc = new PDFDocument({ size: paper === 'a4' ? 'A4' : 'LETTER', margin: MARGIN, bufferPages: true, font: REGULAR, info });
  // The regular face is the document's default (opened once, under its path); registering it again
  // under another name makes pdfkit open the file anew on every font switch (seconds per report).
  doc.registerFont('bold', BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolveDone, reject) => {
    doc.on('end', () => resolveDone(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}

function bottom(doc: Doc): number {
  return doc.page.height - MARGIN - 14;
}

export function heading(doc: Doc, text: string, size: number): void {
  if (doc.y + size * 3 > bottom(doc)) doc.addPage();
  doc.font('bold').fontSize(size).text(text, MARGIN, doc.y, { width: doc.page.width - 2 * MARGIN });
  doc.moveDown(0.2);
}

export function paragraph(doc: Doc, text: string, size = BODY): void {
  doc.font(REGULAR).fontSize(size).text(text, MARGIN, doc.y, { width: doc.page.width - 2 * MARGIN });
  doc.moveDown(0.4);
}

export interface TableLayout {
  /** Rows at least this tall (room to write by hand). */
  minRowHeight?: number;
  /** Columns whose cells get a box drawn in them, to write in. */
  boxColumns?: readonly number[];
}

/** A table that breaks across pages, repeating its header row. */
export function table(doc: Doc, t: ReportTable, { minRowHeight = 0, boxColumns = [] }: TableLayout = {}): void {
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
  const layout = (cells: string[], font: string, minHeight: number) => {
    doc.font(font).fontSize(BODY);
    const lineHeight = doc.currentLineHeight(true);
    const fits = cells.map((c, i) => doc.widthOfString(c) <= cols[i]! - 2 * CELL_PAD);
    const height = Math.max(minHeight, Math.max(...cells.map((c, i) => (fits[i] ? lineHeight : doc.heightOfString(c, { width: cols[i]! - 2 * CELL_PAD })))) + 2 * CELL_PAD);
    return { fits, height };
  };
  const drawRow = (cells: string[], font: string, shade: boolean, boxes: readonly number[], { fits, height: h }: { fits: boolean[]; height: number }) => {
    const y = doc.y;
    if (shade) doc.rect(MARGIN, y, width, h).fill('#e8e8e8').fillColor('black');
    let x = MARGIN;
    doc.font(font).fontSize(BODY);
    cells.forEach((c, i) => {
      if (boxes.includes(i)) doc.rect(x + CELL_PAD, y + CELL_PAD, cols[i]! - 2 * CELL_PAD, h - 2 * CELL_PAD).lineWidth(0.6).strokeColor('#444444').stroke();
      if (fits[i]) doc.text(c, x + CELL_PAD, y + CELL_PAD, { lineBreak: false });
      else doc.text(c, x + CELL_PAD, y + CELL_PAD, { width: cols[i]! - 2 * CELL_PAD });
      x += cols[i]!;
    });
    doc.moveTo(MARGIN, y + h).lineTo(MARGIN + width, y + h).lineWidth(0.3).strokeColor('#999999').stroke();
    doc.x = MARGIN;
    doc.y = y + h;
  };
  const headerLayout = layout(t.columns, 'bold', 0);
  const header = () => drawRow(t.columns, 'bold', true, [], headerLayout);
  if (doc.y + headerLayout.height + layout(t.rows[0]!, REGULAR, minRowHeight).height > bottom(doc)) doc.addPage();
  header();
  for (const row of t.rows) {
    const l = layout(row, REGULAR, minRowHeight);
    if (doc.y + l.height > bottom(doc)) {
      doc.addPage();
      header();
    }
    drawRow(row, REGULAR, false, boxColumns, l);
  }
  doc.moveDown(1);
}

/** A footer line on every page ("Downtown · page 2 of 5"). Call once, after the content. */
export function pageFooters(doc: Doc, footer: (page: number, pages: number) => string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Below the bottom margin: without this pdfkit would start a new page for the footer.
    doc.page.margins.bottom = 0;
    doc.font(REGULAR).fontSize(7).text(footer(i + 1, range.count), MARGIN, doc.page.height - MARGIN, {
      width: doc.page.width - 2 * MARGIN,
      align: 'center',
      lineBreak: false,
    });
  }
}
