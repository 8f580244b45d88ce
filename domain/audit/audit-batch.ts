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
 */
export function auditBatchLinks(batch: Uint8Array): AuditEntryLink[] | null {
  const at = new OneEntryAt();
  if (at.read(batch, new DataView(batch.buffer, batch.byteOffset, batch.byteLength), 0, batch.length)) {
    return [{ deviceId: at.deviceId(batch), seq: at.seq, hash: at.hash(batch) }];
  }
  try {
    return decodeAuditBatch(batch).map((e) => ({ deviceId: e.deviceId, seq: e.seq, hash: e.hash }));
  } catch {
    return null;
  }
}

const ascii = new TextDecoder();

/**
 * Reads a batch of one entry, written as `encodeAuditBatch` writes it, in place: where its device
 * and hash are and what its seq is, with nothing decoded or allocated. Verifying a million-entry
 * log reads every batch of every log document, and JSON.parse of each would cost more than
 * hashing the entries; nearly every batch has this layout.
 *
 * `read` is exact: it accepts a batch only where JSON.parse and a fatal UTF-8 decoder would accept
 * it too and give the same entry (strings are checked for control characters, escapes and UTF-8
 * as strictly as they are). Any other shape (several entries, another field order, spaces,
 * numbers in another notation, escapes in the device or hash) returns false: read it in full.
 * The bytes are given as a range of a larger buffer (a stored Yjs update), with a DataView over it.
 */
export class OneEntryAt {
  seq = 0;
  deviceStart = 0;
  deviceEnd = 0;
  hashStart = 0;
  hashEnd = 0;

  read(b: Uint8Array, view: DataView, start: number, end: number): boolean {
    if (b[start] !== BATCH_KIND.audit) return false;
    let i = start + 1;
    for (let f = 0; f < LAYOUT.length; f++) {
      const field = LAYOUT[f]!;
      // The bytes before the value, four at a time.
      const prefix = field.prefix;
      if (i + prefix.length > end) return false;
      const words = field.words;
      let j = 0;
      for (; j < words.length; j++) if (view.getInt32(i + j * 4, true) !== words[j]) return false;
      for (j *= 4; j < prefix.length; j++) if (b[i + j] !== prefix[j]) return false;
      i += prefix.length;

      const kind = field.kind;
      if (kind === FIELD.integer) {
        // JSON.parse reads "1.0" and "1e3" as integers too: those take the full decode.
        const negative = b[i] === 0x2d;
        if (negative) i += 1;
        const digits = i;
        let value = 0;
        while (i < end && b[i]! >= 0x30 && b[i]! <= 0x39) value = value * 10 + (b[i++]! - 0x30);
        if (i === digits || i - digits > 15 || (b[digits] === 0x30 && i - digits > 1)) return false;
        if (f === SEQ_FIELD) this.seq = negative ? -value : value;
      } else if (kind === FIELD.risk) {
        const length = riskLength(b, i, end);
        if (length === 0) return false;
        i += length;
      } else if (kind === FIELD.stringOrNull && b[i] === 0x6e) {
        if (i + 4 > end || b[i + 1] !== 0x75 || b[i + 2] !== 0x6c || b[i + 3] !== 0x6c) return false; // null
        i += 4;
      } else {
        if (b[i] !== 0x22) return false;
        const from = i + 1;
        // Plain text runs to the closing quote, four bytes at a time; anything else takes the careful way.
        let k = from;
        while (k + 4 <= end && isPlainWord(view.getInt32(k, true))) k += 4;
        while (k < end && STRING_BYTE[b[k]!] === PLAIN) k += 1;
        let to = k;
        if (k >= end || b[k] !== 0x22) {
          if (f === DEVICE_FIELD || f === HASH_FIELD) return false; // an escape or a non-ASCII character: read in full
          to = stringEnd(b, view, k, end);
          if (to < 0) return false;
        }
        if (f === DEVICE_FIELD) (this.deviceStart = from), (this.deviceEnd = to);
        else if (f === HASH_FIELD) (this.hashStart = from), (this.hashEnd = to);
        i = to + 1;
      }
    }
    return i + 2 === end && b[i] === 0x7d && b[i + 1] === 0x5d; // }]
  }

  deviceId(b: Uint8Array): string {
    return ascii.decode(b.subarray(this.deviceStart, this.deviceEnd));
  }

  hash(b: Uint8Array): string {
    return ascii.decode(b.subarray(this.hashStart, this.hashEnd));
  }
}

const FIELD = { string: 0, stringOrNull: 1, integer: 2, risk: 3 } as const;
/** The fields as `inWritingOrder` writes them, each with the bytes that come before its value (and those as 32-bit words). */
const LAYOUT = (
  [
    ['[{"id":', FIELD.string], [',"seq":', FIELD.integer], [',"deviceId":', FIELD.string], [',"atMs":', FIELD.integer],
    [',"actorId":', FIELD.stringOrNull], [',"actorName":', FIELD.string], [',"locationId":', FIELD.stringOrNull],
    [',"action":', FIELD.string], [',"entityType":', FIELD.stringOrNull], [',"entityId":', FIELD.stringOrNull],
    [',"summary":', FIELD.string], [',"risk":', FIELD.risk], [',"prevHash":', FIELD.string], [',"hash":', FIELD.string],
  ] as const
).map(([text, kind]) => {
  const prefix = encoder.encode(text);
  const view = new DataView(prefix.buffer);
  const words = Array.from({ length: prefix.length >> 2 }, (_, w) => view.getInt32(w * 4, true));
  return { prefix, words, kind };
});
const SEQ_FIELD = 1;
const DEVICE_FIELD = 2;
const HASH_FIELD = 13;
const QUOTED_RISKS = RISKS.map((r) => encoder.encode(`"${r}"`));

/** How a byte inside a JSON string is read: as itself, or as one of the cases `stringEnd` handles. */
const PLAIN = 0;
const QUOTE = 1;
const BACKSLASH = 2;
const CONTROL = 3;
const STRING_BYTE = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STRING_BYTE[c] = CONTROL;
STRING_BYTE[0x22] = QUOTE;
STRING_BYTE[0x5c] = BACKSLASH;
for (let c = 0x80; c < 0x100; c++) STRING_BYTE[c] = 4; // the start of a UTF-8 sequence, or not UTF-8
/** The characters JSON allows after a backslash, other than `u`. */
const SHORT_ESCAPES = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);

/**
 * Whether none of the four bytes of `w` needs a second look inside a JSON string: none is a quote,
 * a backslash, a control character or outside ASCII. (Bit tricks that test all four bytes at once:
 * "has a zero byte" and "has a byte less than n"; they never miss one.)
 */
function isPlainWord(w: number): boolean {
  const quote = w ^ 0x22222222;
  const backslash = w ^ 0x5c5c5c5c;
  return (
    ((w & 0x80808080) |
      ((w - 0x20202020) & ~w & 0x80808080) |
      ((quote - 0x01010101) & ~quote & 0x80808080) |
      ((backslash - 0x01010101) & ~backslash & 0x80808080)) ===
    0
  );
}

function isHexDigit(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
}

function isContinuation(c: number | undefined, low = 0x80, high = 0xbf): boolean {
  return c !== undefined && c >= low && c <= high;
}

/** The length of the well-formed UTF-8 sequence at `i` (Unicode Table 3-7, as a fatal decoder reads it), or 0. */
function utf8Length(b: Uint8Array, i: number, end: number): number {
  const c = b[i]!;
  const next = (k: number) => (i + k < end ? b[i + k] : undefined);
  if (c >= 0xc2 && c <= 0xdf) return isContinuation(next(1)) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const low = c === 0xe0 ? 0xa0 : 0x80;
    const high = c === 0xed ? 0x9f : 0xbf;
    return isContinuation(next(1), low, high) && isContinuation(next(2)) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const low = c === 0xf0 ? 0x90 : 0x80;
    const high = c === 0xf4 ? 0x8f : 0xbf;
    return isContinuation(next(1), low, high) && isContinuation(next(2)) && isContinuation(next(3)) ? 4 : 0;
  }
  return 0;
}

/** The index of the quote closing a JSON string whose text starts at `i`, or -1 where JSON.parse or the UTF-8 decoder would refuse it. */
function stringEnd(b: Uint8Array, view: DataView, i: number, end: number): number {
  for (;;) {
    while (i + 4 <= end && isPlainWord(view.getInt32(i, true))) i += 4;
    if (i >= end) return -1;
    const k = STRING_BYTE[b[i]!];
    if (k === PLAIN) i += 1;
    else if (k === QUOTE) return i;
    else if (k === BACKSLASH) {
      const e = i + 1 < end ? b[i + 1] : undefined;
      if (e !== undefined && SHORT_ESCAPES.has(e)) i += 2;
      else if (e === 0x75 && i + 5 < end && isHexDigit(b[i + 2]) && isHexDigit(b[i + 3]) && isHexDigit(b[i + 4]) && isHexDigit(b[i + 5])) i += 6;
      else return -1;
    } else if (k === CONTROL) return -1;
    else {
      const length = utf8Length(b, i, end);
      if (length === 0) return -1;
      i += length;
    }
  }
}

/** The length of the quoted risk at `i` ("LOW" and so on, as written), or 0. */
function riskLength(b: Uint8Array, i: number, end: number): number {
  outer: for (const risk of QUOTED_RISKS) {
    if (i + risk.length > end) continue;
    for (let j = 0; j < risk.length; j++) if (b[i + j] !== risk[j]) continue outer;
    return risk.length;
  }
  return 0;
}
