// A stand-in for a hub that stops relaying: it passes every message between a client and the real
// hub except the document updates the hub relays to the client. Tests run against it to prove
// they would notice.
import type { AddressInfo } from 'node:net';
import * as decoding from 'lib0/decoding';
import { WebSocket, WebSocketServer } from 'ws';

export async function startDroppingProxy(hubWsUrl: string): Promise<{ wsUrl: string; close(): Promise<void> }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  server.on('connection', (client, req) => {
    const upstream = new WebSocket(`${hubWsUrl}${req.url}`);
    const pending: Buffer[] = [];
    client.on('message', (data: Buffer) => (upstream.readyState === WebSocket.OPEN ? upstream.send(data) : pending.push(data)));
    upstream.on('open', () => pending.splice(0).forEach((data) => upstream.send(data)));
    upstream.on('message', (data: Buffer) => {
      if (!isRelayedUpdate(new Uint8Array(data))) client.send(data);
    });
    upstream.on('close', () => client.close());
    client.on('close', () => upstream.close());
  });
  return {
    wsUrl: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => {
      for (const c of server.clients) c.terminate();
      server.close(() => resolve());
    }),
  };
}

function isRelayedUpdate(message: Uint8Array): boolean {
  const decoder = decoding.createDecoder(message);
  return decoding.readVarUint(decoder) === 0 && decoding.readVarUint(decoder) === 2;
}
