import BetterSqlite3 from 'better-sqlite3';
import type { MessagePort } from 'node:worker_threads';
import { auditLinkReader } from './logged-audit-links';

/** What the verifying thread hands the worker: the database file, the months in the order it will ask for them, where to answer. */
export interface LinksWorkerData {
  dbFile: string;
  months: { key: string; names: string[] }[];
  port: MessagePort;
  /** [0]: months posted so far (or -1 after a failure); the verifying thread waits on it. */
  posted: Int32Array;
}

/** One month's links, packed: a handful of device ids, and per entry a device index, a seq and the hash's end in `hashes`. */
export interface MonthLinks {
  key: string;
  devices: string[];
  deviceOf: Uint32Array;
  seqs: Float64Array;
  hashes: string;
  hashEnds: Uint32Array;
}

export type LinksMessage = MonthLinks | { error: string };

function signal(posted: Int32Array, failed: boolean): void {
  if (failed) Atomics.store(posted, 0, -1);
  else Atomics.add(posted, 0, 1);
  Atomics.notify(posted, 0);
}

/**
 * Reads every month's log documents into their audit links, on a connection of its own, and posts
 * each month as soon as it is read: the verifying thread hashes the table's rows meanwhile.
 */
export function runLinksWorker({ dbFile, months, port, posted }: LinksWorkerData): void {
  let sqlite: BetterSqlite3.Database | null = null;
  try {
    sqlite = new BetterSqlite3(dbFile, { readonly: true, fileMustExist: true });
    const read = auditLinkReader({ sqlite });
    for (const { key, names } of months) {
      const devices: string[] = [];
      const deviceOf: number[] = [];
      const seqs: number[] = [];
      const hashes: string[] = [];
      const hashEnds: number[] = [];
      let lastDevice = -1;
      let length = 0;
      const add = (deviceId: string, seq: number, hash: string) => {
        if (lastDevice < 0 || devices[lastDevice] !== deviceId) {
          lastDevice = devices.indexOf(deviceId);
          if (lastDevice < 0) lastDevice = devices.push(deviceId) - 1;
        }
        deviceOf.push(lastDevice);
        seqs.push(seq);
        hashes.push(hash);
        hashEnds.push((length += hash.length));
      };
      for (const name of names) read(name, add);
      const packed = { deviceOf: new Uint32Array(deviceOf), seqs: new Float64Array(seqs), hashEnds: new Uint32Array(hashEnds) };
      const month: MonthLinks = { key, devices, hashes: hashes.join(''), ...packed };
      port.postMessage(month, [packed.deviceOf.buffer, packed.seqs.buffer, packed.hashEnds.buffer]);
      signal(posted, false);
    }
  } catch (err) {
    port.postMessage({ error: String(err) } satisfies LinksMessage);
    signal(posted, true);
  } finally {
    sqlite?.close();
  }
}
