import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallResult, SessionInfo, Topic } from '../../../domain/contract';
import { DB_FILE_NAME } from '../engine';
import type { EventTarget } from '../events';
import { silentLogger } from '../logger';
import { TEST_ADMIN, openTestEngine, tempDataDir } from '../testing/test-engine';
import { TEST_HOST_TUNING, TEST_ORGANIZATION, forkNodeHost } from '../testing/test-host';
import { EngineHostClient } from './engine-host-client';
import type { ToHostMessage } from './host-protocol';
import { childProcessPort } from './node-ports';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** The Node entry in a child process with a client on this side: what main.ts has with a utilityProcess. */
function startChildHost() {
  const temp = tempDataDir();
  const host = forkNodeHost();
  const client = new EngineHostClient(childProcessPort<ToHostMessage>(host.child), silentLogger);
  host.child.once('exit', () => client.hostGone());
  cleanups.push(temp.cleanup, () => host.child.kill('SIGKILL'));
  return { ...host, client, dataDir: temp.dir };
}

function output<T>(result: CallResult): T {
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
  return result.output as T;
}

function nextEvent(client: EngineHostClient, topic: Topic): Promise<{ payload: unknown; target: EventTarget }> {
  return new Promise((resolve) => {
    const stop = client.onEvent((t, payload, target) => {
      if (t !== topic) return;
      stop();
      resolve({ payload, target });
    });
  });
}

describe('the engine host in a separate Node process', () => {
  it('answers the contract across the process boundary, forwards events, survives a malformed message, and exits 0 on stop', async () => {
    const { child, client, dataDir, stderrIncludes, exited } = startChildHost();
    await client.start({ dataDir, tuning: TEST_HOST_TUNING });
    expect(child.pid).not.toBe(process.pid);

    expect(output(await client.call({ method: 'setup.status', input: {}, token: null }))).toEqual({ isSetUp: false, organizationName: null, deviceLocationName: null });
    const changed = nextEvent(client, 'data.changed');
    output<SessionInfo>(await client.call({ method: 'setup.create', input: TEST_ORGANIZATION, token: null }));
    expect(await changed).toMatchObject({ target: 'all' });

    const session = output<SessionInfo>(await client.call({ method: 'auth.signIn', input: { username: TEST_ADMIN.username, password: TEST_ADMIN.password }, token: null }));
    const users = output<{ username: string; role: string }[]>(await client.call({ method: 'users.list', input: {}, token: session.token }));
    expect(users).toEqual([expect.objectContaining({ username: TEST_ADMIN.username, role: 'TENANT_ADMIN' })]);

    // A session's event carries its target across, so the shell can keep it to the window holding the token.
    const locked = nextEvent(client, 'session.locked');
    output(await client.call({ method: 'auth.lock', input: {}, token: session.token }));
    expect(await locked).toEqual({ payload: { reason: 'manual' }, target: { token: session.token } });

    const answered = new Promise<unknown>((resolve) => child.on('message', (m: { type?: string; id?: number }) => m.type === 'result' && m.id === 9_999 && resolve(m)));
    const logged = stderrIncludes('refused a malformed message from the shell');
    child.send('not a message');
    child.send({ type: 'call', id: 9_999, request: { method: 'setup.status', input: {}, token: 7 } });
    expect(await answered).toMatchObject({ result: { ok: false, error: { code: 'BAD_INPUT' } } });
    await logged;
    expect(output(await client.call({ method: 'setup.status', input: {}, token: null }))).toMatchObject({ isSetUp: true, organizationName: 'Bistro Group' });

    expect(await client.stop(10_000)).toBe(true);
    expect(await exited).toEqual({ code: 0, signal: null });
  });

  it('a data folder from a newer version is reported to the shell, and the child exits 1 instead of crashing', async () => {
    const { client, dataDir, exited } = startChildHost();
    const engine = await openTestEngine({ dataDir });
    engine.close();
    const newer = new BetterSqlite3(join(dataDir, DB_FILE_NAME));
    newer.prepare('INSERT INTO kysely_migration (name, timestamp) VALUES (?, ?)').run('999-from-a-newer-version', new Date().toISOString());
    newer.close();

    await expect(client.start({ dataDir, tuning: TEST_HOST_TUNING })).rejects.toThrow(/newer version of OpsFlow/);
    expect(await exited).toEqual({ code: 1, signal: null });
  });

  it('closes the engine and exits 0 when the shell goes away without a stop', async () => {
    const { child, client, dataDir, exited } = startChildHost();
    await client.start({ dataDir, tuning: TEST_HOST_TUNING });
    output(await client.call({ method: 'setup.create', input: TEST_ORGANIZATION, token: null }));
    child.disconnect();
    expect(await exited).toEqual({ code: 0, signal: null });

    const engine = await openTestEngine({ dataDir });
    cleanups.push(() => engine.close());
    expect(await engine.dispatch({ method: 'setup.status', input: {}, token: null })).toMatchObject({ ok: true, output: { isSetUp: true } });
  });
});
