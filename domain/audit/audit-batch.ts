import { OpsFlowError } from '../errors';
import { BATCH_KIND, batchBody, batchKind, packBatch } from '../sync/fact-batch';
import { RISKS, type AuditEntry } from './entry';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The order an entry's fields are written in: fixed, so that `auditBatchLinks` can read a batch in place. */
function inWritingOrder(e: AuditEntry): AuditEntry {
  return {
    id: e.id, seq: e.seq, deviceId: e.deviceId, atMs: e.atMs, actorId: e.actorId, actorName: e.actorName, locationId: e.locationId,
    action: e.action, entityType: e.entityType, entityId: e.entityId, summary: e.summary, risk: e.risk, prevHash: e.prevHash, hash: e.hash,
  };
}

export function encodeAuditBatch(entries: AuditEntry[]): Uint8Array {
  return packBatch(BATCH_KIND.audit, encoder.encode(JSON.stringify(entries.map(inWritingOrder))));
}

function isAuditEntry(v: unknown): v is AuditEntry {
  if (!v || typeof v !== 'object') return false;
  const e = v as Record<string, unknown>;
  const str = (k: string) => typeof e[k] === 'string';
  const strOrNull = (k: string) => e[k] === null || typeof e[k] === 'string';
  return (
    str('id') && str('deviceId') && str('actorName') && str('action') && str('summary') && str('prevHash') && str('hash') &&
    strOrNull('actorId') && strOrNull('locationId') && strOrNull('entityType') && strOrNull('entityId') &&
    Number.isInteger(e.seq) && Number.isInteger(e.atMs) && RISKS.includes(e.risk as never)
  );
}

/** A batch from another device is untrusted input: anything malformed is refused whole. */
export function decodeAuditBatch(batch: Uint8Array): AuditEntry[] {
  if (batchKind(batch) !== BATCH_KIND.audit) throw new OpsFlowError('FRAME_INVALID', 'This is not a batch of audit entries.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(batchBody(batch)));
  } catch {
    throw new OpsFlowError('FRAME_INVALID', 'A batch of audit entries could not be read; it was ignored.');
  }
  if (!Array.isArray(parsed) || !parsed.every(isAuditEntry)) {
    throw new OpsFlowError('FRAME_INVALID', 'A batch of audit entries is malformed; it was ignored.');
  }
  return parsed;
}

/** Where an entry sits in its device's chain, and the hash that seals its content there. */
export type AuditEntryLink = Pick<AuditEntry, 'deviceId' | 'seq' | 'hash'>;

/**
 * The chain place and hash of every entry of a batch, exactly as `decodeAuditBatch` gives them, or
 * null for a batch it refuses (the projection skips those, so they are in no table either).
 *
 * Verifying a million-entry log reads every batch of every log document, and decoding them costs
 * more than hashing the entries. So a batch of one entry written as `encodeAuditBatch` writes it —
 * nearly every batch — is read in place: each field is walked once, checked as strictly as
 * JSON.parse and a fatal UTF-8 decoder would check it, and only the device and hash become
 * strings. Any other shape (several entries, another field order, spaces, numbers in another
 * notation, escapes in the device or hash) goes through the full decode.
 */
export function auditBatchLinks(batch: Uint8Array): AuditEntryLink[] | null {
  const link = oneEntryInPlace(batch);
  if (link) return [link];
  try {
    return decodeAuditBatch(batch).map((e) => ({ deviceId: e.deviceId, seq: e.seq, hash: e.hash }));
  } catch {
    return null;
  }
}

const FIELD = { string: 0, stringOrNull: 1, integer: 2, risk: 3 } as const;
/** The fields as `inWritingOrder` writes them, each with the bytes that come before its value. */
const LAYOUT: { prefix: Uint8Array; kind: number }[] = (
  [
    ['[{"id":', FIELD.string], [',"seq":', FIELD.integer], [',"deviceId":', FIELD.string], [',"atMs":', FIELD.integer],
    [',"actorId":', FIELD.stringOrNull], [',"actorName":', FIELD.string], [',"locationId":', FIELD.stringOrNull],
    [',"action":', FIELD.string], [',"entityType":', FIELD.stringOrNull], [',"entityId":', FIELD.stringOrNull],
    [',"summary":', FIELD.string], [',"risk":', FIELD.risk], [',"prevHash":', FIELD.string], [',"hash":', FIELD.string],
  ] as const
).map(([prefix, kind]) => ({ prefix: encoder.encode(prefix), kind }));
const SEQ_FIELD = 1;
const DEVICE_FIELD = 2;
const HASH_FIELD = 13;
const QUOTED_RISKS = RISKS.map((r) => encoder.encode(`"${r}"`));
const NULL = encoder.encode('null');
const END = encoder.encode('}]');
const ascii = new TextDecoder();

/** How a byte inside a JSON string is read: as itself, or as one of the cases `stringEnd` handles. */
const PLAIN = 0;
const QUOTE = 1;
const BACKSLASH = 2;
const CONTROL = 3;
const NOT_ASCII = 4;
const STRING_BYTE = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STRING_BYTE[c] = CONTROL;
STRING_BYTE[0x22] = QUOTE;
STRING_BYTE[0x5c] = BACKSLASH;
for (let c = 0x80; c < 0x100; c++) STRING_BYTE[c] = NOT_ASCII;
/** The characters JSON allows after a backslash, other than `u`. */
const SHORT_ESCAPES = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);

function isHexDigit(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
}

function isContinuation(c: number | undefined, low = 0x80, high = 0xbf): boolean {
  return c !== undefined && c >= low && c <= high;
}

/** The length of the well-formed UTF-8 sequence at `i` (Unicode Table 3-7, as a fatal decoder reads it), or 0. */
function utf8Length(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c >= 0xc2 && c <= 0xdf) return isContinuation(b[i + 1]) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const low = c === 0xe0 ? 0xa0 : 0x80;
    const high = c === 0xed ? 0x9f : 0xbf;
    return isContinuation(b[i + 1], low, high) && isContinuation(b[i + 2]) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const low = c === 0xf0 ? 0x90 : 0x80;
    const high = c === 0xf4 ? 0x8f : 0xbf;
    return isContinuation(b[i + 1], low, high) && isContinuation(b[i + 2]) && isContinuation(b[i + 3]) ? 4 : 0;
  }
  return 0;
}

/** The index of the quote closing a JSON string whose text starts at `i`, or -1 where JSON.parse or the UTF-8 decoder would refuse it. */
function stringEnd(b: Uint8Array, i: number): number {
  const n = b.length;
  while (i < n) {
    const k = STRING_BYTE[b[i]!];
    if (k === PLAIN) i += 1;
    else if (k === QUOTE) return i;
    else if (k === BACKSLASH) {
      const e = b[i + 1];
      if (e !== undefined && SHORT_ESCAPES.has(e)) i += 2;
      else if (e === 0x75 && isHexDigit(b[i + 2]) && isHexDigit(b[i + 3]) && isHexDigit(b[i + 4]) && isHexDigit(b[i + 5])) i += 6;
      else return -1;
    } else if (k === CONTROL) return -1;
    else {
      const length = utf8Length(b, i);
      if (length === 0) return -1;
      i += length;
    }
  }
  return -1;
}

function bytesAt(b: Uint8Array, i: number, expected: Uint8Array): boolean {
  if (i + expected.length > b.length) return false;
  for (let j = 0; j < expected.length; j++) if (b[i + j] !== expected[j]) return false;
  return true;
}

/** Printable ASCII without escapes: the text between the quotes is the string itself. */
function isPlainAscii(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (STRING_BYTE[b[i]!] !== PLAIN) return false;
  return true;
}

/** The one entry's link if the batch is laid out exactly as `encodeAuditBatch` writes one entry; null otherwise (read it in full). */
function oneEntryInPlace(b: Uint8Array): AuditEntryLink | null {
  if (b[0] !== BATCH_KIND.audit) return null;
  let i = 1;
  let seq = 0;
  let deviceId = '';
  let hash = '';
  for (let f = 0; f < LAYOUT.length; f++) {
    const { prefix, kind } = LAYOUT[f]!;
    if (!bytesAt(b, i, prefix)) return null;
    i += prefix.length;
    if (kind === FIELD.integer) {
      // JSON.parse reads "1.0" and "1e3" as integers too: those take the full decode.
      const negative = b[i] === 0x2d;
      if (negative) i += 1;
      const digits = i;
      let value = 0;
      while (i < b.length && b[i]! >= 0x30 && b[i]! <= 0x39) value = value * 10 + (b[i++]! - 0x30);
      if (i === digits || i - digits > 15 || (b[digits] === 0x30 && i - digits > 1)) return null;
      if (f === SEQ_FIELD) seq = negative ? -value : value;
    } else if (kind === FIELD.risk) {
      const risk = QUOTED_RISKS.find((r) => bytesAt(b, i, r));
      if (!risk) return null;
      i += risk.length;
    } else if (kind === FIELD.stringOrNull && b[i] === 0x6e) {
      if (!bytesAt(b, i, NULL)) return null;
      i += NULL.length;
    } else {
      if (b[i] !== 0x22) return null;
      const start = i + 1;
      const end = stringEnd(b, start);
      if (end < 0) return null;
      if (f === DEVICE_FIELD || f === HASH_FIELD) {
        if (!isPlainAscii(b, start, end)) return null;
        const text = ascii.decode(b.subarray(start, end));
        if (f === DEVICE_FIELD) deviceId = text;
        else hash = text;
      }
      i = end + 1;
    }
  }
  if (!bytesAt(b, i, END) || i + END.length !== b.length) return null;
  return { deviceId, seq, hash };
}
