import { identifyUsbDevice, type DeviceFamily, type UsbBulkEndpoints } from '../../../domain/devices/device-table';
import type { ElitechDeviceInfo } from '../../../domain/devices/elitech-devinfo';
import { elUsbSampleFormat } from '../../../domain/devices/elusb';
import type { DecodedReading } from '../../../domain/devices/types';
import { OpsFlowError, isOpsFlowError } from '../../../domain/errors';
import { ElitechLogger } from './elitech-driver';
import { ElUsbLogger } from './elusb-driver';
import { ModbusBus, type ModbusProbe } from './modbus-driver';
import { TemperDriver } from './temper-driver';
import { TemperX232Driver } from './temperx232-driver';
import type { LoggerFamily } from '../../../domain/contract/devices';
import { elitechStoredLog, elUsbStoredLog, type StoredLog } from './stored-log';
import type { ByteStream, HidDevice, HidListing, SerialListing, UsbBulkDevice, UsbListing } from './transport';

/**
 * Opening a plugged device: which driver it needs, asking it who it is, and what can be read
 * from it afterwards. The device manager owns the sessions and queues every call per port.
 */

export interface DeviceTimeouts {
  hidAnswerMs: number;
  hidNextReportMs: number;
  temperx232Ms: number;
  temperx232SettleMs: number;
  modbusMs: number;
  elitechMs: number;
  /** Per bulk read of an EL-USB (libsigrok allows 10 s). */
  elusbMs: number;
  /** For telling a logger from an RS-485 adapter on the shared USB-serial bridges. */
  identifyMs: number;
}

export const DEFAULT_TIMEOUTS: DeviceTimeouts = {
  hidAnswerMs: 1000,
  hidNextReportMs: 100,
  temperx232Ms: 1000,
  temperx232SettleMs: 100,
  modbusMs: 500,
  elitechMs: 5000,
  elusbMs: 10_000,
  identifyMs: 1000,
};

/** Something polled on a schedule: a thermometer, or one probe on a bus. */
export interface LiveSource {
  /** Stable while plugged: the port path, plus "#address" for a probe on a bus. */
  id: string;
  /** The probe's Modbus address; null for thermometers. */
  address: number | null;
  read(): Promise<DecodedReading[]>;
}

export interface LiveSession {
  kind: 'live';
  family: Exclude<DeviceFamily, LoggerFamily>;
  /** Firmware or version string, when the device has one. */
  firmware: string | null;
  sources: LiveSource[];
  close(): Promise<void>;
}

export interface ModbusSession extends LiveSession {
  family: 'modbus';
  bus: ModbusBus;
  /** The probes polled on this bus, one source each. */
  probes: ModbusProbe[];
  sourceFor(probe: ModbusProbe): LiveSource;
}

export interface LoggerDownloadOptions {
  timeZone: string;
  /** For a logger with no serial number of its own: the USB serial number of its port. */
  fallbackSerialNumber: string | null;
  onProgress: (done: number, total: number) => void;
}

/** A logger of any family, as the device manager drives it. */
export interface LoggerSession {
  kind: 'logger';
  family: LoggerFamily;
  /** "RC-4", "EL-USB-2". */
  model: string | null;
  /** The logger's own serial or device number, when it has one. */
  serialNumber: string | null;
  /** What the logger says of its state ("Logging", "Stopped"), as a person reads it. */
  health: string | null;
  download(options: LoggerDownloadOptions): Promise<StoredLog>;
  /** Erases the log and starts a new one; only after the download is stored. */
  restartLogging(timeZone: string, nowMs: number): Promise<void>;
  /** Sets the logger clock to the location's wall time, for loggers that keep one. */
  setClock(timeZone: string, nowMs: number): Promise<void>;
  close(): Promise<void>;
}

export type DeviceSession = LiveSession | LoggerSession;

export interface SessionContext {
  timeouts: DeviceTimeouts;
  openHid(path: string): Promise<HidDevice>;
  openSerial(path: string): ByteStream;
  openUsb(path: string, endpoints: UsbBulkEndpoints): Promise<UsbBulkDevice>;
  modbusProbes(port: SerialListing): ModbusProbe[];
}

export async function openHidSession(listing: HidListing, ctx: SessionContext): Promise<LiveSession> {
  const device = await ctx.openHid(listing.path);
  const driver = new TemperDriver(device, { answerTimeoutMs: ctx.timeouts.hidAnswerMs, nextReportMs: ctx.timeouts.hidNextReportMs });
  try {
    const firmware = await driver.readFirmware();
    return {
      kind: 'live',
      family: 'temper',
      firmware,
      sources: [{ id: listing.path, address: null, read: () => driver.read() }],
      close: () => driver.close(),
    };
  } catch (err) {
    await driver.close().catch(() => undefined);
    throw err;
  }
}

/**
 * The CP210x and CH340 bridges carry either a logger or an RS-485 bus: an Elitech answers its
 * init frame at 115200 baud, a Modbus probe would not, so the logger is asked first.
 */
export async function openSerialSession(listing: SerialListing, ctx: SessionContext): Promise<DeviceSession> {
  const families = familiesOf(listing);
  const stream = ctx.openSerial(listing.path);
  try {
    if (families.includes('temperx232')) return await openTemperX232(listing, stream, ctx);
    if (families.includes('elitech')) {
      const logger = await findLogger(stream, ctx);
      if (logger) return logger;
    }
    if (families.includes('modbus')) return await openModbus(listing, stream, ctx);
  } catch (err) {
    await stream.close().catch(() => undefined);
    throw err;
  }
  throw new OpsFlowError('DEVICE_UNSUPPORTED', 'OpsFlow does not know this USB serial device.', { path: listing.path });
}

function familiesOf(listing: SerialListing): readonly DeviceFamily[] {
  if (listing.vendorId === null || listing.productId === null) return [];
  const row = identifyUsbDevice(listing.vendorId, listing.productId);
  return row?.transport === 'serial' ? row.families : [];
}

async function openTemperX232(listing: SerialListing, stream: ByteStream, ctx: SessionContext): Promise<LiveSession> {
  const driver = new TemperX232Driver(stream, { timeoutMs: ctx.timeouts.temperx232Ms, settleMs: ctx.timeouts.temperx232SettleMs });
  await driver.open();
  const firmware = await driver.readVersion();
  return {
    kind: 'live',
    family: 'temperx232',
    firmware,
    sources: [{ id: listing.path, address: null, read: () => driver.read() }],
    close: () => driver.close(),
  };
}

async function findLogger(stream: ByteStream, ctx: SessionContext): Promise<LoggerSession | null> {
  const probe = new ElitechLogger(stream, { timeoutMs: ctx.timeouts.identifyMs, refetches: 0 });
  await probe.open();
  try {
    const deviceInfo = await probe.readDeviceInfo();
    return elitechSession(new ElitechLogger(stream, { timeoutMs: ctx.timeouts.elitechMs }), deviceInfo);
  } catch (err) {
    if (isOpsFlowError(err) && err.code === 'DEVICE_UNPLUGGED') throw err;
    // Silence or noise at 115200: not a logger (or a logger too confused to use).
    await stream.close();
    return null;
  }
}

const ELITECH_HEALTH: Record<string, string> = {
  'not-started': 'Not logging (never started)',
  logging: 'Logging',
  stopped: 'Stopped',
  'delayed-start': 'Waiting for its delayed start',
  unknown: 'Status unknown',
};

function elitechSession(logger: ElitechLogger, deviceInfo: ElitechDeviceInfo): LoggerSession {
  return {
    kind: 'logger',
    family: 'elitech',
    model: deviceInfo.model,
    serialNumber: deviceInfo.deviceNumber,
    health: ELITECH_HEALTH[deviceInfo.workStatus ?? 'unknown'] ?? null,
    download: async ({ timeZone, fallbackSerialNumber, onProgress }) => elitechStoredLog(await logger.download({ timeZone, fallbackSerialNumber, onProgress })),
    restartLogging: () => logger.restartLogging(deviceInfo),
    setClock: (timeZone, nowMs) => logger.setClock(deviceInfo.station, timeZone, nowMs),
    close: () => logger.close(),
  };
}

/**
 * A Lascar EL-USB: its configuration block says which model it is; models OpsFlow does not read
 * are refused here, with a sentence naming them, and never downloaded.
 */
export async function openUsbSession(listing: UsbListing, ctx: SessionContext): Promise<LoggerSession> {
  const row = identifyUsbDevice(listing.vendorId, listing.productId);
  if (row?.transport !== 'usb' || !row.usbBulk || !row.families.includes('elusb')) {
    throw new OpsFlowError('DEVICE_UNSUPPORTED', 'OpsFlow does not know this USB device.', { path: listing.path });
  }
  const device = await ctx.openUsb(listing.path, row.usbBulk);
  // Asked who it is with a short wait (libsigrok allows 100 ms); the log itself may take longer.
  const probe = new ElUsbLogger(device, { timeoutMs: ctx.timeouts.identifyMs });
  const logger = new ElUsbLogger(device, { timeoutMs: ctx.timeouts.elusbMs });
  try {
    let config = await probe.readConfig();
    elUsbSampleFormat(config);
    return {
      kind: 'logger',
      family: 'elusb',
      model: config.model,
      serialNumber: String(config.serialNumber),
      health: config.logging ? 'Logging' : 'Stopped',
      download: async ({ timeZone, onProgress }) => {
        const download = await logger.download({ timeZone, onProgress });
        config = download.config;
        return elUsbStoredLog(download);
      },
      // The new log starts now, so the restart is also the clock set: an EL-USB keeps no other clock.
      restartLogging: (timeZone, nowMs) => logger.restartLogging(config, timeZone, nowMs),
      setClock: async () => undefined,
      close: () => logger.close(),
    };
  } catch (err) {
    await logger.close().catch(() => undefined);
    throw err;
  }
}

async function openModbus(listing: SerialListing, stream: ByteStream, ctx: SessionContext): Promise<ModbusSession> {
  const bus = new ModbusBus(stream, { timeoutMs: ctx.timeouts.modbusMs });
  await bus.open();
  const probes = ctx.modbusProbes(listing);
  const sourceFor = (probe: ModbusProbe): LiveSource => ({
    id: `${listing.path}#${probe.address}`,
    address: probe.address,
    read: async () => [await bus.readProbe(probe)],
  });
  return {
    kind: 'live',
    family: 'modbus',
    firmware: null,
    bus,
    probes,
    sourceFor,
    sources: probes.map(sourceFor),
    close: () => bus.close(),
  };
}
