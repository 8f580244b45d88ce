// The reference for the hub's relay figures: a bare y-websocket relay (what the stock server's
// utils do, minus everything else): one Y.Doc per path, sync step 1 answered, every update
// applied and sent to the other connections. No authentication, no persistence, no checks.
// Run as its own process; prints {"port"} once listening.
import { WebSocketServer, type WebSocket } from 'ws';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

interface Room {
  doc: Y.Doc;
  conns: Set<WebSocket>;
}

const rooms = new Map<string, Room>();

function roomOf(name: string): Room {
  let room = rooms.get(name);
  if (!room) {
    const created: Room = { doc: new Y.Doc(), conns: new Set() };
    created.doc.on('update', (update: Uint8Array, origin: unknown) => {
      const message = encoding.createEncoder();
      encoding.writeVarUint(message, 0);
      syncProtocol.writeUpdate(message, update);
      const bytes = encoding.toUint8Array(message);
      for (const conn of created.conns) if (conn !== origin && conn.readyState === conn.OPEN) conn.send(bytes);
    });
    rooms.set(name, created);
    room = created;
  }
  return room;
}

const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
wss.on('connection', (ws, req) => {
  const room = roomOf(new URL(req.url ?? '/', 'http://relay').pathname.slice(1));
  room.conns.add(ws);
  const step1 = encoding.createEncoder();
  encoding.writeVarUint(step1, 0);
  syncProtocol.writeSyncStep1(step1, room.doc);
  ws.send(encoding.toUint8Array(step1));
  ws.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (decoding.readVarUint(decoder) !== 0) return;
    const reply = encoding.createEncoder();
    encoding.writeVarUint(reply, 0);
    syncProtocol.readSyncMessage(decoder, reply, room.doc, ws);
    if (encoding.length(reply) > 1) ws.send(encoding.toUint8Array(reply));
  });
  ws.on('close', () => room.conns.delete(ws));
});
wss.on('listening', () => {
  const address = wss.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
