import type { DeviceAccess } from '../device-manager';
import { createSerialStream } from '../serial-transport';
import type { ByteStream, HidDevice, HidListing, SerialListing } from '../transport';
import { MockBinding } from './binding-mock';
import { SimulatedSerialDevice } from './simulated-serial-device';
import { TemperSimulator } from './temper-simulator';

/**
 * The system's device lists and ports, made of simulators: for the device manager's tests and
 * the demo mode. Plugging and unplugging here is what the Devices screen's demo buttons do.
 */
export class SimulatedDeviceAccess implements DeviceAccess {
  private readonly hid = new Map<string, TemperSimulator>();
  private readonly serial = new Map<string, SimulatedSerialDevice>();

  plug(device: TemperSimulator | SimulatedSerialDevice): void {
    device.replug();
    if (device instanceof TemperSimulator) this.hid.set(device.path, device);
    else this.serial.set(device.path, device);
  }

  /** Pulls the cable: open connections fail and the device leaves the lists. */
  unplug(device: TemperSimulator | SimulatedSerialDevice): void {
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
}
