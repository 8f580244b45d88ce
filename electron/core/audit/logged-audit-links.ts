import { auditBatchLinks, OneEntryAt } from '../../../domain/audit/audit-batch';
import { BATCH_KIND } from '../../../domain/sync/fact-batch';
import type { SyncQuery } from '../db/sync-query';
import { forEachLoggedBatch } from './log-documents';

export type AddLink = (deviceId: string, seq: number, hash: string) => void;

/**
 * Reads log documents' audit batches into chain links (device, seq, hash), in the order the
 * documents hold them. One reader per verify: it remembers the last device id, which repeats batch
 * after batch, so that its bytes are not decoded again for every entry.
 */
export function auditLinkReader(q: Pick<SyncQuery, 'sqlite'>): (docName: string, add: AddLink) => void {
  const inPlace = new OneEntryAt();
  let lastDevice = { bytes: new Uint8Array(0), id: '' };
  const deviceIdAt = (bytes: Uint8Array) => {
    const { deviceStart: start, deviceEnd: end } = inPlace;
    const last = lastDevice.bytes;
    let same = end - start === last.length;
    for (let k = 0; same && k < last.length; k++) same = bytes[start + k] === last[k];
    if (!same) lastDevice = { bytes: Uint8Array.prototype.slice.call(bytes, start, end), id: inPlace.deviceId(bytes) }; // a copy: a Buffer's slice would keep the whole update alive
    return lastDevice.id;
  };
  // The hash is plain ASCII (OneEntryAt says so): a stored update is a Buffer, whose latin1 text is
  // the quickest way to a string (a third of TextDecoder's time, measured).
  const hashAt = (bytes: Uint8Array) =>
    Buffer.isBuffer(bytes) ? bytes.toString('latin1', inPlace.hashStart, inPlace.hashEnd) : inPlace.hash(bytes);
  return (docName, add) => {
    forEachLoggedBatch(q, docName, (bytes, view, start, end) => {
      if (bytes[start] !== BATCH_KIND.audit) return;
      if (inPlace.read(bytes, view, start, end)) add(deviceIdAt(bytes), inPlace.seq, hashAt(bytes));
      else for (const link of auditBatchLinks(bytes.subarray(start, end)) ?? []) add(link.deviceId, link.seq, link.hash);
    });
  };
}
