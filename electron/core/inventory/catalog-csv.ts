import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { CsvImportResult, ItemFields } from '../../../domain/contract/inventory';
import { CATALOG_COLUMNS, catalogRowToItem, headerProblem, itemToCatalogCells, type CatalogCells } from '../../../domain/inventory/catalog-csv';
import { OpsFlowError } from '../../../domain/errors';
import type { Store } from '../store';
import { items, saveItem, suppliers } from './catalog';

export function exportCatalogCsv(store: Store): string {
  const supplierNames = new Map(suppliers(store, true).map((s) => [s.id, s.name]));
  const rows = items(store, true).map((item) => itemToCatalogCells(item, item.supplierId ? (supplierNames.get(item.supplierId) ?? '') : ''));
  return stringify(rows, { header: true, columns: [...CATALOG_COLUMNS] });
}

interface ParsedRow {
  line: number;
  cells: Partial<CatalogCells>;
}

function parseCsv(text: string): ParsedRow[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      columns: (header: string[]) => {
        const names = header.map((h) => h.trim().toLowerCase());
        const problem = headerProblem(names);
        if (problem) throw new OpsFlowError('BAD_INPUT', `Line 1 of the catalog file: ${problem}. Nothing was imported.`);
        return names;
      },
      skip_empty_lines: true,
      info: true,
    }) as never;
  } catch (err) {
    if (err instanceof OpsFlowError) throw err;
    const e = err as { lines?: number; message?: string };
    throw new OpsFlowError('BAD_INPUT', `The catalog file could not be read as CSV${e.lines ? ` at line ${e.lines}` : ''}: ${e.message ?? 'malformed'}. Nothing was imported.`);
  }
  return records.map((r) => ({ line: r.info.lines, cells: r.record as Partial<CatalogCells> }));
}

export interface CheckedCatalog {
  clean: { id: string | null; fields: ItemFields }[];
  errors: CsvImportResult['errors'];
}

/**
 * Reads the catalog file without changing anything: each clean row creates an item, or updates the
 * one with its SKU (or, without a SKU, its name); each bad row is reported by its line.
 */
export function checkCatalogCsv(store: Store, text: string): CheckedCatalog {
  const rows = parseCsv(text);
  if (rows.length === 0) throw new OpsFlowError('BAD_INPUT', 'The catalog file has no rows under its header. Nothing was imported.');
  const supplierIdByName = new Map(suppliers(store, true).map((s) => [s.name.toLowerCase(), s.id]));
  const existing = items(store, true);
  const bySku = new Map(existing.filter((i) => i.sku).map((i) => [i.sku.toLowerCase(), i.id]));
  const byName = new Map(existing.map((i) => [i.name.toLowerCase(), i.id]));
  const errors: CsvImportResult['errors'] = [];
  const clean: CheckedCatalog['clean'] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const result = catalogRowToItem(row.cells, supplierIdByName);
    if ('error' in result) {
      errors.push({ line: row.line, message: `Line ${row.line}: ${result.error}.` });
      continue;
    }
    const key = result.fields.sku ? `sku:${result.fields.sku.toLowerCase()}` : `name:${result.fields.name.toLowerCase()}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({ line: row.line, message: `Line ${row.line}: the same item as line ${first} (${result.fields.sku ? `SKU ${result.fields.sku}` : result.fields.name}).` });
      continue;
    }
    seen.set(key, row.line);
    const id = (result.fields.sku ? bySku.get(result.fields.sku.toLowerCase()) : undefined) ?? byName.get(result.fields.name.toLowerCase()) ?? null;
    clean.push({ id, fields: result.fields });
  }
  return { clean, errors };
}

/** Writes the clean rows of a checked file, all in one transaction. */
export function applyCatalogImport(store: Store, checked: CheckedCatalog): CsvImportResult {
  store.docs.transaction(() => {
    for (const row of checked.clean) saveItem(store, row.id, row.fields);
  });
  return { imported: true, created: checked.clean.filter((r) => r.id === null).length, updated: checked.clean.filter((r) => r.id !== null).length, errors: checked.errors };
}
