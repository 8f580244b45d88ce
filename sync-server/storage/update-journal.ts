// The embedded hub's write-ahead journal. PGlite commits by writing its WAL pages to the OS (it
// never calls fsync: measured with strace), through a round trip to its own thread that took a
// millisecond at the median and several at the 99th percentile under load. Appending the same
// update to a file of our own gives the same durability — on disk for any process crash, not for
// a power cut — in tens of microseconds on the hub's thread, so an update is persisted before it
// is relayed without waiting for the database. The database is written right after, in the
// background; the journal is replayed into it when the hub starts, so what a crash interrupted
// is stored then.
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

/** One journaled update: already sealed where its document is sealed at rest. */
export interface JournalFrame {
  tenantId: string;
  docName: string;
  update: Uint8Array;
}

/** A file holds frames until it reaches this size; the next frame starts a new file. */
const FILE_BYTES = 1 << 20;
const HEADER_BYTES = 8;
const FILE_NAME = /^journal-(\d{12})\.log$/;

const fileName = (n: number) => `journal-${String(n).padStart(12, '0')}.log`;

interface JournalFile {
  n: number;
  fd: number;
  size: number;
  /** Frames written to it and not yet stored in the database. */
  unstored: number;
}

/** A frame's bytes: length and CRC-32 of the body, then the tenant, the document name and the update. */
function encodeFrame({ tenantId, docName, update }: JournalFrame): Buffer {
  const tenant = Buffer.from(tenantId, 'utf8');
  const doc = Buffer.from(docName, 'utf8');
  if (tenant.length > 0xffff || doc.length > 0xffff) throw new Error(`The document name ${docName.slice(0, 80)}… is too long to journal.`);
  const body = Buffer.allocUnsafe(4 + tenant.length + doc.length + update.length);
  body.writeUInt16LE(tenant.length, 0);
  body.writeUInt16LE(doc.length, 2);
  tenant.copy(body, 4);
  doc.copy(body, 4 + tenant.length);
  body.set(update, 4 + tenant.length + doc.length);
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  header.writeUInt32LE(body.length, 0);
  header.writeUInt32LE(crc32(body), 4);
  return Buffer.concat([header, body]);
}

/**
 * The frames of a journal file, in order, up to the first that is incomplete or damaged: the
 * write a crash interrupted, which was never relayed nor acknowledged. `damaged` says whether
 * anything was left unread.
 */
export function readJournalFile(bytes: Buffer): { frames: JournalFrame[]; damaged: boolean } {
  const frames: JournalFrame[] = [];
  let at = 0;
  while (at + HEADER_BYTES <= bytes.length) {
    const length = bytes.readUInt32LE(at);
    const body = bytes.subarray(at + HEADER_BYTES, at + HEADER_BYTES + length);
    if (body.length < 4 || body.length !== length || crc32(body) !== bytes.readUInt32LE(at + 4)) break;
    const tenantLength = body.readUInt16LE(0);
    const docLength = body.readUInt16LE(2);
    if (4 + tenantLength + docLength > body.length) break;
    frames.push({
      tenantId: body.toString('utf8', 4, 4 + tenantLength),
      docName: body.toString('utf8', 4 + tenantLength, 4 + tenantLength + docLength),
      update: new Uint8Array(body.subarray(4 + tenantLength + docLength)), // a copy: the file's buffer is not kept
    });
    at += HEADER_BYTES + length;
  }
  return { frames, damaged: at !== bytes.length };
}

/** How bytes reach a journal file: `writeSync`, or a failing stand-in in tests. */
export type WriteBytes = (fd: number, bytes: Buffer, offset: number, length: number) => number;

export class UpdateJournal {
  private current: JournalFile;
  private readonly older: JournalFile[] = [];

  private constructor(
    private readonly dir: string,
    first: number,
    private readonly writeBytes: WriteBytes,
  ) {
    this.current = this.openFile(first);
  }

  /**
   * Opens the journal in `dir` and hands what earlier runs left in it to `store` (the updates a
   * crash kept from the database), then removes those files. Stored twice is harmless: applying a
   * Yjs update again changes nothing, and compaction merges the rows.
   */
  static async open(dir: string, store: (frames: JournalFrame[]) => Promise<void>, onDamaged: (file: string) => void, writeBytes: WriteBytes = writeSync): Promise<UpdateJournal> {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const left = readdirSync(dir)
      .map((name) => FILE_NAME.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ name: m[0], n: Number(m[1]) }))
      .sort((a, b) => a.n - b.n);
    for (const { name } of left) {
      const { frames, damaged } = readJournalFile(readFileSync(join(dir, name)));
      if (damaged) onDamaged(name);
      if (frames.length > 0) await store(frames);
    }
    for (const { name } of left) unlinkSync(join(dir, name));
    return new UpdateJournal(dir, (left.at(-1)?.n ?? 0) + 1, writeBytes);
  }

  /**
   * Appends a frame; returns a receipt to hand to `stored` once the database holds it. A write
   * that fails (a full disk) throws, and the update is neither relayed nor acknowledged; the next
   * frame starts a new file, since a reader stops at the part of a frame this one may have left.
   */
  write(frame: JournalFrame): JournalFile {
    if (this.current.size >= FILE_BYTES) this.rollOver();
    const bytes = encodeFrame(frame);
    let written = 0;
    try {
      while (written < bytes.length) written += this.writeBytes(this.current.fd, bytes, written, bytes.length - written);
    } catch (error) {
      this.rollOver(); // some of its bytes may be in the file, whatever the count says
      throw error;
    }
    this.current.size += bytes.length;
    this.current.unstored += 1;
    return this.current;
  }

  /** The database holds the frame: a full file whose frames are all stored is removed. */
  stored(receipt: JournalFile): void {
    receipt.unstored -= 1;
    for (let i = 0; i < this.older.length; ) {
      const file = this.older[i]!;
      if (file.unstored > 0) {
        i += 1;
        continue;
      }
      closeSync(file.fd);
      unlinkSync(join(this.dir, fileName(file.n)));
      this.older.splice(i, 1);
    }
  }

  /** Closes the files; a clean stop has stored everything, so they are removed. */
  close(): void {
    for (const file of [...this.older, this.current]) {
      closeSync(file.fd);
      if (file.unstored === 0) unlinkSync(join(this.dir, fileName(file.n)));
    }
    this.older.length = 0;
  }

  private rollOver(): void {
    this.older.push(this.current);
    this.current = this.openFile(this.current.n + 1);
  }

  private openFile(n: number): JournalFile {
    const fd = openSync(join(this.dir, fileName(n)), 'a', 0o600);
    return { n, fd, size: fstatSync(fd).size, unstored: 0 };
  }
}
