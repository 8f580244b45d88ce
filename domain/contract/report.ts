import { z } from 'zod';
import { PAPER_SIZES } from '../report/inspection-report';
import { method } from './define';
import { id } from './limits';

const calendarDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A day is written as YYYY-MM-DD.');

/** A report file delivered through the contract (base64), for a download in the browser or a save in the app. */
export interface ReportFile {
  fileName: string;
  mimeType: string;
  base64: string;
  sizeBytes: number;
  digest: string;
}

/** A report file larger than this is refused with a sentence (a shorter range, or the command line). */
export const REPORT_FILE_MAX_BYTES = 20 * 1024 * 1024;

/** One archived month of a location: its records are in the archive file, every one still in the log documents. */
export interface ArchivedMonthView {
  locationId: string;
  locationName: string;
  month: string;
  /** Relative to the data folder. */
  fileName: string;
  readings: number;
  records: number;
  archivedAtMs: number;
}

/** What is archived, where, and from which day records stay in the everyday tables. */
export interface ArchiveStatus {
  retentionMonths: number;
  /** Whole months that ended before this day (YYYY-MM-DD) are archived by the daily job. */
  archivedBeforeDay: string;
  /** The archive folder on this computer. */
  folder: string;
  months: ArchivedMonthView[];
}

export const reportMethods = {
  /** The inspector's report for a location and range (days at the location, both included). AUDITOR may print it. */
  'report.haccp': method<ReportFile>()({
    input: z.strictObject({
      locationId: id,
      fromDay: calendarDay,
      toDay: calendarDay,
      paper: z.enum(PAPER_SIZES, 'The paper is A4 or Letter.').default('letter'),
      format: z.enum(['pdf', 'csv'], 'The report is a PDF or a CSV file.').default('pdf'),
      twiceDaily: z.boolean().default(false),
    }),
    access: 'haccp.view',
    mutation: false,
  }),
  /** The archived months of the caller's locations (Reports screen). */
  'report.archiveStatus': method<ArchiveStatus>()({
    input: z.strictObject({}),
    access: 'haccp.view',
    mutation: false,
  }),
};
