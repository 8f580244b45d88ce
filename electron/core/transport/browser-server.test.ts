import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ServerFrame } from '../../../domain/contract/bridge';
import type { Engine } from '../engine';
import { TEST_ADMIN, TEST_PASSWORD, addUser, call, openTestEngine, rowCount, setUpOrganization, tempDataDir } from '../testing/test-engine';
import { startBrowserServer, type BrowserServer } from './browser-server';

const INDEX_HTML = '<!doctype html><title>OpsFlow test page</title>';

let engine: Engine;
let server: BrowserServer;
let secret: string;
let adminToken: string;
let cleanup: () => void;
beforeAll(async () => {
  const temp = tempDataDir();
  cleanup = temp.cleanup;
  engine = await openTestEngine({ dataDir: join(temp.dir, 'data') });
  adminToken = (await setUpOrganization(engine)).token;
  const rendererDir = join(temp.dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), INDEX_HTML);
  // Port 0: any free port, so that parallel test runs never collide on the app's fixed one.
  server = await startBrowserServer(engine, { port: 0, rendererDir });
  secret = new URL(server.url).searchParams.get('key')!;
});
afterAll(async () => {
  await server.close();
  engine.close();
  cleanup();
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const origin = () => `http://127.0.0.1:${server.port}`;
const cookie = () => `opsflow_key=${secret}`;

/** Opens the contract socket; resolves with the socket, or with the HTTP status that refused it. */
function connect(headers: Record<string, string>, options: { origin?: string; path?: string } = {}): Promise<{ ws: WebSocket } | { refused: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${options.path ?? '/rpc'}`, { headers, origin: options.origin });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ refused: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.on('error', () => resolve({ refused: -1 }));
  });
}

function nextResult(ws: WebSocket): Promise<Extract<ServerFrame, { type: 'result' }>> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as ServerFrame;
      if (frame.type !== 'result') return;
      ws.off('message', onMessage);
      resolve(frame);
    };
    ws.on('message', onMessage);
  });
}

async function trustedSocket(): Promise<WebSocket> {
  const opened = await connect({ Cookie: cookie() }, { origin: origin() });
  if (!('ws' in opened)) throw new Error(`refused with ${opened.refused}`);
  return opened.ws;
}

describe('browser mode: the page', () => {
  it('listens on 127.0.0.1 only and prints a link carrying the key', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?key=[\w-]{20,}$/);
  });

  it('GET / without the key gets a page saying how to open OpsFlow, and neither the app nor the key', async () => {
    const reply = await get('/');
    expect(reply.status).toBe(403);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.body).toContain('use the link it printed in the terminal where it is running');
    expect(reply.body).toContain('npx opsflow web --open');
    expect(reply.body).not.toContain('OpsFlow test page');
    expect(reply.body).not.toContain(secret);
    expect(reply.body).not.toMatch(/<script/i);
    expect(reply.headers['set-cookie']).toBeUndefined();
  });

  it('a link from an earlier launch gets a page saying it is out of date, and no cookie', async () => {
    const reply = await get('/?key=from-yesterday');
    expect(reply.status).toBe(403);
    expect(reply.body).toContain('That link is from an earlier start of OpsFlow');
    expect(reply.body).not.toContain(secret);
    expect(reply.headers['set-cookie']).toBeUndefined();
  });

  it('other paths without the key get 403 too', async () => {
    const reply = await get('/index.html');
    expect(reply.status).toBe(403);
    expect(reply.body).not.toContain('OpsFlow test page');
  });

  it('a wrong cookie gets 403', async () => {
    expect((await get('/', { Cookie: 'opsflow_key=guess' })).status).toBe(403);
  });

  it('the right key redirects to / with an HttpOnly, SameSite cookie, and with that cookie / serves the app', async () => {
    const reply = await get(`/?key=${encodeURIComponent(secret)}`);
    expect(reply.status).toBe(302);
    expect(reply.headers.location).toBe('/');
    const setCookie = String(reply.headers['set-cookie']);
    expect(setCookie).toContain(`opsflow_key=${secret}`);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);

    const page = await get('/', { Cookie: setCookie.split(';')[0]! });
    expect(page.status).toBe(200);
    expect(page.body).toBe(INDEX_HTML);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
  });

  it('a request naming another host (DNS rebinding) is refused even with the cookie', async () => {
    const reply = await get('/', { Cookie: cookie(), Host: `attacker.example:${server.port}` });
    expect(reply.status).toBe(421);
    expect(reply.body).not.toContain('OpsFlow test page');
  });

  it('a malformed path gets 400 and the server keeps serving', async () => {
    expect((await get('/%E0%A4%A', { Cookie: cookie() })).status).toBe(400);
    expect((await get('/', { Cookie: cookie() })).status).toBe(200);
  });

  it('a path that climbs out of the app folder gets the app page, not the file', async () => {
    const reply = await get('/..%2F..%2Fdata%2Fopsflow.db', { Cookie: cookie() });
    expect(reply.body).toBe(INDEX_HTML);
  });
});

describe('browser mode: the port', () => {
  it('a port another program holds is refused with PORT_UNAVAILABLE, naming the port', async () => {
    const other = createNetServer();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const taken = (other.address() as AddressInfo).port;
    try {
      const attempt = startBrowserServer(engine, { port: taken, rendererDir: join(tmpdir(), 'unused') });
      await expect(attempt).rejects.toMatchObject({ code: 'PORT_UNAVAILABLE', message: `Port ${taken} on 127.0.0.1 is already in use.` });
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});

describe('browser mode: the contract socket', () => {
  it('is refused without the cookie', async () => {
    expect(await connect({}, { origin: origin() })).toEqual({ refused: 403 });
  });

  it('is refused with a foreign Origin, even with the cookie', async () => {
    expect(await connect({ Cookie: cookie() }, { origin: 'https://evil.example' })).toEqual({ refused: 403 });
  });

  it('is refused with no Origin at all', async () => {
    expect(await connect({ Cookie: cookie() })).toEqual({ refused: 403 });
  });

  it('is refused with a wrong Host header', async () => {
    expect(await connect({ Cookie: cookie(), Host: `evil.example:${server.port}` }, { origin: origin() })).toEqual({ refused: 403 });
  });

  it('is refused on another path', async () => {
    expect(await connect({ Cookie: cookie() }, { origin: origin(), path: '/other' })).toEqual({ refused: 403 });
  });

  it('with the cookie and our origin, a setup.status call is answered', async () => {
    const ws = await trustedSocket();
    try {
      const reply = nextResult(ws);
      ws.send(JSON.stringify({ type: 'call', id: 7, method: 'setup.status', input: {}, token: null }));
      expect(await reply).toEqual({ type: 'result', id: 7, ok: true, output: { isSetUp: true, organizationName: 'Bistro Group', deviceLocationName: 'Downtown' } });
    } finally {
      ws.close();
    }
  });

  it('a garbage frame gets a BAD_INPUT result and the connection stays usable', async () => {
    const ws = await trustedSocket();
    try {
      for (const garbage of ['this is not json', '{"type":"call"}', '[1,2,3]', 'null', JSON.stringify({ type: 'call', id: 'x', method: 'setup.status' })]) {
        const reply = nextResult(ws);
        ws.send(garbage);
        expect(await reply).toMatchObject({ type: 'result', id: -1, ok: false, error: { code: 'BAD_INPUT' } });
      }
      const binary = nextResult(ws);
      ws.send(Buffer.from([0, 1, 2, 3]));
      expect(await binary).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });

      const reply = nextResult(ws);
      ws.send(JSON.stringify({ type: 'call', id: 8, method: 'setup.status', input: {}, token: null }));
      expect(await reply).toMatchObject({ id: 8, ok: true });
    } finally {
      ws.close();
    }
  });

  it('carries the whole contract: sign in, then a permission-checked call with the token', async () => {
    const ws = await trustedSocket();
    try {
      let reply = nextResult(ws);
      ws.send(JSON.stringify({ type: 'call', id: 1, method: 'auth.signIn', input: { username: TEST_ADMIN.username, password: TEST_ADMIN.password }, token: null }));
      const signedIn = await reply;
      expect(signedIn.ok).toBe(true);
      const token = signedIn.ok ? (signedIn.output as { token: string }).token : '';

      reply = nextResult(ws);
      ws.send(JSON.stringify({ type: 'call', id: 2, method: 'users.list', input: {}, token }));
      expect(await reply).toMatchObject({ id: 2, ok: true, output: [expect.objectContaining({ username: 'alice' })] });

      const before = rowCount(engine, 'users');
      reply = nextResult(ws);
      ws.send(JSON.stringify({ type: 'call', id: 3, method: 'users.create', input: { username: 'x', displayName: 'y'.repeat(10_000) }, token }));
      expect(await reply).toMatchObject({ id: 3, ok: false, error: { code: 'BAD_INPUT' } });
      expect(rowCount(engine, 'users')).toBe(before);
    } finally {
      ws.close();
    }
  });

  it('pushes events meant for this window’s session', async () => {
    const ws = await trustedSocket();
    try {
      const reply = nextResult(ws);
      ws.send(JSON.stringify({ type: 'call', id: 1, method: 'auth.signIn', input: { username: TEST_ADMIN.username, password: TEST_ADMIN.password }, token: null }));
      const signedIn = await reply;
      const token = signedIn.ok ? (signedIn.output as { token: string }).token : '';
      const event = new Promise<ServerFrame>((resolve) => ws.on('message', (d: Buffer) => {
        const frame = JSON.parse(d.toString()) as ServerFrame;
        if (frame.type === 'event') resolve(frame);
      }));
      ws.send(JSON.stringify({ type: 'call', id: 2, method: 'auth.lock', input: {}, token }));
      expect(await event).toEqual({ type: 'event', topic: 'session.locked', payload: { reason: 'manual' } });
    } finally {
      ws.close();
    }
  });
});

describe('browser mode: events', () => {
  /** Every event frame the socket receives from now on. */
  function eventsOf(ws: WebSocket): { topic: string; payload: unknown }[] {
    const seen: { topic: string; payload: unknown }[] = [];
    ws.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as ServerFrame;
      if (frame.type === 'event') seen.push({ topic: frame.topic, payload: frame.payload });
    });
    return seen;
  }

  /** The topics seen, each once, in order of first arrival (a backup changes data of several kinds). */
  const topicsOf = (seen: { topic: string }[]) => [...new Set(seen.map((e) => e.topic))].sort();

  let nextId = 100;
  /** A call over the socket, answered. Events the engine sent before it arrive before its answer. */
  async function roundTrip(ws: WebSocket, method: string, input: unknown, token: string | null) {
    const reply = nextResult(ws);
    ws.send(JSON.stringify({ type: 'call', id: nextId++, method, input, token }));
    return reply;
  }

  /** A socket signed in as the renderer does it: sign in, then every call carries the token. */
  async function signedInSocket(username: string, password: string): Promise<{ ws: WebSocket; token: string }> {
    const ws = await trustedSocket();
    const signedIn = await roundTrip(ws, 'auth.signIn', { username, password }, null);
    const token = signedIn.ok ? (signedIn.output as { token: string }).token : '';
    expect((await roundTrip(ws, 'auth.session', {}, token)).ok).toBe(true);
    return { ws, token };
  }

  /** Every broadcast this engine makes without devices, plus a device message through the same bus. */
  async function broadcastEverything(): Promise<void> {
    await call(engine, 'backup.now', {}, adminToken);
    await call(engine, 'settings.update', { backupKeep: 5 }, adminToken);
    engine.events.emit('devices.changed', { deviceId: '/dev/hidraw3', message: 'Elitech RC-4 plugged in' });
    engine.events.emit('readings.stored', { sensorIds: ['s-1'] });
  }

  it('a socket holding the launch key but no session receives none of them', async () => {
    const stranger = await trustedSocket();
    const admin = await signedInSocket(TEST_ADMIN.username, TEST_ADMIN.password);
    try {
      const strangerSaw = eventsOf(stranger);
      const adminSaw = eventsOf(admin.ws);
      expect((await roundTrip(stranger, 'setup.status', {}, null)).ok).toBe(true);

      await broadcastEverything();
      await roundTrip(stranger, 'setup.status', {}, null);
      await roundTrip(admin.ws, 'auth.session', {}, admin.token);

      expect(strangerSaw).toEqual([]);
      expect(topicsOf(adminSaw)).toEqual(['backup.finished', 'data.changed', 'devices.changed', 'readings.stored']);
    } finally {
      stranger.close();
      admin.ws.close();
    }
  });

  it('a STAFF session does not receive backup.finished (it names the backup file); an administrator’s does', async () => {
    await addUser(engine, adminToken, { username: 'sam', role: 'STAFF' });
    const staff = await signedInSocket('sam', TEST_PASSWORD);
    const admin = await signedInSocket(TEST_ADMIN.username, TEST_ADMIN.password);
    try {
      const staffSaw = eventsOf(staff.ws);
      const adminSaw = eventsOf(admin.ws);
      await broadcastEverything();
      await roundTrip(staff.ws, 'auth.session', {}, staff.token);
      await roundTrip(admin.ws, 'auth.session', {}, admin.token);

      expect(topicsOf(staffSaw)).toEqual(['data.changed', 'devices.changed', 'readings.stored']);
      expect(adminSaw.filter((e) => e.topic === 'backup.finished')).toEqual([{ topic: 'backup.finished', payload: { ok: true, message: expect.stringMatching(/^Backed up to .+\.db$/) } }]);
    } finally {
      staff.ws.close();
      admin.ws.close();
    }
  });

  it('a locked session receives no broadcasts until it is unlocked', async () => {
    const admin = await signedInSocket(TEST_ADMIN.username, TEST_ADMIN.password);
    try {
      const saw = eventsOf(admin.ws);
      await roundTrip(admin.ws, 'auth.lock', {}, admin.token);
      await broadcastEverything();
      await roundTrip(admin.ws, 'auth.session', {}, admin.token);
      expect(topicsOf(saw)).toEqual(['session.locked']);

      expect((await roundTrip(admin.ws, 'auth.unlock', { password: TEST_ADMIN.password }, admin.token)).ok).toBe(true);
      saw.length = 0;
      await broadcastEverything();
      await roundTrip(admin.ws, 'auth.session', {}, admin.token);
      expect(topicsOf(saw)).toContain('backup.finished');
    } finally {
      admin.ws.close();
    }
  });
});
