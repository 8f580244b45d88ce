// One document of this PC linked to the hub over one WebSocket, speaking the y-websocket
// protocol's sync messages (y-protocols/sync) by hand rather than through WebsocketProvider: the
// provider applies remote updates to the Y.Doc itself, but here every remote update must go
// through DocStore.applyRemote so that it is stored in y_updates and projected to SQL in one
// SQLite transaction, like a local change.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { Logger } from '../logger';
import { ORIGIN, type DocStore } from './doc-store';
import { mergeInto, stateVectorOf, stateVectorOfUpdate, type StateVector } from './state-vector';

const MESSAGE_SYNC = 0;

/** Why a link ended: the hub refused the upgrade (HTTP status), closed it (WebSocket code), or the network failed. */
export interface LinkLoss {
  status?: number;
  code?: number;
  sentence: string;
}

export interface HubLinkOptions {
  /** ws://host:port (or wss://) */
  wsBase: string;
  token: string;
  docName: string;
  docs: DocStore;
  /** A document this PC only reads (another location's): nothing is sent, nothing counts as waiting. */
  writable: boolean;
  /** What the hub is known to have stored of this document; the link grows it as the hub confirms. */
  hubHas: StateVector;
  /** Something the status shows changed: an acknowledgement, a remote update, the first sync. */
  onProgress(): void;
  onLost(loss: LinkLoss): void;
  log: Logger;
}

/**
 * Acknowledgements: the hub handles a connection's messages one after another and stores an update
 * before it handles the next message, and it answers each sync step 1 with a step 2. So when the
 * step 2 answering a step 1 arrives, every update sent before that step 1 is stored on the hub:
 * `probes` remembers, per step 1 sent, what had been sent by then.
 */
export class HubLink {
  private ws: WebSocket | null = null;
  private doc: Y.Doc | null = null;
  private ended = false;
  /** Set once the hub's first answer is applied: this PC has everything the hub had then. */
  synced = false;
  /** Once the hub's own step 1 is answered with everything it lacks, later local changes go as they happen. */
  private streaming = false;
  private readonly sent: StateVector = new Map();
  private readonly probes: StateVector[] = [];
  private outgoing: Uint8Array[] = [];
  private flushQueued = false;
  private detach: (() => void) | null = null;

  constructor(private readonly o: HubLinkOptions) {}

  open(): void {
    const doc = this.o.docs.get(this.o.docName);
    this.doc = doc;
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin === ORIGIN.remote || origin === ORIGIN.load || !this.o.writable || !this.streaming) return;
      // Sent once the SQLite transaction it belongs to has committed (a rolled-back change unloads the document).
      this.outgoing.push(update);
      this.queueFlush();
    };
    const onDestroy = () => this.lose({ sentence: 'The document was reloaded from disk; reconnecting.' });
    doc.on('update', onUpdate);
    doc.on('destroy', onDestroy);
    this.detach = () => {
      doc.off('update', onUpdate);
      doc.off('destroy', onDestroy);
    };

    const url = `${this.o.wsBase}/${this.o.docName}?token=${encodeURIComponent(this.o.token)}`;
    const ws = new WebSocket(url, { handshakeTimeout: 30_000 });
    ws.binaryType = 'nodebuffer';
    this.ws = ws;
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => this.lose({ status: res.statusCode, sentence: body.trim() || `The hub refused the connection (HTTP ${res.statusCode}).` }));
      res.on('error', () => this.lose({ status: res.statusCode, sentence: `The hub refused the connection (HTTP ${res.statusCode}).` }));
    });
    ws.on('open', () => this.sendProbe());
    ws.on('message', (data: Buffer) => {
      try {
        this.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      } catch (err) {
        this.o.log.warn({ err, doc: this.o.docName }, 'a message from the hub could not be applied');
        this.lose({ sentence: 'A change from the hub could not be applied; reconnecting.' });
      }
    });
    ws.on('error', (err) => this.lose({ sentence: networkSentence(err) }));
    ws.on('close', (code, reason) => this.lose({ code, sentence: reason.toString() || 'The hub closed the connection.' }));
  }

  /** Local items the hub has not confirmed storing. */
  waiting(): number {
    if (!this.o.writable || !this.doc) return 0;
    let n = 0;
    for (const [client, clock] of stateVectorOf(this.doc)) n += Math.max(0, clock - (this.o.hubHas.get(client) ?? 0));
    return n;
  }

  close(): void {
    this.ended = true;
    this.detach?.();
    this.detach = null;
    const ws = this.ws;
    this.ws = null;
    if (ws && ws.readyState !== WebSocket.CLOSED) ws.terminate();
  }

  private lose(loss: LinkLoss): void {
    if (this.ended) return;
    this.close();
    this.o.onLost(loss);
  }

  private send(message: Uint8Array): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(message);
  }

  private sendProbe(): void {
    const message = encoding.createEncoder();
    encoding.writeVarUint(message, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(message, this.doc!);
    this.probes.push(new Map(this.sent));
    this.send(encoding.toUint8Array(message));
  }

  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => {
      this.flushQueued = false;
      if (this.ended || !this.doc) return;
      const updates = this.outgoing;
      this.outgoing = [];
      if (updates.length === 0) return;
      const update = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
      this.sendUpdate(update);
      this.sendProbe();
    });
  }

  private sendUpdate(update: Uint8Array): void {
    const message = encoding.createEncoder();
    encoding.writeVarUint(message, MESSAGE_SYNC);
    syncProtocol.writeUpdate(message, update);
    this.send(encoding.toUint8Array(message));
    mergeInto(this.sent, stateVectorOfUpdate(update));
  }

  private receive(bytes: Uint8Array): void {
    if (this.ended) return;
    const decoder = decoding.createDecoder(bytes);
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return; // presence: not used by the engine
    const step = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    if (step === syncProtocol.messageYjsSyncStep1) {
      // The hub's state vector: what it has stored. Answer with everything it lacks.
      const hubState = Y.decodeStateVector(payload);
      mergeInto(this.o.hubHas, hubState);
      mergeInto(this.sent, hubState);
      if (this.o.writable) {
        const missing = Y.encodeStateAsUpdate(this.doc!, payload);
        this.streaming = true;
        this.sendUpdate(missing);
        this.sendProbe();
      }
      this.o.onProgress();
      return;
    }
    if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate) {
      this.applyFromHub(payload);
      if (step === syncProtocol.messageYjsSyncStep2) {
        const confirmed = this.probes.shift();
        if (confirmed) mergeInto(this.o.hubHas, confirmed);
        this.synced = true;
      }
      this.o.onProgress();
    }
  }

  private applyFromHub(update: Uint8Array): void {
    if (!isEmptyUpdate(update)) {
      this.o.docs.applyRemote(this.o.docName, update);
      // applyRemote may have reloaded the document (a rolled-back transaction): follow it.
      if (this.ended) return;
    }
    mergeInto(this.o.hubHas, stateVectorOfUpdate(update));
  }
}

function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}

function networkSentence(err: Error & { code?: string }): string {
  if (err.code === 'ECONNREFUSED') return 'The hub does not answer (connection refused).';
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return 'The hub’s address could not be found.';
  if (err.code === 'ETIMEDOUT') return 'The hub did not answer in time.';
  return `The connection to the hub failed (${err.code ?? err.message}).`;
}
