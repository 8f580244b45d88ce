import type { DemoDeviceName } from '../../../../domain/contract/devices';
import type { ElitechDateTime } from '../../../../domain/devices/elitech-frame';
import type { ModbusProbe } from '../modbus-driver';
import { utcToWallClockMs, wallClockFields } from '../logger-clock';
import { ElitechSimulator } from './elitech-simulator';
import { ElUsbSimulator, walkInLog } from './elusb-simulator';
import { ModbusBusSimulator } from './modbus-simulator';
import { SimulatedDeviceAccess } from './simulated-device-access';
import type { SimulatedSerialDevice } from './simulated-serial-device';
import { TemperSimulator } from './temper-simulator';
import { SimulatedTemperature } from './temperature-model';

/**
 * What demo mode shows a new user with no hardware: a TEMPer2 on the walk-in cooler (air and
 * product probe), three XY-MD02 probes on one RS-485 bus (two fridges and a freezer), and an
 * Elitech RC-4 holding 2,000 minutes of freezer readings that stays in the drawer until the
 * Devices screen "plugs it in".
 */

/** A cold room's air: a slow swing around its set point with a little noise, so numbers move. */
class WobblingTemperature extends SimulatedTemperature {
  constructor(
    private readonly baseCentiC: number,
    private readonly swingCentiC: number,
    private readonly periodMs: number,
    private readonly clock: () => number,
  ) {
    super({ startCentiC: baseCentiC, now: clock });
  }

  override currentCentiC(): number {
    const t = this.clock();
    const noise = Math.round(Math.sin(t / 7_919) * 4 + Math.sin(t / 3_301) * 3);
    return Math.round(this.baseCentiC + this.swingCentiC * Math.sin((2 * Math.PI * t) / this.periodMs)) + noise;
  }
}

export interface DemoSensorDefaults {
  name: string;
  unitLabel: string;
}

export interface DemoDevicesOptions {
  /** The location's zone: the logger's clock keeps its wall time. */
  timeZone: string;
  now?: () => number;
  /** Delay of each logger answer, so a person sees the progress bar move. */
  loggerAnswerDelayMs?: number;
}

const LOGGER_RECORDS = 2000;
const LOGGER_INTERVAL_S = 60;

export class DemoDevices {
  readonly access = new SimulatedDeviceAccess();
  readonly temper: TemperSimulator;
  readonly probes: ModbusBusSimulator;
  readonly logger: ElitechSimulator;
  /** A Lascar EL-USB-2 from the walk-in cooler (temperature and humidity), also in the drawer. */
  readonly easylog: ElUsbSimulator;
  /** Addresses of the probes on the demo bus; a real bus is configured per adapter. */
  readonly probeMap: ModbusProbe[] = [1, 2, 3].map((address) => ({ address, map: 'xy-md02' as const }));
  private readonly names = new Map<string, DemoSensorDefaults>();
  private readonly now: () => number;
  private loggerPlugged = false;
  private easylogPlugged = false;

  constructor(options: DemoDevicesOptions) {
    const now = options.now ?? Date.now;
    const MIN = 60_000;
    this.temper = new TemperSimulator({
      firmware: 'TEMPer2_V3.7',
      internal: new WobblingTemperature(320, 60, 20 * MIN, now),
      external: new WobblingTemperature(280, 25, 45 * MIN, now),
      serialNumber: 'DEMO-TEMPER2-01',
      path: 'demo-hid-temper2',
    });
    // An FTDI RS-485 adapter: it can only carry probes, so it is not first asked whether it is a logger.
    this.probes = new ModbusBusSimulator({
      vendorId: 0x0403,
      productId: 0x6001,
      serialNumber: 'DEMO-RS485-01',
      probes: [
        { address: 1, temperature: new WobblingTemperature(380, 40, 15 * MIN, now), rhCentiPct: 6200 },
        { address: 2, temperature: new WobblingTemperature(450, 70, 25 * MIN, now), rhCentiPct: 5800 },
        { address: 3, temperature: new WobblingTemperature(-1950, 120, 30 * MIN, now), rhCentiPct: 7000 },
      ],
    });
    this.now = now;
    this.logger = new ElitechSimulator({
      model: 'RC-4',
      recordsTenths: walkInFreezerLogTenths(LOGGER_RECORDS),
      intervalS: LOGGER_INTERVAL_S,
      start: this.logStart(options.timeZone),
      deviceNumber: 'EL-DEMO-01',
      serialNumber: 'DEMO-CP2102-01',
      now,
    });
    this.logger.answerDelayMs = options.loggerAnswerDelayMs ?? 120;
    this.easylog = new ElUsbSimulator({ samples: walkInLog(LOGGER_RECORDS), intervalS: LOGGER_INTERVAL_S, serialNumber: 2024, path: 'demo-usb-easylog', name: 'Walk-in' });
    this.easylog.answerDelayMs = options.loggerAnswerDelayMs ?? 120;

    this.names.set(key('DEMO-TEMPER2-01', 'internal'), { name: 'Walk-in cooler air', unitLabel: 'Walk-in cooler' });
    this.names.set(key('DEMO-TEMPER2-01', 'external'), { name: 'Walk-in cooler product probe', unitLabel: 'Walk-in cooler' });
    this.names.set(key('DEMO-RS485-01#1', 'internal'), { name: 'Probe 1', unitLabel: 'Reach-in fridge' });
    this.names.set(key('DEMO-RS485-01#2', 'internal'), { name: 'Probe 2', unitLabel: 'Prep line fridge' });
    this.names.set(key('DEMO-RS485-01#3', 'internal'), { name: 'Probe 3', unitLabel: 'Freezer' });
    this.names.set(key('EL-DEMO-01', 'internal'), { name: 'Elitech RC-4 EL-DEMO-01', unitLabel: 'Freezer' });
    this.names.set(key('2024', 'internal'), { name: 'EasyLog EL-USB-2 walk-in', unitLabel: 'Walk-in cooler' });

    this.access.plug(this.temper);
    this.access.plug(this.probes);
  }

  /** Names and labels for the demo's sensors, so the screens read like a real kitchen. */
  sensorDefaults(deviceSerial: string, channel: string): DemoSensorDefaults | null {
    return this.names.get(key(deviceSerial, channel)) ?? null;
  }

  /**
   * Plugs a demo device in; returns the port it appears on. The first time the logger comes out
   * of the drawer its log is made to end now, in the location's zone (which may have been chosen
   * at setup, after demo mode started), so its readings land on today's chart.
   */
  plug(name: DemoDeviceName, timeZone: string): string {
    const device = this.byName(name);
    if (device === this.logger && !this.loggerPlugged) this.logger.start = this.logStart(timeZone);
    if (device === this.logger) this.loggerPlugged = true;
    if (device === this.easylog && !this.easylogPlugged) this.easylog.start = this.logStart(timeZone);
    if (device === this.easylog) this.easylogPlugged = true;
    this.access.plug(device);
    return device.path;
  }

  /** Pulls a demo device out by its port; false when no demo device is there. */
  unplug(deviceId: string): boolean {
    const device = [this.temper, this.probes, this.logger, this.easylog].find((d) => d.path === deviceId);
    if (!device) return false;
    this.access.unplug(device);
    return true;
  }

  /** The logger clock when its log began: records × interval before now, in the zone's wall time. */
  private logStart(timeZone: string): ElitechDateTime {
    const startWallMs = utcToWallClockMs(this.now() - LOGGER_RECORDS * LOGGER_INTERVAL_S * 1000, timeZone);
    return wallClockFields(Math.floor(startWallMs / 60_000) * 60_000);
  }

  private byName(name: DemoDeviceName): TemperSimulator | SimulatedSerialDevice | ElUsbSimulator {
    switch (name) {
      case 'elitech-logger':
        return this.logger;
      case 'easylog-logger':
        return this.easylog;
      case 'walk-in-thermometer':
        return this.temper;
      case 'probe-bus':
        return this.probes;
    }
  }
}

function key(deviceSerial: string, channel: string): string {
  return `${deviceSerial}\u0000${channel}`;
}

/**
 * A walk-in freezer as a logger sees it: about -18 °C with a little noise, and a defrost cycle every
 * eight hours that warms the air to about -9 °C for half an hour, the way real freezers look.
 */
function walkInFreezerLogTenths(count: number): number[] {
  return Array.from({ length: count }, (_, i) => {
    const minuteOfCycle = i % 480;
    const defrost = minuteOfCycle < 30 ? Math.round(90 * Math.sin((Math.PI * minuteOfCycle) / 30)) : 0;
    return -180 + Math.round(8 * Math.sin(i / 37)) + defrost;
  });
}
