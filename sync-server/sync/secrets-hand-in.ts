// The organization's main PC creates users of every location and resets their passwords; it hands
// a user's secrets in over a write-only connection, never reading their document (see hub.ts).
import * as Y from 'yjs';
import { CREDENTIALS_MAP } from '../../domain/directory/records';
import type { DocRoom, RoomPeer, UpdateVerdict } from './doc-room';

/**
 * One write-only connection's hand-ins. Its writer set the values without seeing the stored ones,
 * so Yjs counts the sets as concurrent with them and may keep the stored value instead (it orders
 * concurrent sets by client id): a password reset could silently not take. So an update is stored
 * as sent, then the hub writes the values it set again, on top of what it holds: the hand-in is
 * the latest change, as a reset must be.
 */
export class SecretsHandIn {
  /** Everything this connection's writer sent, to read the values an update set. */
  private readonly sent = new Y.Doc();

  async receive(room: DocRoom, update: Uint8Array, from: RoomPeer): Promise<UpdateVerdict> {
    const verdict = await room.accept(update, from);
    if (!verdict.stored) return verdict;
    const values = this.sent.getMap(CREDENTIALS_MAP);
    const setKeys = new Set<string>();
    const note = (event: Y.YMapEvent<unknown>) => event.keysChanged.forEach((key) => setKeys.add(key));
    values.observe(note);
    try {
      Y.applyUpdate(this.sent, update);
    } finally {
      values.unobserve(note);
    }
    // An update building on what an earlier connection sent shows no values here: it stays as sent.
    if (setKeys.size === 0) return verdict;
    await room.write((doc) => {
      const stored = doc.getMap(CREDENTIALS_MAP);
      let rewritten = false;
      for (const key of setKeys) {
        if (!values.has(key) || JSON.stringify(stored.get(key)) === JSON.stringify(values.get(key))) continue;
        stored.set(key, values.get(key));
        rewritten = true;
      }
      return rewritten;
    });
    return verdict;
  }
}
