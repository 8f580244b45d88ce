import { usb } from 'usb';
import type { UsbBulkEndpoints } from '../../../domain/devices/device-table';
import { OpsFlowError } from '../../../domain/errors';
import { deviceTimeoutError, deviceUnpluggedError, type UsbBulkDevice, type UsbListing } from './transport';

/**
 * UsbBulkDevice over the `usb` package, for loggers that are neither HID nor serial (Lascar
 * EL-USB). Nothing protocol-specific lives here: the driver above it runs unchanged on a simulator.
 */

type UsbDevice = Awaited<ReturnType<typeof usb.getDevices>>[number];

const pathOf = (d: Pick<UsbDevice, 'bus' | 'address'>): string => `usb:${d.bus}:${d.address}`;

export async function listUsbDevices(): Promise<UsbListing[]> {
  const devices = await usb.getDevices();
  return devices.map((d) => ({ path: pathOf(d), vendorId: d.vendorId, productId: d.productId, serialNumber: d.serialNumber || null }));
}

export async function openUsbDevice(path: string, endpoints: UsbBulkEndpoints): Promise<UsbBulkDevice> {
  const device = (await usb.getDevices()).find((d) => pathOf(d) === path);
  if (!device) throw deviceUnpluggedError({ path });
  try {
    await device.open();
    await device.claimInterface(endpoints.interface);
  } catch (err) {
    await device.close().catch(() => undefined);
    throw new OpsFlowError(
      'DEVICE_UNPLUGGED',
      'OpsFlow could not open the USB logger. If it is plugged in and this is Linux, install the OpsFlow udev rules (see the README) and plug it in again.',
      { path, reason: reasonOf(err) },
    );
  }
  return new NativeUsbBulkDevice(device, path, endpoints);
}

/** How long a control transfer may take; libsigrok gives the EL-USB's 50 ms. */
const CONTROL_TIMEOUT_MS = 50;

class NativeUsbBulkDevice implements UsbBulkDevice {
  constructor(
    private readonly device: UsbDevice,
    private readonly path: string,
    private readonly endpoints: UsbBulkEndpoints,
  ) {}

  async controlOut(request: number, value: number, index: number): Promise<void> {
    await this.device
      .nativeControlTransferOut({ requestType: 'vendor', recipient: 'device', request, value, index }, CONTROL_TIMEOUT_MS, new Uint8Array(0))
      .catch((err: unknown) => {
        throw this.failure(err);
      });
  }

  async bulkOut(bytes: Uint8Array): Promise<void> {
    await this.device.nativeTransferOut(this.endpoints.outEndpoint, 1000, bytes).catch((err: unknown) => {
      throw this.failure(err);
    });
  }

  async bulkIn(maxLength: number, timeoutMs: number): Promise<Uint8Array> {
    const data = await this.device.nativeTransferIn(this.endpoints.inEndpoint, timeoutMs, maxLength).catch((err: unknown) => {
      throw this.failure(err);
    });
    // A stalled endpoint answers null: nothing came.
    if (!data || data.length === 0) throw deviceTimeoutError({ path: this.path });
    return new Uint8Array(data);
  }

  async close(): Promise<void> {
    await this.device.releaseInterface(this.endpoints.interface).catch(() => undefined);
    await this.device.close().catch(() => undefined);
  }

  /** A transfer that timed out is said as such; any other failure means the device is gone. */
  private failure(err: unknown): OpsFlowError {
    const reason = reasonOf(err);
    if (/time(d)? ?out/i.test(reason)) return deviceTimeoutError({ path: this.path, reason });
    return deviceUnpluggedError({ path: this.path, reason });
  }
}

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
