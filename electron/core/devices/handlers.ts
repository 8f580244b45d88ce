import type { CallContext } from '../context';
import type { HandlerMap } from '../handler';
import { sessionUser } from '../auth/session-info';
import { requireStationGrant, stationLocationNotGranted } from '../station/station-scope';
import { notWatchingDevices } from './device-errors';
import type { DevicesPort } from './devices-port';

function watching(call: CallContext): DevicesPort {
  const devices = call.ctx.devices();
  if (!devices) throw notWatchingDevices();
  return devices;
}

export const deviceHandlers: HandlerMap<
  'devices.list' | 'devices.download' | 'devices.demoPlug' | 'devices.demoUnplug' | 'devices.setProbes' | 'devices.changeProbeAddress'
> = {
  'devices.list'(_input, call) {
    const devices = call.ctx.devices();
    const demoMode = devices?.demoMode ?? false;
    const notGranted = call.session ? stationLocationNotGranted(call.ctx, sessionUser(call.ctx, call.session)) : null;
    if (notGranted !== null) return { devices: [], demoMode, stationLocationNotGranted: notGranted };
    return { devices: devices?.list() ?? [], demoMode, stationLocationNotGranted: null };
  },

  /** The audit entry is written with the readings, in one transaction (see storeLoggerDownload). */
  'devices.download'({ deviceId }, call) {
    requireStationGrant(call, 'download its loggers');
    return watching(call).download(deviceId, call.actor());
  },

  async 'devices.demoPlug'({ device }, call) {
    requireStationGrant(call, 'plug in its demo devices');
    return { deviceId: await watching(call).demoPlug(device) };
  },

  async 'devices.demoUnplug'({ deviceId }, call) {
    requireStationGrant(call, 'unplug its demo devices');
    await watching(call).demoUnplug(deviceId);
    return { unplugged: true as const };
  },

  'devices.setProbes'({ deviceId, probes }, call) {
    requireStationGrant(call, 'set up its probes');
    return watching(call).setProbes(deviceId, probes, (draft, write) => call.commit(draft, write));
  },

  /** The probe is moved on the bus first; the audit entry and the stored list follow only if it moved. */
  'devices.changeProbeAddress'({ deviceId, address, newAddress }, call) {
    requireStationGrant(call, 'change its probe addresses');
    return watching(call).changeProbeAddress(deviceId, address, newAddress, (draft, write) => call.commit(draft, write));
  },
};
