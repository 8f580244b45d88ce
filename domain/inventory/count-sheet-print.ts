import type { CountSheet, CountSheetLine } from '../contract/inventory';
import type { ReportTable } from '../report/report-tables';
import { describeQty } from './units';

/**
 * The paper count sheet: one table per storage area, each item with its pack sizes and empty boxes
 * for the quantity and the pack it was counted in. Blind unless `showExpected` (a manager's choice):
 * then an "On the books" column too. Quantities already entered on screen are printed in the boxes.
 */
export interface PrintableCountSheet {
  title: string;
  intro: string;
  tables: ReportTable[];
  /** The columns of every table to draw writing boxes in. */
  boxColumns: number[];
}

/** "sack = 25,000 g · kg = 1,000 g": every way the item may be counted. */
export function packWords(line: Pick<CountSheetLine, 'baseUnit' | 'packs'>): string {
  const packs = line.packs.map((p) => `${p.name} = ${p.baseQty.toLocaleString('en-US')} ${line.baseUnit}`);
  return [...packs, line.baseUnit].join(' · ');
}

const NO_AREA = 'No storage area';

export function printableCountSheet(sheet: CountSheet, place: { locationName: string; startedOn: string }, showExpected: boolean): PrintableCountSheet {
  const byArea = new Map<string, CountSheetLine[]>();
  for (const line of sheet.lines) {
    const area = line.storageArea || NO_AREA;
    byArea.set(area, [...(byArea.get(area) ?? []), line]);
  }
  const areas = [...byArea.keys()].sort((a, b) => (a === NO_AREA ? 1 : b === NO_AREA ? -1 : a.localeCompare(b)));
  const columns = ['Item', 'SKU', 'Pack sizes', ...(showExpected ? ['On the books'] : []), 'Quantity', 'Pack counted'];
  const widths = [24, 9, 34, ...(showExpected ? [14] : []), 10, 12];
  const tables = areas.map((area) => {
    const lines = byArea.get(area)!;
    return {
      title: area,
      note: `${lines.length} item(s).`,
      columns,
      widths,
      rows: lines.map((l) => [
        l.itemName,
        l.sku,
        packWords(l),
        ...(showExpected ? [l.expectedBase === null ? '' : describeQty(l.expectedBase, l.baseUnit, l.packs)] : []),
        l.counted ? String(l.counted.packQty) : '',
        l.counted ? l.counted.packName : '',
      ]),
      empty: 'No items.',
    };
  });
  const quantityColumn = columns.indexOf('Quantity');
  return {
    title: `Stock count: ${sheet.storageArea || 'every storage area'}`,
    intro:
      `${place.locationName}. Started ${place.startedOn} by ${sheet.startedBy}. ` +
      (showExpected ? 'Not blind: the quantities on the books are shown. ' : 'Blind count: the quantities on the books are not shown. ') +
      'Write the quantity and the pack you counted it in, then enter the sheet on the Count screen.',
    tables,
    boxColumns: [quantityColumn, quantityColumn + 1],
  };
}
