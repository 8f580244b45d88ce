import { stringify } from 'csv-stringify/sync';
import type { InspectionReport } from '../../../domain/report/inspection-report';
import { reportTables } from '../../../domain/report/report-tables';

/** The same tables as the PDF, one after another: a title row, a note row, the header, the rows, a blank line. */
export function renderReportCsv(report: InspectionReport, digest: string): string {
  const p = report.params;
  const records: string[][] = [
    ['HACCP inspection report', report.location.name, `${p.fromDay} to ${p.toDay}`, report.location.timeZone],
    ['Digest (SHA-256)', digest],
    [],
  ];
  for (const t of reportTables(report)) records.push([t.title], [t.note], t.columns, ...(t.rows.length > 0 ? t.rows : [[t.empty]]), []);
  return stringify(records);
}
