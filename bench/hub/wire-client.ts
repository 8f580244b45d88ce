// A lightweight sync client for the hub figures: a WebSocket speaking just enough of the
// y-websocket protocol, counting the bytes it receives.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

export class WireClient {
  readonly doc = new Y.Doc();
  bytesReceived = 0;
  private stepTwo: Array<() => void> = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      this.bytesReceived += data.byteLength;
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      if (decoding.readVarUint(decoder) !== 0) return;
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, 0);
      const step = syncProtocol.readSyncMessage(decoder, reply, this.doc, 'server');
      if (step === syncProtocol.messageYjsSyncStep2) this.stepTwo.shift()?.();
    });
  }

  /** Opens; resolves once the server's first message (its sync step 1: the document is loaded) has arrived. */
  static open(url: string): Promise<WireClient> {
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      ws.once('message', () => resolve(client));
      ws.once('error', reject);
      const client = new WireClient(ws);
    });
  }

  /** Sends a sync step 1 from an empty state; resolves when the server's step 2 has been applied. */
  catchUp(): Promise<void> {
    const done = new Promise<void>((resolve) => this.stepTwo.push(resolve));
    const message = encoding.createEncoder();
    encoding.writeVarUint(message, 0);
    syncProtocol.writeSyncStep1(message, this.doc);
    this.ws.send(encoding.toUint8Array(message));
    return done;
  }

  /** Sets `key` in the log document's batches map and sends the update. */
  send(map: string, key: string, value: Uint8Array): void {
    let update: Uint8Array | undefined;
    const grab = (u: Uint8Array) => (update = u);
    this.doc.on('update', grab);
    this.doc.getMap(map).set(key, value);
    this.doc.off('update', grab);
    const message = encoding.createEncoder();
    encoding.writeVarUint(message, 0);
    syncProtocol.writeUpdate(message, update!);
    this.ws.send(encoding.toUint8Array(message));
  }

  close(): void {
    this.ws.close();
    this.doc.destroy();
  }
}
