import { z } from 'zod';
import type { BadLine } from '../readings/import/readings-file';
import type { ReadingsFileFormat } from '../readings/import/file-layouts';
import { method } from './define';
import { epochMs, id } from './limits';
import { sensorName } from './sensors';

/** Readings from a file (a vendor's export or OpsFlow's own CSV), and readings back out as CSV. */

/** A year of one-minute readings with humidity in the plain format is about 19 MB of text. */
export const MAX_READINGS_FILE_CHARS = 32 * 1024 * 1024;
/** The first bad lines a preview or a refusal lists; the count says how many there are in all. */
export const LISTED_BAD_LINES = 50;

const importInput = z.strictObject({
  text: z.string().max(MAX_READINGS_FILE_CHARS, 'A readings file can be at most 32 MB. Split a longer one by date.'),
  fileName: z.string().max(255).default(''),
  /** The sensor the readings belong to, by name at the location; created (source "import") if there is none. */
  sensorName,
  /** This PC's location unless given. */
  locationId: id.optional(),
  /** Import the good rows and list the bad ones, instead of refusing the whole file. */
  skipBad: z.boolean().default(false),
});

export interface ReadingsImportView {
  format: ReadingsFileFormat;
  /** "ElitechLog export". */
  formatLabel: string;
  fileName: string;
  locationId: string;
  /** Null in a preview for a sensor the import would create. */
  sensorId: string | null;
  sensorName: string;
  newSensor: boolean;
  /** The unit the file writes temperatures in (stored as °C either way). */
  unit: 'C' | 'F';
  /** Good rows. */
  readings: number;
  firstAtMs: number | null;
  lastAtMs: number | null;
  /** As the file says, before the sensor's calibration offset. */
  minCentiC: number | null;
  maxCentiC: number | null;
  withHumidity: number;
  /** Rows the vendor marks as no reading ("NC"), and exact repeats of an earlier row: neither is an error. */
  noReadingRows: number;
  repeatedRows: number;
  loggerModel: string | null;
  loggerSerial: string | null;
  /** The first LISTED_BAD_LINES bad lines; badLineCount counts them all. */
  badLines: BadLine[];
  badLineCount: number;
  /** Preview: would be new / are stored already. Import: were added / were there. */
  added: number;
  alreadyThere: number;
  imported: boolean;
}

export interface ReadingsExport {
  /** The plain format (readings.import reads it back). */
  csv: string;
  readings: number;
  /** "walk-in-cooler-2026-01-01-to-2026-12-31.csv". */
  fileName: string;
}

/**
 * Importing is what a logger download is (devices.operate: staff plug loggers in and download them),
 * with the same location scope; auditors only read, so they may export but not import.
 */
export const readingsMethods = {
  /** What importing the file would do; stores nothing. */
  'readings.previewImport': method<ReadingsImportView>()({ input: importInput, access: 'devices.operate', mutation: false }),
  /** Like a logger download: calibrated, deduplicated on (sensor, time), judged; all or nothing. */
  'readings.import': method<ReadingsImportView>()({ input: importInput, access: 'devices.operate', mutation: true }),
  'readings.export': method<ReadingsExport>()({
    input: z
      .strictObject({ sensorId: id, fromMs: epochMs, toMs: epochMs })
      .refine((v) => v.toMs > v.fromMs, 'The end of the range must be after its start.'),
    access: 'devices.view',
    mutation: false,
  }),
};
