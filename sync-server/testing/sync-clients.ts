// Clients for hub tests: the stock y-websocket provider (with its in-process broadcast channel
// off, so nothing reaches another client except through the hub), and a raw protocol client for
// crafted messages. Everything here waits on events, never on the clock.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

export interface StockClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Resolves once the hub's sync reply has been applied. */
  synced: Promise<void>;
  destroy(): void;
}

export function stockClient(wsUrl: string, docName: string, token: string | null, doc = new Y.Doc()): StockClient {
  const provider = new WebsocketProvider(wsUrl, docName, doc, {
    params: token === null ? {} : { token },
    disableBc: true,
    WebSocketPolyfill: WebSocket as never,
  });
  const synced = new Promise<void>((resolve) => provider.once('sync', (isSynced: boolean) => isSynced && resolve()));
  return {
    doc,
    provider,
    synced,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Resolves with the close event of the provider's first connection attempt. */
export function firstClose(client: StockClient): Promise<{ code: number }> {
  return new Promise((resolve) => client.provider.once('connection-close', (event: { code: number } | null) => resolve({ code: event?.code ?? 0 })));
}

/** Resolves when `check` holds for the document, checking after each change. */
export function until(doc: Y.Doc, check: () => boolean): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((resolve) => {
    const onUpdate = () => {
      if (!check()) return;
      doc.off('afterTransaction', onUpdate);
      resolve();
    };
    doc.on('afterTransaction', onUpdate);
  });
}

/** Resolves when an awareness state of another client satisfies `check`. */
export function untilAwareness(client: StockClient, check: (state: Record<string, unknown>) => boolean): Promise<void> {
  const awareness = client.provider.awareness;
  const seen = () => [...awareness.getStates().entries()].some(([id, state]) => id !== awareness.clientID && check(state));
  if (seen()) return Promise.resolve();
  return new Promise((resolve) => {
    const onChange = () => {
      if (!seen()) return;
      awareness.off('change', onChange);
      resolve();
    };
    awareness.on('change', onChange);
  });
}

/** The HTTP status with which the hub refuses to open a WebSocket, or 101 if it opens. */
export function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => {
      resolve(101);
      ws.close();
    });
    ws.once('error', (error) => (error.message.includes('Unexpected server response') ? undefined : reject(error)));
  });
}

/**
 * A client that speaks the sync protocol by hand, to send what no well-behaved client would.
 * `roundTrip` sends a sync step 1 and waits for the hub's answer: the hub handles a connection's
 * messages in order, so once it answers, everything sent before has been handled.
 */
export class RawSyncClient {
  readonly doc = new Y.Doc();
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: Array<() => void> = [];

  private constructor(private readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) !== 0) return;
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, 0);
      const step = syncProtocol.readSyncMessage(decoder, reply, this.doc, 'hub');
      if (step === syncProtocol.messageYjsSyncStep2) this.waiters.shift()?.();
    });
  }

  static open(url: string): Promise<RawSyncClient> {
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new RawSyncClient(ws)));
      ws.once('error', reject);
    });
  }

  sendUpdate(update: Uint8Array): void {
    const message = encoding.createEncoder();
    encoding.writeVarUint(message, 0);
    syncProtocol.writeUpdate(message, update);
    this.ws.send(encoding.toUint8Array(message));
  }

  /** Sends a sync step 1; resolves when the hub's step 2 has been applied to `doc`. */
  roundTrip(): Promise<void> {
    const answered = new Promise<void>((resolve) => this.waiters.push(resolve));
    const message = encoding.createEncoder();
    encoding.writeVarUint(message, 0);
    syncProtocol.writeSyncStep1(message, this.doc);
    this.ws.send(encoding.toUint8Array(message));
    return answered;
  }

  /** The update a change to `doc` makes, applied locally but not sent. */
  changeLocally(change: (doc: Y.Doc) => void): Uint8Array {
    let update: Uint8Array | undefined;
    const grab = (u: Uint8Array) => (update = u);
    this.doc.on('update', grab);
    this.doc.transact(() => change(this.doc));
    this.doc.off('update', grab);
    if (!update) throw new Error('The change changed nothing.');
    return update;
  }

  /** Sends bytes as they are, framing and all. */
  sendRaw(message: Uint8Array): void {
    this.ws.send(message);
  }

  close(): void {
    this.ws.close();
  }
}
