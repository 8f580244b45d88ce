import { afterEach, expect, it, vi } from 'vitest';
import { TEMPLATE_PRESETS } from '../../../domain/haccp/checklist-templates';
import type { Engine } from '../engine';
import { FLOUR, addItem } from '../inventory/inventory-fixture';
import { useDeviceClock } from '../testing/device-clock';
import { TEST_ADMIN, call, openTestEngine, setUpOrganization, tempDataDir } from '../testing/test-engine';

// The engine's timers and Date are fake: the clock moves only when the test moves it.
useDeviceClock();

const MINUTE = 60_000;
let engine: Engine | undefined;
let cleanup: (() => void) | undefined;
afterEach(() => {
  engine?.close();
  cleanup?.();
  engine = undefined;
});

async function runningEngine() {
  const dir = tempDataDir();
  cleanup = dir.cleanup;
  engine = await openTestEngine({ dataDir: dir.dir, timers: true, devices: false });
  const admin = await setUpOrganization(engine);
  await call(engine, 'settings.update', { idleLockMinutes: 240 }, admin.token);
  return { engine, token: admin.token, locationId: admin.user.locationIds[0]! };
}

const alertsOf = async (e: Engine, token: string, kind: string) => (await call(e, 'alerts.list', { state: 'all' }, token)).filter((a) => a.kind === kind);
/** Hours pass between steps, longer than the idle lock: the admin signs in afresh. */
const signIn = async (e: Engine) => (await call(e, 'auth.signIn', { username: TEST_ADMIN.username, password: TEST_ADMIN.password })).token;

it('a checklist not done by its due time raises "checklist missed" on the minute timer; completing it late ends the condition', async () => {
  // 05:00 in New York on 22 Nov 2026: the opening checks open at 06:00 and are due at 10:00.
  vi.setSystemTime(Date.UTC(2026, 10, 22, 10, 0));
  const { engine } = await runningEngine();
  let token = await signIn(engine);
  const template = await call(engine, 'checklists.saveTemplate', { ...TEMPLATE_PRESETS.opening, kind: 'opening', active: true }, token);

  await vi.advanceTimersByTimeAsync(5 * 60 * MINUTE - MINUTE); // 09:59: still open, no alert
  token = await signIn(engine);
  expect(await alertsOf(engine, token, 'checklistMissed')).toEqual([]);
  await vi.advanceTimersByTimeAsync(2 * MINUTE); // 10:01
  const [missed] = await alertsOf(engine, token, 'checklistMissed');
  expect(missed).toMatchObject({ title: 'Checklist missed: Opening checks (AM)', severity: 'warning', endedAtMs: null });

  await vi.advanceTimersByTimeAsync(30 * MINUTE);
  const answers = template.items.map((item) => ({ itemId: item.id, value: item.type === 'temperature' ? 300 : item.type === 'yesNo' ? true : item.type === 'number' ? 100 : 'ok', failAction: null }));
  await call(engine, 'checklists.complete', { templateId: template.id, day: '2026-11-22', slot: 0, answers, note: '' }, token);
  await vi.advanceTimersByTimeAsync(0);
  const [ended] = await alertsOf(engine, token, 'checklistMissed');
  expect(ended!.endedAtMs).toBe(Date.now());
  expect(ended!.detail).toMatch(/Completed late at Nov 22, 10:31\.$/);
  // Still open until someone acknowledges it: a compliance event is never silently dropped.
  expect(ended!.closedAtMs).toBeNull();
});

it('an item below its reorder point raises "low stock"; restocking ends it, and running low again is a new alert', async () => {
  vi.setSystemTime(Date.UTC(2026, 10, 22, 15, 0));
  const { engine, token, locationId } = await runningEngine();
  const flour = await addItem(engine, token, FLOUR);
  await vi.advanceTimersByTimeAsync(0);
  const [low] = await alertsOf(engine, token, 'lowStock');
  expect(low).toMatchObject({ title: 'Low stock: Flour', severity: 'warning', endedAtMs: null });

  await call(engine, 'inventory.receive', { locationId, supplierId: null, note: '', lines: [{ itemId: flour, packName: 'sack', qty: 2, lot: '', expiresOn: null }] }, token);
  await vi.advanceTimersByTimeAsync(0);
  expect((await alertsOf(engine, token, 'lowStock'))[0]).toMatchObject({ id: low!.id, endedAtMs: Date.now() });
  await call(engine, 'alerts.acknowledge', { alertId: low!.id }, token);

  await vi.advanceTimersByTimeAsync(MINUTE);
  await call(engine, 'inventory.use', { locationId, itemId: flour, packName: 'kg', qty: 30, note: '' }, token);
  await vi.advanceTimersByTimeAsync(0);
  const again = (await alertsOf(engine, token, 'lowStock')).filter((a) => a.endedAtMs === null);
  expect(again).toHaveLength(1);
  expect(again[0]!.id).not.toBe(low!.id);
});

it('a lot expiring within two days warns; once expired with stock left it is critical', async () => {
  vi.setSystemTime(Date.UTC(2026, 10, 22, 15, 0));
  const { engine, token, locationId } = await runningEngine();
  const flour = await addItem(engine, token, { ...FLOUR, reorderPointBase: 0, parBase: 0 });
  await call(engine, 'inventory.receive', { locationId, supplierId: null, note: '', lines: [{ itemId: flour, packName: 'sack', qty: 1, lot: 'L7', expiresOn: '2026-11-23' }] }, token);
  await vi.advanceTimersByTimeAsync(0);
  expect((await alertsOf(engine, token, 'expiringStock')).map((a) => [a.title, a.severity, a.endedAtMs])).toEqual([['Expiring soon: Flour (lot L7)', 'warning', null]]);

  vi.setSystemTime(Date.now() + 2 * 24 * 60 * MINUTE);
  await vi.advanceTimersByTimeAsync(MINUTE);
  const after = await alertsOf(engine, await signIn(engine), 'expiringStock');
  expect(after.map((a) => [a.title, a.severity, a.endedAtMs === null])).toEqual(
    expect.arrayContaining([
      ['Expiring soon: Flour (lot L7)', 'warning', false],
      ['Expired: Flour (lot L7)', 'critical', true],
    ]),
  );
});
