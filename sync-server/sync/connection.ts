// One device's WebSocket on one document, speaking the y-websocket protocol (y-protocols sync and
// awareness). Messages are handled one after another, and none before the document is loaded, so
// the first sync reply always carries the stored document.
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import type { HubMetrics } from '../http/metrics';
import { changesNothing } from './update-novelty';
import { MESSAGE_AWARENESS, MESSAGE_SYNC, type DocRoom, type RoomPeer } from './doc-room';
import { SecretsHandIn } from './secrets-hand-in';

const MESSAGE_QUERY_AWARENESS = 3;

/** WebSocket close codes: 1008 policy violation, 1009 message too big, 1011 server error. */
const CLOSE_POLICY = 1008;
const CLOSE_TOO_BIG = 1009;
const CLOSE_ERROR = 1011;
const CLOSE_PROTOCOL = 1002;

type Message =
  | { kind: 'step1'; stateVector: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'queryAwareness' }
  | { kind: 'other' };

/** The message's parts, or null when it is cut short or otherwise unreadable. */
function readMessage(bytes: Uint8Array): Message | null {
  try {
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      const step = decoding.readVarUint(decoder);
      if (step === syncProtocol.messageYjsSyncStep1) return { kind: 'step1', stateVector: decoding.readVarUint8Array(decoder) };
      if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate) return { kind: 'update', update: decoding.readVarUint8Array(decoder) };
      return null;
    }
    if (type === MESSAGE_AWARENESS) return { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
    if (type === MESSAGE_QUERY_AWARENESS) return { kind: 'queryAwareness' };
    return { kind: 'other' };
  } catch {
    return null;
  }
}

/** A document never changed: what a write-only connection is answered from. */
const NOTHING = new Y.Doc();

export interface ConnectionOptions {
  canWrite: boolean;
  /**
   * Hands changes in and hears nothing of the document: the hub's state vector (which item ids it
   * holds) and empty confirmations only, no content, no relayed updates, no presence.
   */
  writeOnly?: boolean;
  /** The directory, from a PC other than the organization's main one: the location its changes are confined to. */
  directoryScope?: string;
  maxUpdateBytes: number;
  metrics: HubMetrics;
  onError(error: unknown): void;
}

export function serveConnection(ws: WebSocket, room: Promise<DocRoom>, options: ConnectionOptions): Promise<void> {
  const direct = (message: Uint8Array) => {
    if (ws.readyState === ws.OPEN) ws.send(message);
  };
  const peer: RoomPeer = { send: options.writeOnly ? () => {} : direct };
  const handIn = options.writeOnly ? new SecretsHandIn() : null;
  let open = true;
  const closeWith = (code: number, sentence: string) => {
    open = false;
    // A close reason is at most 123 bytes.
    ws.close(code, Buffer.from(sentence).subarray(0, 123).toString());
  };

  let turn: Promise<unknown> = room.then((r) => {
    // A write-only connection is no reader: nothing is relayed (or counted as relayed) to it.
    if (!options.writeOnly) r.peers.set(peer, new Set());
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(step1, r.doc);
    direct(encoding.toUint8Array(step1));
    if (r.awareness.getStates().size > 0) peer.send(awarenessMessage(r, [...r.awareness.getStates().keys()]));
  }).catch((error) => {
    options.onError(error);
    if (open) closeWith(CLOSE_ERROR, 'The hub could not load this document; try again shortly.');
  });

  const handle = async (r: DocRoom, bytes: Uint8Array) => {
    if (!open) return;
    const message = readMessage(bytes);
    if (!message) {
      options.metrics.refused.inc({ reason: 'unreadable' });
      closeWith(CLOSE_PROTOCOL, 'The hub could not read this message.');
      return;
    }
    if (message.kind === 'step1') {
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, MESSAGE_SYNC);
      try {
        // Write-only: "you have all you may have" — the confirmation a client waits for, without content.
        if (options.writeOnly) syncProtocol.writeSyncStep2(reply, NOTHING, message.stateVector);
        else syncProtocol.writeSyncStep2(reply, r.doc, message.stateVector);
      } catch {
        closeWith(CLOSE_PROTOCOL, 'The hub could not read this message.');
        return;
      }
      direct(encoding.toUint8Array(reply));
    } else if (message.kind === 'update') {
      await receiveUpdate(r, message.update);
    } else if (options.writeOnly) {
      return; // presence is for those who read the document
    } else if (message.kind === 'awareness') {
      const entries = awarenessEntries(message.update);
      if (!entries) {
        closeWith(CLOSE_PROTOCOL, 'The hub could not read this presence message.');
        return;
      }
      // The stock client repeats every presence it hears; repeating another's at its current
      // clock changes nothing, anything newer would speak for someone else.
      const own = entries.filter((e) => r.ownsAwareness(peer, e.clientId));
      const foreignChanges = entries.filter((e) => !own.includes(e) && e.clock > (r.awareness.meta.get(e.clientId)?.clock ?? -1)).length;
      if (foreignChanges > 0) options.metrics.refused.inc({ reason: 'awareness_not_own' }, foreignChanges);
      if (own.length === 0) return;
      const update = own.length === entries.length ? message.update : encodeAwarenessEntries(own);
      try {
        awarenessProtocol.applyAwarenessUpdate(r.awareness, update, peer);
      } catch {
        closeWith(CLOSE_PROTOCOL, 'The hub could not read this presence message.');
      }
    } else if (message.kind === 'queryAwareness') {
      peer.send(awarenessMessage(r, [...r.awareness.getStates().keys()]));
    }
  };

  const receiveUpdate = async (r: DocRoom, update: Uint8Array) => {
    if (update.length > options.maxUpdateBytes) {
      options.metrics.refused.inc({ reason: 'too_large' });
      closeWith(CLOSE_TOO_BIG, `This change is larger than the hub accepts (${options.maxUpdateBytes} bytes).`);
      return;
    }
    if (isEmptyUpdate(update)) return;
    if (!options.canWrite) {
      if (changesNothing(r.doc, update)) return;
      options.metrics.refused.inc({ reason: 'read_only' });
      return;
    }
    const verdict = handIn ? await handIn.receive(r, update, peer) : await r.accept(update, peer, options.directoryScope ?? null);
    if (!verdict.stored) {
      options.metrics.refused.inc({ reason: verdict.reason });
      closeWith(verdict.reason === 'unreadable' ? CLOSE_PROTOCOL : CLOSE_POLICY, verdict.sentence);
    }
  };

  ws.on('message', (data: Buffer) => {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    turn = turn.then(async () => handle(await room, bytes)).catch((error) => {
      options.onError(error);
      if (open) closeWith(CLOSE_ERROR, 'The hub could not handle this change; it will be sent again.');
    });
  });

  return new Promise((resolve) => {
    ws.on('close', () => {
      open = false;
      void turn
        .catch(() => undefined)
        .then(() => room)
        .then((r) => r.leave(peer))
        .catch(() => undefined)
        .finally(resolve);
    });
  });
}

function awarenessMessage(room: DocRoom, clients: number[]): Uint8Array {
  const message = encoding.createEncoder();
  encoding.writeVarUint(message, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(message, awarenessProtocol.encodeAwarenessUpdate(room.awareness, clients));
  return encoding.toUint8Array(message);
}

interface AwarenessEntry {
  clientId: number;
  clock: number;
  stateJson: string;
}

/** The entries of an awareness update (y-protocols' layout), or null when it cannot be read. */
function awarenessEntries(update: Uint8Array): AwarenessEntry[] | null {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      entries.push({ clientId: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), stateJson: decoding.readVarString(decoder) });
    }
    return entries;
  } catch {
    return null;
  }
}

function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.stateJson);
  }
  return encoding.toUint8Array(encoder);
}

/** The update a client sends when it has nothing the hub lacks: no structs, no deletions. */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}
