import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallResult, EventMap, SessionInfo, Topic } from '../../../domain/contract';
import { DB_FILE_NAME } from '../engine';
import type { EventAudience, EventTarget } from '../events';
import { silentLogger, type Logger } from '../logger';
import { TEST_ADMIN, openTestEngine, tempDataDir } from '../testing/test-engine';
import { TEST_HOST_TUNING, TEST_ORGANIZATION, memoryPortPair } from '../testing/test-host';
import { SECRET_KEY_FILE } from '../secrets/key-file';
import { IpcBridge } from '../transport/ipc-bridge';
import { serveEngine, type EngineHost } from './engine-host';
import { EngineHostClient } from './engine-host-client';
import type { FromHostMessage, ToHostMessage } from './host-protocol';

const INDEX = 'file:///opt/OpsFlow/resources/app.asar/dist/renderer/index.html';

/** A logger that keeps its lines, to check what the host says about a refused message. */
function capturingLogger(): { log: Logger; lines: () => { level: number; msg: string; reason?: string }[] } {
  const raw: string[] = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => void raw.push(line) });
  return { log, lines: () => raw.map((line) => JSON.parse(line)) };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A host and a client joined by an in-memory port pair: the protocol without a process. */
function hostAndClient(log: Logger = silentLogger) {
  const [clientPort, hostPort] = memoryPortPair<ToHostMessage, FromHostMessage>();
  const host: EngineHost = serveEngine(hostPort, log);
  const client = new EngineHostClient(clientPort, log);
  const temp = tempDataDir();
  cleanups.push(temp.cleanup, async () => {
    await client.stop(5_000);
  });
  return { host, client, clientPort, dataDir: temp.dir };
}

function output<T>(result: CallResult): T {
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
  return result.output as T;
}

function nextEvent(client: EngineHostClient, topic: Topic): Promise<{ payload: EventMap[Topic]; target: EventTarget; audience: EventAudience }> {
  return new Promise((resolve) => {
    const stop = client.onEvent((t, payload, target, audience) => {
      if (t !== topic) return;
      stop();
      resolve({ payload, target, audience });
    });
  });
}

describe('the engine host, over an in-memory port', () => {
  it('answers the contract: setup, sign-in, then a signed-in call', async () => {
    const { client, dataDir } = hostAndClient();
    await client.start({ dataDir, tuning: TEST_HOST_TUNING });

    expect(output(await client.call({ method: 'setup.status', input: {}, token: null }))).toMatchObject({ isSetUp: false });
    const changed = nextEvent(client, 'data.changed');
    const admin = output<SessionInfo>(await client.call({ method: 'setup.create', input: TEST_ORGANIZATION, token: null }));
    expect((await changed).target).toBe('all');

    const session = output<SessionInfo>(await client.call({ method: 'auth.signIn', input: { username: TEST_ADMIN.username, password: TEST_ADMIN.password }, token: null }));
    expect(session.token).not.toBe(admin.token);
    const users = output<{ username: string }[]>(await client.call({ method: 'users.list', input: {}, token: session.token }));
    expect(users.map((u) => u.username)).toEqual([TEST_ADMIN.username]);
    expect(await client.call({ method: 'users.list', input: {}, token: null })).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
  });

  it('seals secrets with the key the shell passed (the OS keystore): no key file is made in the data folder', async () => {
    const { client, dataDir } = hostAndClient();
    await client.start({ dataDir, tuning: TEST_HOST_TUNING, secretKeyBase64: randomBytes(32).toString('base64') });
    const admin = output<SessionInfo>(await client.call({ method: 'setup.create', input: TEST_ORGANIZATION, token: null }));
    const enrollment = output<{ secretBase32: string }>(
      await client.call({ method: 'account.beginTotp', input: { currentPassword: TEST_ADMIN.password }, token: admin.token }),
    );
    expect(enrollment.secretBase32).toMatch(/^[A-Z2-7]+=*$/);
    expect(existsSync(join(dataDir, SECRET_KEY_FILE))).toBe(false);
  });

  it('an event for one session reaches only the window that holds its token, as with the engine in-process', async () => {
    const { client, dataDir } = hostAndClient();
    await client.start({ dataDir, tuning: TEST_HOST_TUNING });
    output(await client.call({ method: 'setup.create', input: TEST_ORGANIZATION, token: null }));
    const mine = new IpcBridge(client.endpoint);
    const other = new IpcBridge(client.endpoint);
    const received: string[] = [];
    cleanups.push(mine.onEvent((topic) => received.push(`mine ${topic}`)), other.onEvent((topic) => received.push(`other ${topic}`)));

    const session = output<SessionInfo>(await mine.call(INDEX, INDEX, { method: 'auth.signIn', input: { username: TEST_ADMIN.username, password: TEST_ADMIN.password }, token: null }));
    const locked = nextEvent(client, 'session.locked');
    output(await mine.call(INDEX, INDEX, { method: 'auth.lock', input: {}, token: session.token }));
    expect((await locked).target).toEqual({ token: session.token });
    expect(received.filter((e) => e.endsWith('session.locked'))).toEqual(['mine session.locked']);
  });

  it('a broadcast carries its audience across, so a window that has not signed in gets none of it', async () => {
    const { client, dataDir } = hostAndClient();
    await client.start({ dataDir, tuning: TEST_HOST_TUNING });
    const admin = output<SessionInfo>(await client.call({ method: 'setup.create', input: TEST_ORGANIZATION, token: null }));
    const signedIn = new IpcBridge(client.endpoint);
    const signedOut = new IpcBridge(client.endpoint);
    const received: string[] = [];
    cleanups.push(signedIn.onEvent((topic) => received.push(`signed in ${topic}`)), signedOut.onEvent((topic) => received.push(`signed out ${topic}`)));
    await signedOut.call(INDEX, INDEX, { method: 'setup.status', input: {}, token: null });
    await signedIn.call(INDEX, INDEX, { method: 'auth.session', input: {}, token: admin.token });

    const finished = nextEvent(client, 'backup.finished');
    output(await signedIn.call(INDEX, INDEX, { method: 'backup.now', input: {}, token: admin.token }));
    expect(await finished).toMatchObject({ target: 'all', audience: [admin.token] });
    expect(received.filter((e) => e.startsWith('signed out'))).toEqual([]);
    expect(received).toContain('signed in backup.finished');
  });

  it('refuses and logs a malformed message, answers a malformed call with BAD_INPUT, and goes on serving', async () => {
    const logger = capturingLogger();
    const { client, clientPort, dataDir } = hostAndClient(logger.log);
    await client.start({ dataDir, tuning: TEST_HOST_TUNING });
    const results: unknown[] = [];
    clientPort.onMessage((message) => results.push(message));

    clientPort.postMessage('not a message' as never);
    clientPort.postMessage({ type: 'launch', missiles: true } as never);
    clientPort.postMessage({ type: 'call', id: 41, request: { method: 'setup.status', input: {}, token: 7 } } as never);
    expect(await client.call({ method: 'setup.status', input: {}, token: null })).toMatchObject({ ok: true, output: { isSetUp: false } });

    expect(results).toContainEqual({ type: 'result', id: 41, result: { ok: false, error: { code: 'BAD_INPUT', message: 'The request was not understood.' } } });
    const refusals = logger.lines().filter((l) => l.msg === 'refused a malformed message from the shell');
    expect(refusals).toHaveLength(3);
    expect(refusals.map((l) => l.reason)).toContainEqual(expect.stringContaining('request.token'));
  });

  it('refuses calls until it is started, and a second start', async () => {
    const logger = capturingLogger();
    const { client, clientPort, dataDir } = hostAndClient(logger.log);
    expect(await client.call({ method: 'setup.status', input: {}, token: null })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    await client.start({ dataDir, tuning: TEST_HOST_TUNING });
    clientPort.postMessage({ type: 'start', options: { dataDir: join(dataDir, 'elsewhere') } });
    expect(await client.call({ method: 'setup.status', input: {}, token: null })).toMatchObject({ ok: true });
    expect(logger.lines().map((l) => l.msg)).toContain('refused a second start message');
  });

  it('on stop, lets a running call finish, closes the engine, says stopped, and is done with exit code 0', async () => {
    const { host, client, dataDir } = hostAndClient();
    await client.start({ dataDir, tuning: TEST_HOST_TUNING });
    const running = client.call({ method: 'setup.create', input: TEST_ORGANIZATION, token: null });
    expect(await client.stop(10_000)).toBe(true);
    expect(await running).toMatchObject({ ok: true });
    expect(await host.done).toBe(0);
    expect(await client.call({ method: 'setup.status', input: {}, token: null })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });

    // What the call that was running when the stop came wrote is there.
    const engine = await openTestEngine({ dataDir });
    cleanups.push(() => engine.close());
    expect(await engine.dispatch({ method: 'setup.status', input: {}, token: null })).toMatchObject({ ok: true, output: { isSetUp: true } });
  });

  it('reports a data folder from a newer version as a fatal message, not a crash, and is done with exit code 1', async () => {
    const { host, client, dataDir } = hostAndClient();
    const engine = await openTestEngine({ dataDir });
    engine.close();
    const newer = new BetterSqlite3(join(dataDir, DB_FILE_NAME));
    newer.prepare('INSERT INTO kysely_migration (name, timestamp) VALUES (?, ?)').run('999-from-a-newer-version', new Date().toISOString());
    newer.close();

    await expect(client.start({ dataDir, tuning: TEST_HOST_TUNING })).rejects.toThrow(/newer version of OpsFlow/);
    expect(await host.done).toBe(1);
    expect(await client.call({ method: 'setup.status', input: {}, token: null })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
