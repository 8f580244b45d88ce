import type { DeviceAccess } from '../device-manager';
import { createSerialStream } from '../serial-transport';
import type { UsbBulkEndpoints } from '../../../../domain/devices/device-table';
import { deviceUnpluggedError, type ByteStream, type HidDevice, type HidListing, type SerialListing, type UsbBulkDevice, type UsbListing } from '../transport';
import { MockBinding } from './binding-mock';
import { ElUsbSimulator } from './elusb-simulator';
import { SimulatedSerialDevice } from './simulated-serial-device';
import { TemperSimulator } from './temper-simulator';

/**
 * The system's device lists and ports, made of simulators: for the device manager's tests and
 * the demo mode. Plugging and unplugging here is what the Devices screen's demo buttons do.
 */
export class SimulatedDeviceAccess implements DeviceAccess {
  private readonly hid = new Map<string, TemperSimulator>();
  private readonly serial = new Map<string, SimulatedSerialDevice>();
  private readonly usb = new Map<string, ElUsbSimulator>();

  plug(device: TemperSimulator | SimulatedSerialDevice | ElUsbSimulator): void {
    device.replug();
    if (device instanceof TemperSimulator) this.hid.set(device.path, device);
    else if (device instanceof ElUsbSimulator) this.usb.set(device.path, device);
    else this.serial.set(device.path, device);
  }

  /** Pulls the cable: open connections fail and the device leaves the lists. */
  unplug(device: TemperSimulator | SimulatedSerialDevice | ElUsbSimulator): void {
    device.unplug();
  }

  async listHid(): Promise<HidListing[]> {
    return [...this.hid.values()].flatMap((d) => d.listing);
  }

  async openHid(path: string): Promise<HidDevice> {
    const device = this.hid.get(path);
    if (!device) throw new Error(`No simulated HID device at ${path}`);
    return device.open();
  }

  async listSerial(): Promise<SerialListing[]> {
    return [...this.serial.values()].filter((d) => d.isPluggedIn).map((d) => d.listing);
  }

  openSerial(path: string): ByteStream {
    // An unknown path still gets a stream; opening it fails like a port that is gone.
    return this.serial.get(path)?.stream() ?? createSerialStream(path, { binding: MockBinding });
  }

  async listUsb(): Promise<UsbListing[]> {
    return [...this.usb.values()].filter((d) => d.isPluggedIn).map((d) => d.listing);
  }

  async openUsb(path: string, _endpoints: UsbBulkEndpoints): Promise<UsbBulkDevice> {
    const device = this.usb.get(path);
    if (!device) throw deviceUnpluggedError({ path });
    return device.open();
  }
}
