import { USB_ID_TABLE, type UsbIdRow } from './device-table';

/** hidraw for HID thermometers, tty for serial bridges, the USB device node itself for libusb. */
const SUBSYSTEMS: Readonly<Record<UsbIdRow['transport'], string>> = { hid: 'hidraw', serial: 'tty', usb: 'usb' };

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/**
 * The Linux udev rules for every USB id in the device table: members of `plugdev` may read the
 * HID thermometers (hidraw), the serial loggers and probes (tty) and the libusb loggers (usb).
 * Generated, never hand-edited, so a new row in the table is a new rule.
 */
export function renderUdevRules(): string {
  const lines = [
    '# OpsFlow temperature loggers and probes. Generated from domain/devices/device-table.ts',
    '# by `npm run udev-rules`; do not edit by hand.',
  ];
  for (const row of USB_ID_TABLE) {
    const ids = `ATTRS{idVendor}=="${hex4(row.vendorId)}", ATTRS{idProduct}=="${hex4(row.productId)}"`;
    lines.push(`# ${row.note}`);
    lines.push(`SUBSYSTEM=="${SUBSYSTEMS[row.transport]}", ${ids}, MODE="0660", GROUP="plugdev", TAG+="uaccess"`);
  }
  return `${lines.join('\n')}\n`;
}
