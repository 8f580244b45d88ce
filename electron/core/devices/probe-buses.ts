import type { ProbeSetting } from '../../../domain/contract/devices';
import { OpsFlowError } from '../../../domain/errors';
import type { StationSettings } from '../station/station-settings';
import type { ConnectedDevice, DeviceManager } from './device-manager';
import type { Commit } from './devices-port';
import { deviceLabel, probeSensorSerial } from './device-views';
import type { ModbusProbe } from './modbus-driver';
import { DEFAULT_PROBES, describeProbes, probeBusKey, probeSetting, storedProbes, storeProbes } from './probe-settings';
import type { DemoDevices } from './simulators/demo-devices';
import type { SerialListing } from './transport';
import { deviceGone, deviceStillIdentifying } from './device-errors';

/**
 * The probes on each RS-485 adapter: which addresses a bus polls when it is plugged in (as edited
 * for this PC, or the default), and the two changes a person makes on the Devices screen, setting
 * the list and moving a probe to another address. Both are audited with the list they keep.
 */

/** What of the device manager a bus needs. */
export type ProbeBusManager = Pick<DeviceManager, 'devices' | 'probes' | 'setProbes' | 'changeProbeAddress'>;

export interface ProbeBusesOptions {
  /** The manager watching now; throws when none is. */
  manager(): ProbeBusManager;
  settings(): StationSettings;
  /** Probes on an adapter outside demo mode until a list is stored for it; one XY-MD02 at address 1 when not given. */
  modbusProbes?: (port: SerialListing) => ModbusProbe[];
  /** A probe answers at a new address: its sensors (named by the old serial) take the new one, in the same write. */
  moveSensors(fromSerial: string, toSerial: string): void;
}

/** A bus after a change: the probes it polls now, and a sentence for the screen. */
export interface ProbeChange {
  device: ConnectedDevice;
  polled: ProbeSetting[];
  message: string;
}

export class ProbeBuses {
  private demo: DemoDevices | null = null;
  /** Demo mode only: the probe list as edited on the Devices screen; kept in memory, like the demo bus itself. */
  private demoProbes: ModbusProbe[] | null = null;
  private closed = false;

  constructor(private readonly options: ProbeBusesOptions) {}

  /** A manager starts: over the demo's bus (whose list starts afresh) or, with null, over this PC's. */
  watch(demo: DemoDevices | null): void {
    this.demo = demo;
    this.demoProbes = null;
  }

  /** No more lists are read: the database may be closing. */
  close(): void {
    this.closed = true;
    this.demo = null;
  }

  /** The probes a bus polls when it is identified: as edited (demo), as stored for this PC, or the default. */
  probesFor(port: SerialListing): ModbusProbe[] {
    if (this.demo) return this.demoProbes ?? this.demo.probeMap;
    const stored = this.closed ? null : storedProbes(this.options.settings(), probeBusKey(port));
    return stored ?? this.options.modbusProbes?.(port) ?? [...DEFAULT_PROBES];
  }

  /** Sets which probes a bus polls, keeps that for this PC, and polls them from now on. */
  async set(deviceId: string, probes: ProbeSetting[], commit: Commit): Promise<ProbeChange> {
    const { manager, device, label, busKey, before } = this.bus(deviceId);
    commit(
      {
        action: 'devices.setProbes',
        summary: `Set the probes on ${label} (${busKey}): ${describeProbes(before)} → ${describeProbes(probes)}`,
        risk: 'LOW',
        entityType: 'device',
        entityId: busKey,
      },
      () => this.keep(busKey, probes),
    );
    await manager.setProbes(deviceId, probes);
    const addresses = probes.map((p) => p.address).join(', ');
    return { device, polled: probes, message: `${label} now polls ${probes.length === 1 ? 'the probe at address' : 'the probes at addresses'} ${addresses}.` };
  }

  /** Writes a new address into a probe on the bus, then keeps the list with the probe's new address. */
  async changeAddress(deviceId: string, address: number, newAddress: number, commit: Commit): Promise<ProbeChange> {
    const { manager, device, label, busKey, before } = this.bus(deviceId);
    if (!before.some((p) => p.address === address)) {
      throw new OpsFlowError('NOT_FOUND', `No probe is set up at address ${address} on ${label}. Add it to the probes first.`, { deviceId, address });
    }
    if (newAddress === address) throw new OpsFlowError('BAD_INPUT', `The probe is at address ${address} already. Choose another address.`, { deviceId, address });
    if (before.some((p) => p.address === newAddress)) {
      throw new OpsFlowError('CONFLICT', `Address ${newAddress} is already set up for another probe on ${label}. Choose a free address.`, { deviceId, newAddress });
    }
    // The bus first: only a probe that really moved is written down as moved.
    await manager.changeProbeAddress(deviceId, address, newAddress);
    const after = before.map((p) => (p.address === address ? { ...p, address: newAddress } : p));
    commit(
      {
        action: 'devices.changeProbeAddress',
        summary: `Moved the probe at address ${address} on ${label} (${busKey}) to address ${newAddress}`,
        risk: 'MEDIUM',
        entityType: 'device',
        entityId: busKey,
      },
      () => {
        this.keep(busKey, after);
        // The fridge's sensor and its history follow the probe; a new address is not a new sensor.
        this.options.moveSensors(probeSensorSerial(busKey, address), probeSensorSerial(busKey, newAddress));
      },
    );
    return { device, polled: after, message: `The probe at address ${address} on ${label} now answers at address ${newAddress}.` };
  }

  private keep(busKey: string, probes: readonly ProbeSetting[]): void {
    if (this.demo) this.demoProbes = probes.map(probeSetting);
    else storeProbes(this.options.settings(), busKey, probes);
  }

  /** A plugged bus whose probes can be set, with what it polls now. */
  private bus(deviceId: string) {
    const manager = this.options.manager();
    const device = manager.devices().find((d) => d.id === deviceId);
    if (!device) throw deviceGone(deviceId);
    if (device.status === 'identifying' && device.family === null) {
      throw deviceStillIdentifying(deviceId);
    }
    const probes = manager.probes(deviceId);
    if (!probes) {
      throw new OpsFlowError('BAD_INPUT', `${deviceLabel(device)} is not an RS-485 adapter with Modbus probes, so it has no probe addresses to set.`, { deviceId });
    }
    const label = deviceLabel(device);
    return { manager, device, label, busKey: probeBusKey({ serialNumber: device.serialNumber, path: device.id }), before: probes.map(probeSetting) };
  }
}
