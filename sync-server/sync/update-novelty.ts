// Whether an update brings a document anything new. A client's sync reply always carries its whole
// delete set, so a device that has nothing to add still sends deletions the hub already has.
import * as Y from 'yjs';

type DeleteSet = ReturnType<typeof Y.createDeleteSet>;

/** True when every deletion in `ds` is of something `doc` has already deleted. */
export function deletesOnlyWhatIsGone(doc: Y.Doc, ds: DeleteSet): boolean {
  if (ds.clients.size === 0) return true;
  const gone = Y.createDeleteSetFromStructStore(doc.store);
  for (const [client, ranges] of ds.clients) {
    const goneRanges = gone.clients.get(client) ?? [];
    for (const range of ranges) {
      const covered = goneRanges.some((g) => g.clock <= range.clock && range.clock + range.len <= g.clock + g.len);
      if (!covered) return false;
    }
  }
  return true;
}

/** True when applying `update` to `doc` would change nothing (an unreadable update is not). */
export function changesNothing(doc: Y.Doc, update: Uint8Array): boolean {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return false;
  }
  const held = decoded.structs.every((s) => s instanceof Y.Skip || s.id.clock + s.length <= Y.getState(doc.store, s.id.client));
  return held && deletesOnlyWhatIsGone(doc, decoded.ds);
}
