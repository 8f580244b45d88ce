import { afterEach, describe, expect, it } from 'vitest';
import { SerialPortMock } from 'serialport';
import { advance, runDeviceClockByItself } from '../testing/device-clock';
import { createSerialStream, parseUsbId } from './serial-transport';
import { MockBinding } from './simulators/binding-mock';
import { SimulatedSerialDevice, type LineView } from './simulators/simulated-serial-device';
import { exchange, type ByteStream, type LineSettings } from './transport';
import { rejectionCodeOf as codeOf } from '../../../tests/support/device-captures';

/** Answers every request with the request reversed, and remembers the line settings it saw. */
class MirrorDevice extends SimulatedSerialDevice {
  lines: LineView[] = [];
  reply: (request: Uint8Array) => Uint8Array = (r) => r.slice().reverse();
  constructor() {
    super({ vendorId: 0x1a86, productId: 0x7523, serialNumber: 'MIRROR' });
  }
  protected answer(request: Uint8Array, line: LineView): Uint8Array {
    this.lines.push(line);
    return this.reply(request);
  }
}

runDeviceClockByItself();

const LINE: LineSettings = { baudRate: 9600, parity: 'none', dataBits: 8, stopBits: 1 };
/** A TEMPerX232's deadline; the device answers within a few ms. */
const TIMEOUT_MS = 1000;
const lengthIs = (n: number) => (r: Uint8Array) => r.length >= n;
let open: ByteStream[] = [];
afterEach(async () => {
  await Promise.all(open.map((s) => s.close()));
  open = [];
});

async function openStream(device: SimulatedSerialDevice, line = LINE): Promise<ByteStream> {
  const stream = device.stream();
  await stream.open(line);
  open.push(stream);
  return stream;
}

describe('serial byte stream', () => {
  it('reassembles an answer that arrives in many small chunks', async () => {
    const device = new MirrorDevice();
    device.chunkSize = 3;
    const stream = await openStream(device);
    const request = Uint8Array.from({ length: 40 }, (_, i) => i);
    const answer = await exchange(stream, request, { isComplete: lengthIs(40), timeoutMs: TIMEOUT_MS });
    expect([...answer]).toEqual([...request].reverse());
  });

  it('times out with DEVICE_TIMEOUT when the device says nothing', async () => {
    const device = new MirrorDevice();
    device.inject({ fault: 'stall' });
    const stream = await openStream(device);
    expect(await codeOf(exchange(stream, Uint8Array.of(1, 2), { isComplete: lengthIs(2), timeoutMs: TIMEOUT_MS }))).toBe('DEVICE_TIMEOUT');
  });

  it('hands back a partial answer at the deadline so the decoder can say it was cut short', async () => {
    const device = new MirrorDevice();
    device.inject({ fault: 'drop-bytes' });
    const stream = await openStream(device);
    const answer = await exchange(stream, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), { isComplete: lengthIs(8), timeoutMs: TIMEOUT_MS });
    expect(answer.length).toBe(6);
  });

  it('ends a read at maxBytes with exactly that many bytes, though the device goes on talking', async () => {
    const device = new MirrorDevice();
    device.chunkSize = 16;
    device.reply = () => new Uint8Array(20_000).fill(0x20);
    const stream = await openStream(device);
    const answer = await exchange(stream, Uint8Array.of(1), { isComplete: () => false, timeoutMs: 2000, maxBytes: 100 });
    expect(answer.length).toBe(100);
  });

  it('waits for a second line when asked to let the answer settle', async () => {
    const device = new MirrorDevice();
    device.reply = () => new TextEncoder().encode('first<second<');
    device.chunkSize = 6;
    const stream = await openStream(device);
    const answer = await exchange(stream, Uint8Array.of(0), {
      isComplete: (r) => r.at(-1) === 0x3c,
      timeoutMs: TIMEOUT_MS,
      settleMs: 100,
    });
    expect(new TextDecoder().decode(answer)).toBe('first<second<');
  });

  it('drops a late answer to an earlier request before the next exchange', async () => {
    const device = new MirrorDevice();
    device.answerDelayMs = 1500;
    const stream = await openStream(device);
    expect(await codeOf(exchange(stream, Uint8Array.of(9, 9), { isComplete: lengthIs(2), timeoutMs: TIMEOUT_MS }))).toBe('DEVICE_TIMEOUT');
    await advance(1000); // the late "9 9" arrives now
    device.answerDelayMs = 1;
    const answer = await exchange(stream, Uint8Array.of(1, 2), { isComplete: lengthIs(2), timeoutMs: TIMEOUT_MS });
    expect([...answer]).toEqual([2, 1]);
  });

  it('reports an unplug during a read as DEVICE_UNPLUGGED and tells its listeners', async () => {
    const device = new MirrorDevice();
    device.inject({ fault: 'unplug' });
    const stream = await openStream(device);
    const reasons: string[] = [];
    stream.onClose((reason) => reasons.push(reason));
    const code = await codeOf(exchange(stream, Uint8Array.of(1, 2, 3, 4), { isComplete: lengthIs(4), timeoutMs: TIMEOUT_MS }));
    expect(code).toBe('DEVICE_UNPLUGGED');
    expect(reasons).toEqual(['unplugged']);
    expect(stream.isOpen).toBe(false);
    expect(await codeOf(stream.write(Uint8Array.of(1)))).toBe('DEVICE_UNPLUGGED');
    expect(await codeOf(stream.open(LINE))).toBe('DEVICE_UNPLUGGED');
  });

  it('can be reopened with another parity, and the device sees it', async () => {
    const device = new MirrorDevice();
    const stream = await openStream(device);
    await exchange(stream, Uint8Array.of(1), { isComplete: lengthIs(1), timeoutMs: TIMEOUT_MS });
    await stream.close();
    await stream.open({ ...LINE, parity: 'even' });
    await exchange(stream, Uint8Array.of(1), { isComplete: lengthIs(1), timeoutMs: TIMEOUT_MS });
    expect(device.lines.map((l) => l.parity)).toEqual(['none', 'even']);
  });

  it("shares its MockBinding with serialport's SerialPortMock", () => {
    expect(SerialPortMock.binding).toBe(MockBinding);
  });

  it("works over serialport's plain MockBinding", async () => {
    MockBinding.createPort('/dev/ttyPLAIN', { echo: true, record: true });
    const stream = createSerialStream('/dev/ttyPLAIN', { binding: MockBinding });
    await stream.open(LINE);
    open.push(stream);
    const answer = await exchange(stream, Uint8Array.of(0x55, 0xaa), { isComplete: lengthIs(2), timeoutMs: TIMEOUT_MS });
    expect([...answer]).toEqual([0x55, 0xaa]);
  });

  it('reads USB ids from the hex strings serialport lists', () => {
    expect(parseUsbId('10c4')).toBe(0x10c4);
    expect(parseUsbId('EA60')).toBe(0xea60);
    expect(parseUsbId(undefined)).toBeNull();
    expect(parseUsbId('zz')).toBeNull();
  });
});
