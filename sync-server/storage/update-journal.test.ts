import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UpdateJournal, type JournalFrame, type WriteBytes } from './update-journal';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function journalDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'opsflow-journal-'));
  dirs.push(dir);
  return dir;
}

const frame = (i: number, bytes = 40): JournalFrame => ({ tenantId: 'acme', docName: `acme/lyon/log/2026-${String((i % 12) + 1).padStart(2, '0')}`, update: new Uint8Array(bytes).fill(i % 256) });

/** Opens the journal in `dir` as a restarted hub would, collecting what it hands over. */
async function reopen(dir: string) {
  const handed: JournalFrame[] = [];
  const damaged: string[] = [];
  const journal = await UpdateJournal.open(dir, async (frames) => void handed.push(...frames), (file) => damaged.push(file));
  return { journal, handed, damaged };
}

describe('the hub’s update journal', () => {
  it('hands every update a crash kept from the database to the next start, in order, once', async () => {
    const dir = journalDir();
    const { journal } = await reopen(dir);
    const written = Array.from({ length: 50 }, (_, i) => frame(i));
    const receipts = written.map((f) => journal.write(f));
    journal.stored(receipts[0]!); // the database had the first one; the rest is what the crash cut off
    // No close: the process died.
    const after = await reopen(dir);
    expect(after.handed).toEqual(written);
    expect(after.damaged).toEqual([]);
    const again = await reopen(dir);
    expect(again.handed).toEqual([]);
  });

  it('a write the crash cut in half is left out, and said; everything before it is kept', async () => {
    const dir = journalDir();
    const { journal } = await reopen(dir);
    const written = [frame(1), frame(2), frame(3)];
    written.forEach((f) => journal.write(f));
    const [file] = readdirSync(dir);
    const whole = readFileSync(join(dir, file!));
    appendFileSync(join(dir, file!), whole.subarray(0, 20)); // the start of a fourth frame
    const after = await reopen(dir);
    expect(after.handed).toEqual(written);
    expect(after.damaged).toEqual([file]);
  });

  it('a frame whose bytes changed on disk stops the reading there instead of storing garbage', async () => {
    const dir = journalDir();
    const { journal } = await reopen(dir);
    [frame(1), frame(2), frame(3)].forEach((f) => journal.write(f));
    const [file] = readdirSync(dir);
    const bytes = readFileSync(join(dir, file!));
    const secondFrameBody = 8 + (bytes.length / 3) + 10;
    bytes[secondFrameBody] = bytes[secondFrameBody]! ^ 0xff;
    writeFileSync(join(dir, file!), bytes);
    const after = await reopen(dir);
    expect(after.handed).toEqual([frame(1)]);
    expect(after.damaged).toEqual([file]);
  });

  it('a write that fails half-way (a full disk) throws, and the frames after it are still read at the next start', async () => {
    const dir = journalDir();
    let failNext = false;
    const halfThenFull: WriteBytes = (fd, bytes, offset, length) => {
      if (!failNext) return writeSync(fd, bytes, offset, length);
      failNext = false;
      writeSync(fd, bytes, offset, Math.floor(length / 2));
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    };
    const journal = await UpdateJournal.open(dir, async () => {}, () => {}, halfThenFull);
    journal.write(frame(1));
    failNext = true;
    expect(() => journal.write(frame(2))).toThrow(/ENOSPC/);
    journal.write(frame(3));
    const after = await reopen(dir);
    expect(after.handed).toEqual([frame(1), frame(3)]);
    expect(after.damaged).toHaveLength(1);
  });

  it('starts a new file past a megabyte and removes a full one once the database holds all of it; a clean close leaves nothing', async () => {
    const dir = journalDir();
    const { journal } = await reopen(dir);
    const receipts = Array.from({ length: 40 }, (_, i) => journal.write(frame(i, 64 * 1024)));
    expect(readdirSync(dir).length).toBeGreaterThanOrEqual(2);
    receipts.slice(0, -1).forEach((r) => journal.stored(r));
    // Only the file still holding the last, unstored frame is left.
    expect(readdirSync(dir)).toHaveLength(1);
    const after = await reopen(dir);
    expect(after.handed.at(-1)).toEqual(frame(39, 64 * 1024));
    expect(after.handed.length).toBeLessThan(40);

    const clean = await reopen(dir);
    clean.journal.stored(clean.journal.write(frame(1)));
    clean.journal.close();
    expect(readdirSync(dir)).toEqual([]);
  });
});
