import { Option, type Command } from 'commander';
import type { DeviceView } from '../../../domain/contract/devices';
import { CAPTURE_PROTOCOLS, ELITECH_CAPTURE_FRAMES, decodeCapture, type CaptureInput } from '../../../domain/devices/capture-decode';
import { ELITECH_MODELS } from '../../../domain/devices/elitech';
import { ELUSB_CAPTURE_FRAMES, ELUSB_CAPTURE_MODELS } from '../../../domain/devices/elusb-capture';
import { OpsFlowError, isOpsFlowError } from '../../../domain/errors';
import { DeviceManager, storeNothing, type ConnectedDevice, type DeviceAccess } from '../devices/device-manager';
import { deviceKind, deviceLabel } from '../devices/device-views';
import { ElitechLogger } from '../devices/elitech-driver';
import { storeLoggerDownload } from '../devices/logger-storage';
import { elitechStoredLog, elUsbStoredLog, type StoredLog } from '../devices/stored-log';
import { ElUsbLogger } from '../devices/elusb-driver';
import { USB_ID_TABLE } from '../../../domain/devices/device-table';
import { systemDeviceAccess } from '../devices/system-device-access';
import { createLogger } from '../logger';
import { CLI_ACTOR, requireSetUp, withEngine } from './cli-engine';
import { dataDirOption } from './data-dir-option';

/** What the device commands talk to: this PC's devices, or simulators in the tests. */
export interface DeviceCommandDeps {
  deviceAccess?: DeviceAccess;
  /** How long `devices list` waits for devices to say who they are. */
  identifyTimeoutMs?: number;
}

type ListedDevice = Pick<DeviceView, 'id' | 'family' | 'kind' | 'label' | 'serialNumber' | 'firmware' | 'status' | 'lastError' | 'health'>;

export function registerDeviceCommands(program: Command, deps: DeviceCommandDeps = {}): void {
  const access = () => deps.deviceAccess ?? systemDeviceAccess;
  const devices = program.command('devices').description('temperature loggers and probes: list, download, decode captures');

  devices
    .command('list')
    .description('the temperature devices connected to this PC')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const list = await listDevices(access(), deps.identifyTimeoutMs ?? 8000);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(list)}\n`);
        return;
      }
      if (list.length === 0) {
        process.stdout.write('No temperature devices are connected.\n');
        return;
      }
      const rows = list.map((d) => [d.id, d.label, d.kind, d.serialNumber ?? '', d.status, d.lastError ?? d.health ?? '']);
      const header = ['PORT', 'DEVICE', 'KIND', 'SERIAL', 'STATUS', 'NOTE'];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      for (const r of [header, ...rows]) process.stdout.write(`${r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()}\n`);
    });

  devices
    .command('download <port>')
    .description('download a data logger into the data folder: an Elitech on a serial port, or a Lascar EL-USB (its usb:… port from `devices list`)')
    .addOption(new Option('--protocol <protocol>', 'the logger family').choices(['elitech', 'elusb']).default('elitech'))
    .addOption(dataDirOption())
    .action(async (port: string, opts: { dataDir?: string; protocol: 'elitech' | 'elusb' }) => {
      await withEngine(opts.dataDir, async (engine) => {
        requireSetUp(engine);
        const ctx = engine.context;
        const identity = ctx.identity()!;
        const timeZone = ctx.directory.location(identity.homeLocationId)?.time_zone ?? 'UTC';
        const onProgress = (done: number, total: number): void => {
          if (process.stderr.isTTY) process.stderr.write(`\rDownloading: ${done} of ${total} readings`);
        };
        const log = opts.protocol === 'elusb' ? await downloadElUsb(access(), port, timeZone, onProgress) : await downloadElitech(access(), port, timeZone, onProgress);
        if (process.stderr.isTTY) process.stderr.write('\n');
        const stored = storeLoggerDownload(ctx, ctx.audit, log, CLI_ACTOR);
        process.stdout.write(`${stored.added} new readings, ${stored.alreadyThere} already there\n`);
      });
    });

  devices
    .command('decode')
    .description('decode a capture from a device, without the device (prints JSON)')
    .addOption(new Option('--protocol <protocol>', 'the device family').choices([...CAPTURE_PROTOCOLS]).makeOptionMandatory())
    .option('--firmware <string>', 'temper: the firmware string the device reports')
    .option('--hex <bytes>', 'temper, modbus, elitech: the answer, as hex; elusb: the configuration block or the sample dump')
    .option('--text <reply>', 'temperx232: the reply text')
    .option('--request <hex>', 'modbus: the request the answer belongs to')
    .addOption(new Option('--frame <frame>', 'elitech: which answer the frame is; elusb: a configuration block or a sample dump').choices([...ELITECH_CAPTURE_FRAMES, ...ELUSB_CAPTURE_FRAMES]))
    .addOption(new Option('--unit <unit>', 'elitech body, elusb samples: the logger unit').choices(['C', 'F']))
    .addOption(
      new Option('--model <model>', 'elitech body: the logger model (RC-4HC pages carry humidity); elusb samples: EL-USB-1 or EL-USB-2').choices([
        ...ELITECH_MODELS.map((m) => m.model),
        ...ELUSB_CAPTURE_MODELS,
      ]),
    )
    .option('--config <hex>', 'elusb samples: the configuration block the dump belongs to (model, unit and sample count)')
    .option('--count <records>', 'elitech body, elusb samples: records in the capture (default: from its length)', (v) => {
      if (!/^\d+$/.test(v)) throw new OpsFlowError('BAD_INPUT', '--count must be a whole number.');
      return Number(v);
    })
    .action((opts: CaptureInput) => {
      let decoded: Record<string, unknown>;
      try {
        decoded = decodeCapture(opts);
      } catch (err) {
        throw whyNotDecoded(err);
      }
      process.stdout.write(`${JSON.stringify(decoded)}\n`);
    });
}

type Progress = (done: number, total: number) => void;

async function downloadElitech(access: DeviceAccess, port: string, timeZone: string, onProgress: Progress): Promise<StoredLog> {
  const listed = await access.listSerial().catch(() => []);
  const logger = new ElitechLogger(access.openSerial(port));
  try {
    await logger.open().catch((err: unknown) => {
      throw new OpsFlowError('DEVICE_UNPLUGGED', `Could not open ${port}: check the port name and that no other program is using it.`, { cause: String(err) });
    });
    const fallbackSerialNumber = listed.find((l) => l.path === port)?.serialNumber ?? null;
    return elitechStoredLog(await logger.download({ timeZone, fallbackSerialNumber, onProgress }));
  } finally {
    await logger.close().catch(() => undefined);
  }
}

async function downloadElUsb(access: DeviceAccess, port: string, timeZone: string, onProgress: Progress): Promise<StoredLog> {
  const endpoints = USB_ID_TABLE.find((row) => row.families.includes('elusb'))?.usbBulk;
  if (!endpoints) throw new OpsFlowError('INTERNAL', 'The device table has no EL-USB row.');
  const device = await access.openUsb(port, endpoints).catch((err: unknown) => {
    throw new OpsFlowError('DEVICE_UNPLUGGED', `Could not open ${port}: check the port name from \`opsflow devices list\` and that EasyLog is not running.`, { cause: String(err) });
  });
  const logger = new ElUsbLogger(device);
  try {
    return elUsbStoredLog(await logger.download({ timeZone, onProgress }));
  } finally {
    await logger.close().catch(() => undefined);
  }
}

/** Scans once, waits until every device has said who it is (or failed to), and lets go of them. */
async function listDevices(access: DeviceAccess, timeoutMs: number): Promise<ListedDevice[]> {
  const errors = new Map<string, string>();
  const manager = new DeviceManager({ access, timeZone: 'UTC', autoDownload: false, storeDownload: storeNothing, log: createLogger({ level: process.env.OPSFLOW_LOG_LEVEL ?? 'error' }) });
  // Each device ends its identification with one of these events: wait for them, not on a clock.
  let settled: () => void = () => undefined;
  const allSaidWhoTheyAre = new Promise<void>((resolve) => (settled = resolve));
  const checkSettled = () => {
    if (!manager.devices().some((d) => d.status === 'identifying')) settled();
  };
  manager.onEvent((e) => {
    if (e.type === 'device-error' || e.type === 'poll-failed') errors.set(e.device.id, e.error.message);
    if (e.type === 'identified' || e.type === 'device-error' || e.type === 'unplugged') checkSettled();
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await manager.scan();
    checkSettled();
    await Promise.race([allSaidWhoTheyAre, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    return manager.devices().map((d) => listed(d, errors.get(d.id) ?? null));
  } finally {
    clearTimeout(timer);
    await manager.stop();
  }
}

function listed(d: ConnectedDevice, lastError: string | null): ListedDevice {
  return { id: d.id, family: d.family, kind: deviceKind(d), label: deviceLabel(d), serialNumber: d.serialNumber, firmware: d.firmware, status: d.status, lastError, health: d.health };
}

/**
 * The decoders' sentences are written for a live device ("OpsFlow will ask again"); for a capture
 * the person needs to know what is wrong with the bytes they pasted.
 */
function whyNotDecoded(err: unknown): unknown {
  if (!isOpsFlowError(err)) return err;
  const details = err.details ?? {};
  const sizes = typeof details.expected === 'number' && typeof details.length === 'number' ? ` (${details.length} bytes, ${details.expected} expected)` : '';
  switch (err.code) {
    case 'CRC_MISMATCH':
      return new OpsFlowError(err.code, 'The frame fails its CRC check: it was damaged in transit or copied wrongly.', details);
    case 'CHECKSUM_MISMATCH':
      return new OpsFlowError(err.code, 'The frame fails its checksum: it was damaged in transit or copied wrongly.', details);
    case 'FRAME_TRUNCATED':
      return new OpsFlowError(err.code, `The frame is cut short${sizes}: part of it is missing.`, details);
    default:
      return new OpsFlowError(err.code, err.message.replace(/;? ?OpsFlow will (ask|try) again\.?$/, '.').replace(/\.\.$/, '.'), details);
  }
}
