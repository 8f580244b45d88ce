import type { DeviceAccess } from './device-manager';
import { listHidDevices, openHidDevice } from './hid-transport';
import { createSerialStream, listSerialPorts } from './serial-transport';
import { listUsbDevices, openUsbDevice } from './usb-transport';

/** The real USB devices of this PC, for the device manager. */
export const systemDeviceAccess: DeviceAccess = {
  listHid: listHidDevices,
  openHid: openHidDevice,
  listSerial: listSerialPorts,
  openSerial: (path) => createSerialStream(path),
  listUsb: listUsbDevices,
  openUsb: openUsbDevice,
};
