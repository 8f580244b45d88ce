// Log documents hold facts as content-addressed batches set once into one map. The hub reads
// every update to a log document before it stores it and refuses any that would delete an entry
// or give an existing key other bytes: append-only is enforced here, not trusted to the clients.
import * as Y from 'yjs';
import { FACT_BATCHES_MAP } from '../../domain/sync/fact-batch';
import { deletesOnlyWhatIsGone } from './update-novelty';

/** The refusal of an update Yjs cannot read. */
export const UNREADABLE = 'The change could not be read, so it was refused.';

/** Why `update` may not be applied to the log document `doc` (UNREADABLE where it cannot be read), or null. */
export function refusalOfLogUpdate(doc: Y.Doc, update: Uint8Array): string | null {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return UNREADABLE;
  }
  // When two devices made the same batch, Yjs keeps one of the twins and marks the other deleted,
  // everywhere alike; a device's later sync repeats that deletion, which removes nothing more.
  if (!deletesOnlyWhatIsGone(doc, decoded.ds)) {
    return 'Log documents are append-only: a change that deletes an entry was refused.';
  }
  const batches = doc.getMap(FACT_BATCHES_MAP);
  const added = new Map<string, Uint8Array>();
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue;
    // Structs the hub already holds (a client resending its whole state) change nothing.
    if (struct.id.clock + struct.length <= Y.getState(doc.store, struct.id.client)) continue;
    if (!(struct instanceof Y.Item)) return 'Log documents are append-only: a change carrying removed content was refused.';
    const parent: unknown = struct.parent;
    // A new key has nothing to its left or right; anything else replaces or edits an entry.
    if (parent !== FACT_BATCHES_MAP || struct.parentSub === null || struct.origin !== null || struct.rightOrigin !== null) {
      return `Log documents are append-only: a change that is not a new entry of '${FACT_BATCHES_MAP}' was refused.`;
    }
    if (!(struct.content instanceof Y.ContentBinary)) return `Log documents hold binary batches only: a change with another kind of value was refused.`;
    const key = struct.parentSub;
    const bytes = struct.content.content;
    const existing = added.get(key) ?? batches.get(key);
    // Two devices may make the same batch while offline: the same key with the same bytes changes nothing.
    if (existing !== undefined && !(existing instanceof Uint8Array && sameBytes(existing, bytes))) {
      return `Log documents are append-only: entry ${key} already exists and may not be overwritten.`;
    }
    added.set(key, bytes);
  }
  return null;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
