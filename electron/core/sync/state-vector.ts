import * as Y from 'yjs';

/** What a replica holds: the next clock of each Yjs client it has everything of. */
export type StateVector = Map<number, number>;

export function mergeInto(into: StateVector, from: StateVector): boolean {
  let grew = false;
  for (const [client, clock] of from) {
    if ((into.get(client) ?? 0) < clock) {
      into.set(client, clock);
      grew = true;
    }
  }
  return grew;
}

/**
 * How many items `ours` holds that `theirs` does not. Every entry set into one of our maps (a field,
 * a record, a fact batch) is one item, so this counts changes the way a person would.
 */
export function itemsAhead(ours: StateVector, theirs: StateVector): number {
  let n = 0;
  for (const [client, clock] of ours) n += Math.max(0, clock - (theirs.get(client) ?? 0));
  return n;
}

export function stateVectorOf(doc: Y.Doc): StateVector {
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

/**
 * The clocks an update reaches, per client (Y.encodeStateVectorFromUpdate would leave out every
 * client whose part does not start at clock 0, i.e. every incremental update). Only a complete
 * state when what precedes it is already there, which the link guarantees by sending in order.
 */
export function stateVectorOfUpdate(update: Uint8Array): StateVector {
  return Y.parseUpdateMeta(update).to;
}

export function encodeStateVectorText(sv: StateVector): string {
  return Buffer.from(Y.encodeStateVector(sv)).toString('base64');
}

export function decodeStateVectorText(text: string): StateVector {
  return Y.decodeStateVector(new Uint8Array(Buffer.from(text, 'base64')));
}
