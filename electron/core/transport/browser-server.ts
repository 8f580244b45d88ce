import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { RPC_PATH, type ServerFrame } from '../../../domain/contract/bridge';
import { OpsFlowError, REQUEST_NOT_UNDERSTOOD } from '../../../domain/errors';
import type { Engine } from '../engine';
import { reachesConnection } from '../events';
import { parseClientFrame } from './connection-frames';
import { serveStatic } from './static-files';

const COOKIE = 'opsflow_key';
// A readings file is sent whole (readings.import caps its text at 32 MB; JSON escaping adds a little).
const MAX_FRAME_BYTES = 40 * 1024 * 1024;
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

export interface BrowserServer {
  /** Open this to use the app: it carries the per-launch key once, then a cookie holds it. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * What someone gets at the address without this launch's key: a bookmark from an earlier launch,
 * or the address typed by hand. A page, not a bare 403, so that they learn how to get in.
 */
function refusalPage(sentence: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>OpsFlow</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.5">
<h1>OpsFlow</h1>
<p>${sentence}</p>
</body>
</html>
`;
}

const HOW_TO_OPEN =
  'To open OpsFlow, use the link it printed in the terminal where it is running (it carries this launch’s key), or run <code>npx opsflow web --open</code> to open it in your browser.';
const EXPIRED_LINK =
  'That link is from an earlier start of OpsFlow: use the link it printed in the terminal where it is running now, or run <code>npx opsflow web --open</code> to open it in your browser.';

function refuse(res: ServerResponse, sentence: string): void {
  res.writeHead(403, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...SECURITY_HEADERS }).end(refusalPage(sentence));
}

function sameSecret(given: string | undefined, secret: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return v.join('=');
  }
  return undefined;
}

/**
 * Browser mode: the built renderer and the contract over a WebSocket, on 127.0.0.1 only. A page
 * without the per-launch secret (a link carrying it once, then an HttpOnly SameSite cookie) gets
 * nothing; the Host and Origin headers are checked too, so another web page cannot reach it.
 */
export async function startBrowserServer(engine: Engine, options: { port: number; rendererDir: string; secret?: string }): Promise<BrowserServer> {
  const secret = options.secret ?? randomBytes(24).toString('base64url');
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const server: Server = createServer((req, res) => {
    if (!allowedHosts().has(req.headers.host ?? '')) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('Wrong host.');
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const key = url.searchParams.get('key');
    if (key !== null) {
      if (!sameSecret(key, secret)) {
        refuse(res, EXPIRED_LINK);
        return;
      }
      res.writeHead(302, { location: '/', 'set-cookie': `${COOKIE}=${secret}; HttpOnly; SameSite=Strict; Path=/`, ...SECURITY_HEADERS }).end();
      return;
    }
    if (!sameSecret(cookieValue(req), secret)) {
      refuse(res, HOW_TO_OPEN);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    serveStatic(options.rendererDir, url.pathname, res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const trusted =
      url.pathname === RPC_PATH &&
      allowedHosts().has(req.headers.host ?? '') &&
      allowedOrigins().has(req.headers.origin ?? '') &&
      sameSecret(cookieValue(req), secret);
    if (!trusted) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(engine, ws));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(listenError(err, options.port)));
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?key=${secret}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        // A page still loading a file would otherwise hold the close (and quitting) open.
        server.closeAllConnections();
      }),
  };
}

/** Port 0 means any free port; a fixed one can be taken, or need administrator rights (below 1024). */
function listenError(err: NodeJS.ErrnoException, port: number): Error {
  if (err.code === 'EADDRINUSE') return new OpsFlowError('PORT_UNAVAILABLE', `Port ${port} on 127.0.0.1 is already in use.`, { port });
  if (err.code === 'EACCES') return new OpsFlowError('PORT_UNAVAILABLE', `Port ${port} on 127.0.0.1 needs administrator rights.`, { port });
  return err;
}

function serveConnection(engine: Engine, ws: WebSocket): void {
  const tokens = new Set<string>();
  const send = (frame: ServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const stopListening = engine.events.listen((topic, payload, _target, audience) => {
    if (reachesConnection(audience, tokens)) send({ type: 'event', topic, payload });
  });
  ws.on('message', async (data, isBinary) => {
    const frame = isBinary ? null : parseClientFrame(data.toString());
    if (!frame) {
      send({ type: 'result', id: -1, ok: false, error: { code: 'BAD_INPUT', message: REQUEST_NOT_UNDERSTOOD } });
      return;
    }
    if (frame.token) tokens.add(frame.token);
    const result = await engine.dispatch({ method: frame.method, input: frame.input, token: frame.token });
    send({ type: 'result', id: frame.id, ...result });
  });
  ws.on('close', stopListening);
  ws.on('error', () => ws.terminate());
}
