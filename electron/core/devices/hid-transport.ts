import { HIDAsync, devicesAsync } from 'node-hid';
import { withHidReportId } from '../../../domain/devices/temper';
import { OpsFlowError } from '../../../domain/errors';
import { deviceUnpluggedError, type HidDevice, type HidListing } from './transport';

/** HidDevice over node-hid's async API (the sync API would block the main process). */

export async function listHidDevices(): Promise<HidListing[]> {
  const devices = await devicesAsync();
  return devices.flatMap((d) =>
    d.path
      ? [{ path: d.path, vendorId: d.vendorId, productId: d.productId, interface: d.interface, serialNumber: d.serialNumber || null }]
      : [],
  );
}

export async function openHidDevice(path: string): Promise<HidDevice> {
  try {
    return new NodeHidDevice(await HIDAsync.open(path), path);
  } catch (err) {
    throw new OpsFlowError(
      'DEVICE_UNPLUGGED',
      'OpsFlow could not open the USB thermometer. If it is plugged in and this is Linux, install the OpsFlow udev rules (see the README) and plug it in again.',
      { path, reason: err instanceof Error ? err.message : String(err) },
    );
  }
}

class NodeHidDevice implements HidDevice {
  constructor(
    private readonly hid: HIDAsync,
    private readonly path: string,
  ) {}

  /** node-hid sends the first byte as the report id; PCsensor devices use none, so it is 0x00. */
  async write(report: Uint8Array): Promise<void> {
    try {
      await this.hid.write(Buffer.from(withHidReportId(report)));
    } catch (err) {
      throw this.gone(err);
    }
  }

  async read(timeoutMs: number): Promise<Uint8Array | null> {
    try {
      const data = await this.hid.read(timeoutMs);
      return data && data.length > 0 ? new Uint8Array(data) : null;
    } catch (err) {
      throw this.gone(err);
    }
  }

  async close(): Promise<void> {
    await this.hid.close().catch(() => undefined);
  }

  /** hidapi fails every read and write once the device is gone; there is no separate event. */
  private gone(err: unknown): OpsFlowError {
    return deviceUnpluggedError({ path: this.path, reason: err instanceof Error ? err.message : String(err) });
  }
}
