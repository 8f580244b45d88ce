import { describe, expect, it } from 'vitest';
import { findTemperRule, identifyUsbDevice, TEMPER_RULES, USB_ID_TABLE } from './device-table';

describe('USB device table', () => {
  it('knows every TEMPer HID id and sends it to interface 1', () => {
    for (const [vid, pid] of [[0x0c45, 0x7401], [0x0c45, 0x7402], [0x413d, 0x2107], [0x1a86, 0xe025], [0x3553, 0xa001]] as const) {
      const row = identifyUsbDevice(vid, pid);
      expect(row?.transport).toBe('hid');
      expect(row?.families).toEqual(['temper']);
      expect(row?.hidInterface).toBe(1);
    }
  });

  it('tells the TEMPerX232 apart as a serial device', () => {
    expect(identifyUsbDevice(0x1a86, 0x5523)).toMatchObject({ transport: 'serial', families: ['temperx232'] });
  });

  it('offers the logger and Modbus drivers for the shared CP210x and CH340 bridges, Modbus only for FTDI', () => {
    expect(identifyUsbDevice(0x10c4, 0xea60)?.families).toEqual(['elitech', 'modbus']);
    expect(identifyUsbDevice(0x1a86, 0x7523)?.families).toEqual(['elitech', 'modbus']);
    expect(identifyUsbDevice(0x0403, 0x6001)?.families).toEqual(['modbus']);
  });

  it('returns null for a device it does not know', () => {
    expect(identifyUsbDevice(0x046d, 0xc52b)).toBeNull();
  });

  it('has no id twice', () => {
    const keys = USB_ID_TABLE.map((r) => `${r.vendorId}:${r.productId}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('TEMPer firmware rules', () => {
  it('matches every family by prefix, so new revisions need no new row', () => {
    const families: Record<string, string> = {
      'TEMPerGold_V3.1': 'TEMPerGold',
      'TEMPerGold_V3.6': 'TEMPerGold',
      'TEMPer2_V3.7': 'TEMPer2',
      'TEMPer2_V4.1': 'TEMPer2',
      'TEMPer2_V4.2': 'TEMPer2',
      'TEMPerHUM_V3.8': 'TEMPerHUM',
      'TEMPerX_V3.3': 'TEMPerX',
      'TEMPer1F1.1Per1F': 'TEMPer1F',
      'TEMPerF1.4': 'TEMPer1F',
      'TEMPer1F_V1.3': 'TEMPer1F_V1',
      'TEMPer1F_H1_V1.4': 'TEMPer1F_H1',
      'TEMPERHUM1V1.3': 'TEMPERHUM1',
      'TEMPer2_M12_V1.3': 'TEMPer2_V1',
      'TEMPer2V1.3': 'TEMPer2_V1',
      'TEMPerV1.2': 'TEMPerV1',
      'TEMPer1V1.4': 'TEMPerV1',
      'TEMPerNTC F1.0NT': 'TEMPerNTC', // its firmware answer (TEMPered issue 7)
      'TEMPerNTC1.O': 'TEMPerNTC', // its USB product name
      'TEMPer1F_V3.9': 'TEMPer1F_V3', // 1a86:e025, hundredths (ccwienk/temper PR 22)
      'TEMPer1F_V4.1': 'TEMPer1F_V3', // the same board, newer (ccwienk/temper PR 40)
      'TEMPerHUM_V4.1': 'TEMPerHUM',
    };
    for (const [firmware, family] of Object.entries(families)) expect(findTemperRule(firmware).family, firmware).toBe(family);
  });

  it('names every channel of a rule once, the further sockets after the first external', () => {
    for (const rule of TEMPER_RULES) {
      const channels = rule.channels.map((c) => c.channel);
      expect(new Set(channels).size, rule.family).toBe(channels.length);
    }
    expect(findTemperRule('TEMPerNTC1.O').channels.map((c) => [c.channel, c.tempOffset])).toEqual([
      ['internal', 2],
      ['external', 4],
      ['external-2', 6],
    ]);
  });

  it('keeps every channel of a one-report rule inside the first 8-byte report', () => {
    for (const rule of TEMPER_RULES.filter((r) => !r.twoReports)) {
      for (const c of rule.channels) expect(Math.max(c.tempOffset, c.rhOffset ?? 0) + 1, rule.family).toBeLessThan(8);
    }
  });
});
