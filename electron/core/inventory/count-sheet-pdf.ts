import type { CountSheetFile } from '../../../domain/contract/inventory';
import { printableCountSheet } from '../../../domain/inventory/count-sheet-print';
import type { StockCountsRow } from '../../../domain/inventory/rows';
import type { PaperSize } from '../../../domain/report/inspection-report';
import { formatDateTime } from '../../../domain/time/format-time';
import { heading, openPdf, pageFooters, paragraph, table } from '../report/pdf-pages';
import type { EngineContext } from '../context';
import { countSheet } from './counts';

/** Tall rows: a quantity is written by hand in the box. */
const WRITING_ROW_HEIGHT = 22;

/**
 * The count sheet to print, as a PDF file. Blind unless `showExpected`; whoever calls decides
 * whether the person may see the quantities on the books.
 */
export async function countSheetPdf(store: EngineContext, count: StockCountsRow, options: { paper: PaperSize; showExpected: boolean }): Promise<{ file: CountSheetFile; areas: number; items: number }> {
  // The paper decides for itself: a blind sheet hides the books even for a count that is not blind or
  // already approved (the screen would show them), and an unblinded one shows them at any status.
  const sheet = countSheet(store, options.showExpected ? { ...count, blind: 0 } : { ...count, blind: 1, status: 'open' }, options.showExpected);
  const location = store.directory.location(count.location_id);
  const style = { timeZone: location?.time_zone, clock: '24h' as const, dateStyle: 'iso' as const };
  const printable = printableCountSheet(sheet, { locationName: location?.name ?? count.location_id, startedOn: formatDateTime(count.started_at_ms, style) }, options.showExpected);

  const { doc, done } = openPdf(options.paper, {
    Title: `${printable.title}, ${location?.name ?? ''}`,
    Author: 'OpsFlow',
    Subject: options.showExpected ? 'Stock count sheet with the quantities on the books' : 'Blind stock count sheet',
    CreationDate: new Date(store.now()),
  });
  heading(doc, printable.title, 16);
  paragraph(doc, printable.intro, 9);
  paragraph(doc, 'Counted by: ______________________    Date: ______________    Signature: ______________________', 9);
  for (const t of printable.tables) table(doc, t, { minRowHeight: WRITING_ROW_HEIGHT, boxColumns: printable.boxColumns });
  pageFooters(doc, (page, pages) => `${printable.title} · ${location?.name ?? ''} · count ${count.id} · page ${page} of ${pages}`);
  doc.end();
  const bytes = await done;
  const stem = `count-sheet-${(count.storage_area || 'all-areas').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'area'}`;
  return {
    file: { fileName: `${stem}${options.showExpected ? '-with-expected' : ''}.pdf`, mimeType: 'application/pdf', base64: bytes.toString('base64'), sizeBytes: bytes.length },
    areas: printable.tables.length,
    items: sheet.lines.length,
  };
}
