import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeviceAccess } from './devices/device-manager';
import { SimulatedDeviceAccess } from './devices/simulators/simulated-device-access';
import { SERVICE_STOP_GRACE_MS } from './engine';
import { useDeviceClock } from './testing/device-clock';
import { openTestEngine, setUpOrganization, startDevices, tempDataDir } from './testing/test-engine';

useDeviceClock();

const temps: { cleanup: () => void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.cleanup()));

/** This PC's devices, as a machine whose USB listing never answers (a wedged driver) shows them. */
function accessWithStuckUsbListing(): DeviceAccess {
  const access = new SimulatedDeviceAccess();
  access.listUsb = () => new Promise(() => {});
  return access;
}

async function engineWatching(access: DeviceAccess) {
  const temp = tempDataDir();
  temps.push(temp);
  const engine = await openTestEngine({ dataDir: temp.dir });
  await setUpOrganization(engine);
  await startDevices(engine, { access });
  return engine;
}

describe('quitting', () => {
  it('does not hang on a device listing that never answers: the database closes after the grace', async () => {
    const engine = await engineWatching(accessWithStuckUsbListing());
    let closed = false;
    const shutdown = engine.shutdown().then(() => (closed = true));

    await vi.advanceTimersByTimeAsync(SERVICE_STOP_GRACE_MS - 1);
    expect(closed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await shutdown;
    expect(closed).toBe(true);
    expect(engine.context.sqlite.open).toBe(false);
  });

  it('closes at once when the services stop by themselves', async () => {
    const engine = await engineWatching(new SimulatedDeviceAccess());
    let closed = false;
    const shutdown = engine.shutdown().then(() => (closed = true));
    await vi.advanceTimersByTimeAsync(0);
    await shutdown;
    expect(closed).toBe(true);
    expect(engine.context.sqlite.open).toBe(false);
  });
});
