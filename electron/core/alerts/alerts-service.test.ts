import { afterEach, expect, it, vi } from 'vitest';
import type { Engine } from '../engine';
import { storeReadings } from '../readings/store-readings';
import { ensureSensor } from '../sensors/sensors';
import { useDeviceClock } from '../testing/device-clock';
import { addUser, call, openTestEngine, setUpOrganization, tempDataDir } from '../testing/test-engine';

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

it('the running engine raises the alert as soon as the warm readings are stored, and escalates it by itself when nobody acknowledges', async () => {
  const dir = tempDataDir();
  cleanup = dir.cleanup;
  engine = await openTestEngine({ dataDir: dir.dir, timers: true, devices: false });
  const admin = await setUpOrganization(engine);
  await call(engine, 'settings.update', { idleLockMinutes: 240 }, admin.token);
  await addUser(engine, admin.token, { username: 'lena', role: 'LOCATION_MANAGER', displayName: 'Lena Manager' });
  const ctx = engine.context;
  const sensorId = ensureSensor(ctx, { deviceSerial: 'RC4-1', deviceFamily: 'elitech', channel: 'internal' }, { name: 'Walk-in logger' });
  const unit = await call(engine, 'haccp.addUnit', { name: 'Walk-in', type: 'walk-in-cooler', alarmDelayMin: 15 }, admin.token);
  await call(engine, 'haccp.assignSensor', { sensorId, unitId: unit.id }, admin.token);

  // A download: the last 20 minutes at 8 °C.
  const now = Date.now();
  storeReadings(ctx, sensorId, 'download', Array.from({ length: 21 }, (_, i) => ({ atMs: now - (20 - i) * MINUTE, rawCentiC: i === 0 ? 400 : 800 })));
  await vi.advanceTimersByTimeAsync(0);
  const [alert] = await call(engine, 'alerts.list', {}, admin.token);
  expect(alert).toMatchObject({ title: 'Walk-in out of range', escalatedAtMs: null });

  await vi.advanceTimersByTimeAsync(14 * MINUTE);
  expect((await call(engine, 'alerts.list', {}, admin.token))[0]!.escalatedAtMs).toBeNull();
  await vi.advanceTimersByTimeAsync(2 * MINUTE);
  expect((await call(engine, 'alerts.list', {}, admin.token))[0]).toMatchObject({ escalatedTo: 'Lena Manager' });
});
