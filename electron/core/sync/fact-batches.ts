import type * as Y from 'yjs';
import { FACT_BATCHES_MAP } from '../../../domain/sync/fact-batch';
import { sha256Hex } from '../audit/sha256';

/**
 * Sets a fact batch into a log document under its content address, once. The key is the batch's
 * SHA-256, so a key already there holds these very bytes: setting it again would add nothing but
 * an overwrite, which the hub refuses on log documents (it closes the connection) — so it is skipped.
 */
export function appendFactBatch(doc: Y.Doc, batch: Uint8Array): string {
  const key = sha256Hex(batch);
  const batches = doc.getMap<Uint8Array>(FACT_BATCHES_MAP);
  if (!batches.has(key)) batches.set(key, batch);
  return key;
}
