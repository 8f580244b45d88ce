import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { USB_ID_TABLE } from './device-table';
import { renderUdevRules } from './udev-rules';

describe('udev rules', () => {
  it('the shipped rules file is the one the device table generates (run `npm run udev-rules` after adding a device)', () => {
    const shipped = readFileSync(new URL('../../resources/udev/60-opsflow.rules', import.meta.url), 'utf8');
    expect(shipped).toBe(renderUdevRules());
  });

  it('give plugdev access to every USB id in the table', () => {
    const rules = renderUdevRules();
    for (const row of USB_ID_TABLE) {
      expect(rules).toContain(`ATTRS{idVendor}=="${row.vendorId.toString(16).padStart(4, '0')}", ATTRS{idProduct}=="${row.productId.toString(16).padStart(4, '0')}"`);
    }
    expect(rules.match(/GROUP="plugdev"/g)).toHaveLength(USB_ID_TABLE.length);
  });

  it('let plugdev open the Lascar EL-USB logger itself (libusb needs the USB device node, not a tty)', () => {
    expect(renderUdevRules()).toContain('SUBSYSTEM=="usb", ATTRS{idVendor}=="10c4", ATTRS{idProduct}=="0002", MODE="0660", GROUP="plugdev", TAG+="uaccess"');
  });
});
