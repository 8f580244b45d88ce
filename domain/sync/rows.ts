import type { z } from 'zod';
import { parseDocName } from './doc-names';

/**
 * What a document change means in SQL is pure code: a mapping takes the changed key and its value
 * and returns plain rows, named by their table's columns. The desktop writes them to SQLite, the
 * hub to PostgreSQL. A change that means no rows is `Skipped`, with the reason for the log: a
 * malformed record from elsewhere is skipped whole, never half-written.
 */
export interface Skipped {
  skipped: string;
}

export function isSkipped(result: object): result is Skipped {
  return 'skipped' in result;
}

/** The first thing wrong with a record, as a short reason: "name: Invalid input: expected string…". */
export function skippedFor(error: z.ZodError): Skipped {
  const issue = error.issues[0];
  if (!issue) return { skipped: 'malformed' };
  return { skipped: issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message };
}

/** The location a fact batch belongs to, from its log document's name. */
export function logDocLocation(docName: string): string | Skipped {
  const doc = parseDocName(docName);
  return doc?.kind === 'log' ? doc.locationId : { skipped: `${docName} is not a location's log document` };
}

/** A batch's facts, or Skipped with the decoder's reason: a damaged batch is skipped whole. */
export function decodedOrSkipped<T>(decode: () => T[]): T[] | Skipped {
  try {
    return decode();
  } catch (err) {
    return { skipped: (err as Error).message };
  }
}
