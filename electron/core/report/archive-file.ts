import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { OpsFlowError } from '../../../domain/errors';
import type { ReadingRow } from '../readings/logged-readings';

export const ARCHIVE_FORMAT = 'opsflow-archive/1';
export const ARCHIVE_FOLDER = 'archive';

/** A reading as the readings table holds it. */
export type ArchivedReading = ReadingRow;

/** Any other row of the month, under the name of the table it was copied from. */
export interface ArchivedRecord {
  table: string;
  row: Record<string, unknown>;
}

export interface ArchiveHeader {
  format: typeof ARCHIVE_FORMAT;
  locationId: string;
  locationName: string;
  month: string;
  archivedAtMs: number;
  readings: number;
  records: number;
  /** SHA-256 of every line after this one: what `opsflow haccp archive --verify` recomputes. */
  sha256: string;
}

export interface ArchiveContent {
  header: ArchiveHeader;
  readings: ArchivedReading[];
  records: ArchivedRecord[];
}

/** Where a location's month is archived, relative to the data folder (the same on every PC). */
export function archiveFileName(locationId: string, month: string): string {
  return `${ARCHIVE_FOLDER}/${locationId}/${month}.jsonl.gz`;
}

function bodyOf(readings: readonly ArchivedReading[], records: readonly ArchivedRecord[]): string {
  let body = '';
  for (const r of readings) body += `${JSON.stringify(['reading', ...r])}\n`;
  for (const r of records) body += `${JSON.stringify([r.table, r.row])}\n`;
  return body;
}

/**
 * Writes the month's archive: one JSON header line (with the SHA-256 of the rest), then one line per
 * reading and per record, gzipped. Written beside and renamed into place, so a crash leaves the
 * previous file or the new one, never half of one. Returns the digest.
 */
export function writeArchive(dataDir: string, content: Omit<ArchiveContent, 'header'> & { header: Omit<ArchiveHeader, 'format' | 'sha256' | 'readings' | 'records'> }): ArchiveHeader {
  const body = bodyOf(content.readings, content.records);
  const header: ArchiveHeader = {
    format: ARCHIVE_FORMAT,
    ...content.header,
    readings: content.readings.length,
    records: content.records.length,
    sha256: createHash('sha256').update(body).digest('hex'),
  };
  const path = join(dataDir, archiveFileName(header.locationId, header.month));
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  writeFileSync(partial, gzipSync(`${JSON.stringify(header)}\n${body}`));
  renameSync(partial, path);
  return header;
}

/** Reads an archive and checks it against its own digest (and `expectedSha256`, the one the database holds, when given). */
export function readArchive(dataDir: string, fileName: string, expectedSha256?: string): ArchiveContent {
  const path = join(dataDir, fileName);
  if (!existsSync(path)) throw new OpsFlowError('NOT_FOUND', `The archive ${path} is missing. Run "opsflow haccp archive" to write it again from the log documents, which keep every reading.`);
  let text: string;
  try {
    text = gunzipSync(readFileSync(path)).toString('utf8');
  } catch {
    throw new OpsFlowError('CHECKSUM_MISMATCH', `The archive ${path} is damaged: it is not a readable gzip file. Move it aside and run "opsflow haccp archive" to write it again from the log documents.`);
  }
  const cut = text.indexOf('\n');
  let header: ArchiveHeader;
  try {
    header = JSON.parse(text.slice(0, cut)) as ArchiveHeader;
  } catch {
    throw new OpsFlowError('CHECKSUM_MISMATCH', `The archive ${path} is damaged: its first line is not the archive's header.`);
  }
  if (header.format !== ARCHIVE_FORMAT) throw new OpsFlowError('CHECKSUM_MISMATCH', `${path} is not an OpsFlow archive (${ARCHIVE_FORMAT}).`);
  const body = text.slice(cut + 1);
  const sha256 = createHash('sha256').update(body).digest('hex');
  if (sha256 !== header.sha256 || (expectedSha256 !== undefined && sha256 !== expectedSha256)) {
    throw new OpsFlowError('CHECKSUM_MISMATCH', `The archive ${path} has changed since it was written: its records no longer match their digest. Its readings are still in the log documents: move the file aside and run "opsflow haccp archive" to write it again.`);
  }
  const readings: ArchivedReading[] = [];
  const records: ArchivedRecord[] = [];
  for (const line of body.split('\n')) {
    if (line === '') continue;
    const [kind, ...rest] = JSON.parse(line) as [string, ...unknown[]];
    if (kind === 'reading') readings.push(rest as ArchivedReading);
    else records.push({ table: kind, row: rest[0] as Record<string, unknown> });
  }
  return { header, readings, records };
}
