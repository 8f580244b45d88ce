// The hub: one HTTP server carrying the JSON API and, on upgrade, the WebSocket sync of
// documents. A connection is authorized before its document is touched: a malformed name, an
// unknown or revoked token, or a document the device may not open is answered with an HTTP error
// and the socket closed.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import * as Y from 'yjs';
import { directoryDocName, parseDocName } from '../domain/sync/doc-names';
import { createApiHandler } from './http/api';
import { HubError } from './hub-error';
import { createHubMetrics, type HubMetrics } from './http/metrics';
import { openHubDatabase, type HubDatabase, type StorageOptions } from './storage/database';
import { deliverTransferNotices } from './projections/transfer-notices';
import { GroupAppender, storeJournalFrames } from './storage/group-append';
import { UpdateJournal } from './storage/update-journal';
import { findDeviceByToken } from './storage/device-tokens';
import { revokeDevice } from './storage/tenants';
import { resolveSecretsKey, updateSealer } from './storage/update-sealer';
import { CLOSE_CREDENTIALS_WITHDRAWN } from '../domain/sync/close-codes';
import { CREDENTIALS_REFUSED, CREDENTIALS_WITHDRAWN, credentialsGranted, credentialsHandedIn, decideDocAccess } from './sync/access';
import { serveConnection } from './sync/connection';
import { Rooms } from './sync/rooms';

export const DEFAULT_PORT = 8740;
export const DEFAULT_MAX_UPDATE_BYTES = 8 * 1024 * 1024;
export const DEFAULT_COMPACT_AFTER = 500;
/** A connection that has not answered a ping within this long is dropped (a PC unplugged from the network). */
const HEARTBEAT_MS = 30_000;

export interface HubOptions {
  storage: StorageOptions;
  port?: number;
  host?: string;
  maxUpdateBytes?: number;
  compactAfter?: number;
  nowMs?: () => number;
  onError?: (error: unknown, context: string) => void;
  /** 32 bytes sealing users' credentials at rest; default: HUB_SECRETS_KEY or the data folder's key file (update-sealer.ts). */
  secretsKey?: Uint8Array | null;
  /** Tests only: see RoomOptions.beforeProjecting (a crash between storing an update and projecting it). */
  beforeProjecting?: (docName: string) => void;
}

export interface Hub {
  /** http://HOST:PORT */
  url: string;
  /** ws://HOST:PORT, the server URL a WebsocketProvider is given. */
  wsUrl: string;
  port: number;
  db: HubDatabase;
  metrics: HubMetrics;
  revokeDevice(tenantId: string, deviceId: string): Promise<void>;
  close(): Promise<void>;
}

export async function startHub(options: HubOptions): Promise<Hub> {
  const db = await openHubDatabase(options.storage);
  const metrics = createHubMetrics();
  const nowMs = options.nowMs ?? Date.now;
  const onError = options.onError ?? ((error, context) => console.error(`[hub] ${context}:`, error));
  const maxUpdateBytes = options.maxUpdateBytes ?? DEFAULT_MAX_UPDATE_BYTES;
  const deliveries = new Set<Promise<void>>();
  /** Per tenant, the open connections to users' credentials documents: checked again at every directory change. */
  const credentialLinks = new Map<string, Set<{ ws: WebSocket; userId: string; locationId: string }>>();
  const withdrawCredentials = (tenantId: string, directory: Y.Doc) => {
    for (const link of credentialLinks.get(tenantId) ?? []) {
      if (!credentialsGranted(directory, link.userId, link.locationId)) link.ws.close(CLOSE_CREDENTIALS_WITHDRAWN, CREDENTIALS_WITHDRAWN);
    }
  };
  const sealer = updateSealer(options.secretsKey !== undefined ? options.secretsKey : resolveSecretsKey(process.env, 'dataDir' in options.storage ? options.storage.dataDir : null));
  // The embedded database's commit is a thread away and no more durable than a file write (update-journal.ts).
  const journal =
    'dataDir' in options.storage
      ? await UpdateJournal.open(join(options.storage.dataDir, 'journal'), (frames) => storeJournalFrames(db, frames), (file) => onError(new Error(`the end of ${file} was damaged: what followed it is lost`), 'update journal'))
      : null;
  const appender = new GroupAppender(db, { sealer, ...(journal ? { journal, onError: (error: unknown) => onError(error, 'storing journaled updates') } : {}) });
  const rooms: Rooms = new Rooms({
    db,
    appender,
    sealer,
    metrics,
    compactAfter: options.compactAfter ?? DEFAULT_COMPACT_AFTER,
    onError,
    onAuditAlert: (alert) => onError(new Error(alert.message), 'CRITICAL audit alert'),
    onTransferNotices: (tenantId, notices) => {
      const delivery: Promise<void> = deliverTransferNotices(rooms, tenantId, notices)
        .catch((error) => onError(error, 'transfer notices'))
        .finally(() => deliveries.delete(delivery));
      deliveries.add(delivery);
    },
    nowMs,
    ...(options.beforeProjecting ? { beforeProjecting: options.beforeProjecting } : {}),
    locationTouches: new Map(),
    onDirectoryChanged: withdrawCredentials,
  });
  const socketsOfDevice = new Map<string, Set<WebSocket>>();
  // The sync protocol's own framing adds a few bytes to an update; ws drops anything far larger.
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxUpdateBytes + 1024 });
  const revoke = async (tenantId: string, deviceId: string) => {
    await revokeDevice(db, tenantId, deviceId, nowMs());
    for (const ws of socketsOfDevice.get(deviceId) ?? []) ws.close(1008, 'This device was revoked.');
  };
  const writeDirectory = async (tenantId: string, change: (doc: Y.Doc) => void) => {
    const name = directoryDocName(tenantId);
    const room = await rooms.acquire(name, { kind: 'directory', tenantId });
    try {
      await room.settled();
      const scratch = new Y.Doc();
      Y.applyUpdate(scratch, Y.encodeStateAsUpdate(room.doc));
      const before = Y.encodeStateVector(scratch);
      scratch.transact(() => change(scratch));
      const verdict = await room.accept(Y.encodeStateAsUpdate(scratch, before), HUB_ITSELF);
      scratch.destroy();
      if (!verdict.stored) throw new HubError(400, verdict.sentence);
    } finally {
      rooms.release(name);
    }
  };
  const server = createServer(createApiHandler({ db, metrics, nowMs, revokeDevice: revoke, writeDirectory }));

  const refuse = (socket: Duplex, status: number, sentence: string) => {
    metrics.connectionsRefused.inc({ status });
    socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Refused'}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(sentence)}\r\n\r\n${sentence}`);
  };

  const upgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer, handedToWs: () => void) => {
    const url = new URL(req.url ?? '/', 'http://hub');
    const token = url.searchParams.get('token');
    let docName: string;
    try {
      docName = decodeURIComponent(url.pathname.slice(1));
    } catch {
      return refuse(socket, 400, 'The document name is not valid.');
    }
    if (!token) return refuse(socket, 401, 'A device token is required: enroll this device first.');
    const parsed = parseDocName(docName);
    if (!parsed) return refuse(socket, 400, `'${docName}' is not a document name.`);
    const grant = await findDeviceByToken(db, token, nowMs());
    if (!grant) return refuse(socket, 401, 'This device token is unknown, expired or was revoked: enroll this device again.');
    const access = decideDocAccess(grant, docName);
    if (!access.allowed) return refuse(socket, access.status, access.reason);
    let writeOnly = false;
    if (access.doc.kind === 'credentials') {
      // A user's sign-in secrets go only to the PCs of locations the hub's directory grants them.
      const directoryName = directoryDocName(access.doc.tenantId);
      const directory = await rooms.acquire(directoryName, { kind: 'directory', tenantId: access.doc.tenantId });
      // A grant on its way (a PC sends the user's record just before their secrets) counts.
      await directory.settled();
      const granted = credentialsGranted(directory.doc, access.doc.userId, grant.locationId);
      // The main PC creates and resets users of every location: it hands their secrets in without reading any.
      writeOnly = !granted && credentialsHandedIn(directory.doc, grant, access.doc.userId);
      rooms.release(directoryName);
      if (!granted && !writeOnly) return refuse(socket, 403, CREDENTIALS_REFUSED);
    }
    if (socket.destroyed) return;
    wss.handleUpgrade(req, socket, head, (ws) => {
      handedToWs();
      wss.emit('connection', ws, req);
      metrics.connections.inc();
      const mine = socketsOfDevice.get(grant.deviceId) ?? new Set();
      socketsOfDevice.set(grant.deviceId, mine.add(ws));
      const room = rooms.acquire(docName, access.doc);
      // In the same turn as the grant check (handleUpgrade calls back synchronously): no directory change slips in between.
      const credentials = access.doc.kind === 'credentials' && !writeOnly ? { ws, userId: access.doc.userId, locationId: grant.locationId } : null;
      const ofTenant = credentialLinks.get(access.doc.tenantId) ?? new Set();
      if (credentials) credentialLinks.set(access.doc.tenantId, ofTenant.add(credentials));
      void serveConnection(ws, room, { canWrite: access.canWrite, writeOnly, directoryScope: access.directoryScope, maxUpdateBytes, metrics, onError: (e) => onError(e, docName) }).then(() => {
        if (credentials && ofTenant.delete(credentials) && ofTenant.size === 0 && credentialLinks.get(access.doc.tenantId) === ofTenant) credentialLinks.delete(access.doc.tenantId);
        metrics.connections.dec();
        mine.delete(ws);
        if (mine.size === 0) socketsOfDevice.delete(grant.deviceId);
        room.then(() => rooms.release(docName)).catch(() => undefined);
      });
    });
  };

  // A dead TCP peer sends no close; without a ping its connection and document would stay forever.
  const alive = new WeakSet<WebSocket>();
  wss.on('connection', (ws) => {
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
  });
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.delete(ws)) ws.terminate();
      else ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  server.on('upgrade', (req, socket, head) => {
    // Node takes its own error listener off an upgrading socket; a client that resets while the
    // checks above await would otherwise crash the hub when it is answered. ws adds its own once handed the socket.
    const dropOnError = () => socket.destroy();
    socket.on('error', dropOnError);
    upgrade(req, socket, head, () => socket.off('error', dropOnError)).catch((error) => {
      onError(error, 'upgrade');
      refuse(socket, 500, 'The hub could not check this connection; try again shortly.');
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    wsUrl: `ws://${host}:${address.port}`,
    port: address.port,
    db,
    metrics,
    revokeDevice: revoke,
    async close() {
      clearInterval(heartbeat);
      for (const ws of wss.clients) ws.terminate();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await Promise.all(deliveries);
      // Rooms wait for their updates to be stored; the appender stops trying once the database refuses.
      const roomsClosed = rooms.closeAll();
      await appender.close();
      await roomsClosed;
      journal?.close();
      await db.destroy();
    },
  };
}

/** The hub as the origin of its own directory changes: relayed to every connected device. */
const HUB_ITSELF = { send() {} };

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 500: 'Internal Server Error' };
