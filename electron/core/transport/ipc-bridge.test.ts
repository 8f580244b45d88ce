import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine';
import { TEST_ADMIN, TEST_PASSWORD, addUser, call, openTestEngine, setUpOrganization, tempDataDir } from '../testing/test-engine';
import { IpcBridge, isTrustedSender } from './ipc-bridge';

const INDEX = 'file:///opt/OpsFlow/resources/app.asar/dist/renderer/index.html';

let engine: Engine;
let adminToken: string;
let cleanup: () => void;
beforeAll(async () => {
  const temp = tempDataDir();
  cleanup = temp.cleanup;
  engine = await openTestEngine({ dataDir: temp.dir });
  adminToken = (await setUpOrganization(engine)).token;
});
afterAll(() => {
  engine.close();
  cleanup();
});

describe('the Electron IPC bridge', () => {
  it('trusts only our own page loaded from our own file', () => {
    expect(isTrustedSender(INDEX, INDEX)).toBe(true);
    expect(isTrustedSender(`${INDEX}#/users`, INDEX)).toBe(true);
    expect(isTrustedSender('https://evil.example/index.html', INDEX)).toBe(false);
    expect(isTrustedSender('file:///tmp/evil/index.html', INDEX)).toBe(false);
    expect(isTrustedSender('http://127.0.0.1:5173/dist/renderer/index.html', INDEX)).toBe(false);
    expect(isTrustedSender(undefined, INDEX)).toBe(false);
    expect(isTrustedSender('not a url', INDEX)).toBe(false);
  });

  it('a call from another page is refused with FORBIDDEN before it reaches the engine', async () => {
    const bridge = new IpcBridge(engine);
    const result = await bridge.call('https://evil.example/', INDEX, { method: 'auth.signIn', input: { username: 'alice', password: TEST_ADMIN.password }, token: null });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('a malformed request gets BAD_INPUT; a good one is answered by the engine', async () => {
    const bridge = new IpcBridge(engine);
    expect(await bridge.call(INDEX, INDEX, { method: 42, input: {}, token: null })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await bridge.call(INDEX, INDEX, { method: 'setup.status', input: {}, token: 7 })).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await bridge.call(INDEX, INDEX, { method: 'setup.status', input: {}, token: null })).toMatchObject({ ok: true, output: { isSetUp: true } });
  });

  it('forwards broadcasts only to a window holding a session allowed them: none before sign-in, no backup.finished to STAFF', async () => {
    const signedOut = new IpcBridge(engine);
    const staffWindow = new IpcBridge(engine);
    const adminWindow = new IpcBridge(engine);
    const seen = { signedOut: [] as string[], staff: [] as string[], admin: [] as string[] };
    const stops = [
      signedOut.onEvent((topic) => seen.signedOut.push(topic)),
      staffWindow.onEvent((topic) => seen.staff.push(topic)),
      adminWindow.onEvent((topic) => seen.admin.push(topic)),
    ];
    try {
      await addUser(engine, adminToken, { username: 'sam', role: 'STAFF' });
      const signIn = async (bridge: IpcBridge, username: string, password: string) => {
        const result = await bridge.call(INDEX, INDEX, { method: 'auth.signIn', input: { username, password }, token: null });
        const token = result.ok ? (result.output as { token: string }).token : null;
        // The renderer sends its token with every call from then on; the bridge learns it from them.
        await bridge.call(INDEX, INDEX, { method: 'auth.session', input: {}, token });
      };
      await signedOut.call(INDEX, INDEX, { method: 'setup.status', input: {}, token: null });
      await signIn(staffWindow, 'sam', TEST_PASSWORD);
      await signIn(adminWindow, TEST_ADMIN.username, TEST_ADMIN.password);

      await call(engine, 'backup.now', {}, adminToken);
      engine.events.emit('devices.progress', { deviceId: '/dev/hidraw3', done: 100, total: 2000, etaMs: 900 });

      expect(seen.signedOut).toEqual([]);
      expect([...new Set(seen.staff)].sort()).toEqual(['data.changed', 'devices.progress']);
      expect([...new Set(seen.admin)].sort()).toEqual(['backup.finished', 'data.changed', 'devices.progress']);
    } finally {
      for (const stop of stops) stop();
    }
  });

  it('forwards to its window only the events of sessions that window holds', async () => {
    const mine = new IpcBridge(engine);
    const other = new IpcBridge(engine);
    const received: { window: string; topic: string }[] = [];
    const stopMine = mine.onEvent((topic) => received.push({ window: 'mine', topic }));
    const stopOther = other.onEvent((topic) => received.push({ window: 'other', topic }));
    try {
      const signedIn = await mine.call(INDEX, INDEX, { method: 'auth.signIn', input: { username: 'alice', password: TEST_ADMIN.password }, token: null });
      const token = signedIn.ok ? (signedIn.output as { token: string }).token : null;
      await mine.call(INDEX, INDEX, { method: 'auth.lock', input: {}, token });
      expect(received.filter((e) => e.topic === 'session.locked')).toEqual([{ window: 'mine', topic: 'session.locked' }]);
    } finally {
      stopMine();
      stopOther();
    }
  });
});
