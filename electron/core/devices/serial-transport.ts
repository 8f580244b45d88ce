import { SerialPort, type SerialPortOpenOptions } from 'serialport';
import { deviceTimeoutError, deviceUnpluggedError, type ByteStream, type LineSettings, type ReadUntil, type SerialListing } from './transport';

/**
 * ByteStream over serialport. With no binding it opens the real port; tests and the demo mode
 * pass serialport's MockBinding or a simulator's binding built on it.
 */

/**
 * A serialport binding (see @serialport/bindings-interface): how ports are listed and opened.
 * The real one is the default; tests and the demo mode pass serialport's MockBinding or a
 * simulator's binding built on it.
 */
export interface SerialBinding {
  list(): Promise<{ path: string }[]>;
  open(options: { path: string; baudRate: number }): Promise<unknown>;
}

export interface SerialStreamOptions {
  binding?: SerialBinding;
}

type Port = InstanceType<typeof SerialPort>;

interface PendingRead {
  check: () => void;
  fail: (err: Error) => void;
}

const EMPTY = new Uint8Array(0);

export function createSerialStream(path: string, options: SerialStreamOptions = {}): ByteStream {
  return new SerialStream(path, options.binding);
}

/** Serial ports on this PC, with the USB ids of their bridge. */
export async function listSerialPorts(): Promise<SerialListing[]> {
  const ports = await SerialPort.list();
  return ports.map((p) => ({
    path: p.path,
    vendorId: parseUsbId(p.vendorId),
    productId: parseUsbId(p.productId),
    serialNumber: p.serialNumber ?? null,
  }));
}

/** serialport reports USB ids as hex strings ("10c4", sometimes upper case). */
export function parseUsbId(hex: string | undefined): number | null {
  if (!hex || !/^[0-9a-fA-F]{1,4}$/.test(hex)) return null;
  return parseInt(hex, 16);
}

class SerialStream implements ByteStream {
  private port: Port | null = null;
  private received: Uint8Array = EMPTY;
  private pending: PendingRead | null = null;
  private readonly closeListeners = new Set<(reason: 'closed' | 'unplugged') => void>();

  constructor(
    readonly path: string,
    private readonly binding: SerialBinding | undefined,
  ) {}

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  async open(settings: LineSettings): Promise<void> {
    if (this.port) await this.close();
    const options = {
      path: this.path,
      baudRate: settings.baudRate,
      parity: settings.parity,
      dataBits: settings.dataBits,
      stopBits: settings.stopBits,
      autoOpen: false,
      // SerialPort's options type leaves out `binding`, but the constructor honours it.
      ...(this.binding ? { binding: this.binding } : {}),
    } as SerialPortOpenOptions<typeof SerialPort.binding>;
    const port = new SerialPort(options);
    port.on('data', (chunk: Buffer) => this.onData(port, chunk));
    port.on('close', () => this.onPortClose(port));
    // Write and close errors reach their callbacks; without a listener an 'error' event would throw.
    port.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      port.open((err) => (err ? reject(deviceUnpluggedError({ path: this.path, reason: err.message })) : resolve()));
    });
    this.received = EMPTY;
    this.port = port;
  }

  async close(): Promise<void> {
    const port = this.port;
    if (!port) return;
    this.port = null;
    this.pending?.fail(deviceUnpluggedError({ path: this.path, reason: 'closed' }));
    if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    this.notifyClose('closed');
  }

  async write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) throw deviceUnpluggedError({ path: this.path });
    await new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(bytes), (err) => (err ? reject(deviceUnpluggedError({ path: this.path, reason: err.message })) : resolve()));
    });
  }

  read(until: ReadUntil): Promise<Uint8Array> {
    if (this.pending) return Promise.reject(new Error('SerialStream: one read at a time'));
    if (!this.port) return Promise.reject(deviceUnpluggedError({ path: this.path }));
    return new Promise<Uint8Array>((resolve, reject) => {
      let settleTimer: NodeJS.Timeout | undefined;
      const finish = (): void => {
        clearTimeout(deadline);
        clearTimeout(settleTimer);
        this.pending = null;
      };
      const take = (): void => {
        finish();
        const bytes = until.maxBytes !== undefined && this.received.length > until.maxBytes ? this.received.subarray(0, until.maxBytes) : this.received;
        this.received = EMPTY;
        resolve(bytes);
      };
      const deadline = setTimeout(() => {
        if (this.received.length === 0) {
          finish();
          reject(deviceTimeoutError({ path: this.path, timeoutMs: until.timeoutMs }));
        } else take();
      }, until.timeoutMs);
      this.pending = {
        check: () => {
          if (until.maxBytes !== undefined && this.received.length >= until.maxBytes) return take();
          if (!until.isComplete(this.received)) return;
          if (!until.settleMs) return take();
          clearTimeout(settleTimer);
          settleTimer = setTimeout(take, until.settleMs);
        },
        fail: (err) => {
          finish();
          reject(err);
        },
      };
      this.pending.check();
    });
  }

  discardInput(): void {
    this.received = EMPTY;
  }

  onClose(listener: (reason: 'closed' | 'unplugged') => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  private onData(port: Port, chunk: Buffer): void {
    if (port !== this.port) return;
    const next = new Uint8Array(this.received.length + chunk.length);
    next.set(this.received);
    next.set(chunk, this.received.length);
    this.received = next;
    this.pending?.check();
  }

  /**
   * serialport closes the port itself when the device disappears (a read fails). close() forgets
   * the port first, so a close that gets here was not asked for: the device is gone.
   */
  private onPortClose(port: Port): void {
    if (port !== this.port) return;
    this.port = null;
    this.pending?.fail(deviceUnpluggedError({ path: this.path }));
    this.notifyClose('unplugged');
  }

  private notifyClose(reason: 'closed' | 'unplugged'): void {
    for (const listener of [...this.closeListeners]) listener(reason);
  }
}
