// One device's WebSocket on one document, speaking the y-websocket protocol (y-protocols sync and
// awareness). Messages are handled one after another, and none before the document is loaded, so
// the first sync reply always carries the stored document.
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import type { HubMetrics } from '../http/metrics';
import { MESSAGE_AWARENESS, MESSAGE_SYNC, type DocRoom, type RoomPeer } from './doc-room';

const MESSAGE_QUERY_AWARENESS = 3;

/** WebSocket close codes: 1008 policy violation, 1009 message too big, 1011 server error. */
const CLOSE_POLICY = 1008;
const CLOSE_TOO_BIG = 1009;
const CLOSE_ERROR = 1011;

export interface ConnectionOptions {
  canWrite: boolean;
  maxUpdateBytes: number;
  metrics: HubMetrics;
  onError(error: unknown): void;
}

export function serveConnection(ws: WebSocket, room: Promise<DocRoom>, options: ConnectionOptions): Promise<void> {
  const peer: RoomPeer = {
    send(message) {
      if (ws.readyState === ws.OPEN) ws.send(message);
    },
  };
  let open = true;
  const closeWith = (code: number, sentence: string) => {
    open = false;
    // A close reason is at most 123 bytes.
    ws.close(code, Buffer.from(sentence).subarray(0, 123).toString());
  };

  let turn: Promise<unknown> = room.then((r) => {
    r.peers.set(peer, new Set());
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(step1, r.doc);
    peer.send(encoding.toUint8Array(step1));
    if (r.awareness.getStates().size > 0) peer.send(awarenessMessage(r, [...r.awareness.getStates().keys()]));
  }).catch((error) => {
    options.onError(error);
    if (open) closeWith(CLOSE_ERROR, 'The hub could not load this document; try again shortly.');
  });

  const handle = async (r: DocRoom, bytes: Uint8Array) => {
    if (!open) return;
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      const step = decoding.readVarUint(decoder);
      if (step === syncProtocol.messageYjsSyncStep1) {
        const reply = encoding.createEncoder();
        encoding.writeVarUint(reply, MESSAGE_SYNC);
        syncProtocol.writeSyncStep2(reply, r.doc, decoding.readVarUint8Array(decoder));
        peer.send(encoding.toUint8Array(reply));
      } else if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate) {
        await receiveUpdate(r, decoding.readVarUint8Array(decoder));
      }
    } else if (type === MESSAGE_AWARENESS) {
      awarenessProtocol.applyAwarenessUpdate(r.awareness, decoding.readVarUint8Array(decoder), peer);
    } else if (type === MESSAGE_QUERY_AWARENESS) {
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
      options.metrics.refused.inc({ reason: 'read_only' });
      return;
    }
    const verdict = await r.accept(update, peer);
    if (!verdict.stored) {
      options.metrics.refused.inc({ reason: verdict.reason });
      closeWith(CLOSE_POLICY, verdict.sentence);
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

/** The update a client sends when it has nothing the hub lacks: no structs, no deletions. */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}
