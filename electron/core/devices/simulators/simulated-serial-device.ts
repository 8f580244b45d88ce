import { createSerialStream, type SerialBinding } from '../serial-transport';
import type { ByteStream, Parity, SerialListing } from '../transport';
import { MockBinding, MockPortBinding, type MockOpenOptions, type MockPortInternal } from './binding-mock';
import { FaultPlan, type FaultRule } from './faults';

/**
 * A device on the far end of a serialport MockBinding port. It sees every write the driver makes,
 * answers with bytes in USB-sized chunks, and can be told to misbehave. Each family implements
 * `answer`; the base class does the wire: faults, chunking, unplugging.
 *
 * Each write the driver makes is taken as one request: the drivers write whole frames.
 */

export type SerialFault =
  /** Never answers: the driver times out. */
  | 'stall'
  /** The end of the answer is lost on the line. */
  | 'drop-bytes'
  /** One byte of the answer is damaged: the CRC or checksum no longer matches. */
  | 'corrupt'
  /** Noise instead of an answer. */
  | 'garbage'
  /** Sends half the answer, then the cable is pulled. */
  | 'unplug';

export type SerialFaultRule = FaultRule<SerialFault>;

/** What the device sees of the line: a device set to other settings hears only noise. */
export interface LineView {
  baudRate: number;
  parity: Parity | 'odd' | 'mark' | 'space';
}

export interface SimulatedSerialOptions {
  vendorId: number;
  productId: number;
  serialNumber?: string | null;
  /** Defaults to a fresh /dev/ttySIM… path. */
  path?: string;
}

let portCounter = 0;

const DISCONNECTED = 'The simulated device was unplugged';

export abstract class SimulatedSerialDevice {
  readonly path: string;
  /** Pass to createSerialStream (or use stream()). */
  readonly binding: SerialBinding;
  /** Every request received, in order. */
  readonly requests: Uint8Array[] = [];
  /** Bytes per emitted chunk: a USB full-speed bulk packet is 64 bytes, CH340s often send 32. */
  chunkSize = 32;
  /** Time from request to the first byte of the answer. */
  answerDelayMs = 1;
  /**
   * Requests that arrived while the device was still answering the one before: on a real bus two
   * answers would collide. Stays 0 when the driver keeps one request in flight.
   */
  collisions = 0;

  private readonly vendorId: number;
  private readonly productId: number;
  private readonly serialNumber: string | null;
  private readonly faults = new FaultPlan<SerialFault>();
  private unplugged = false;
  private answering = 0;
  private readonly openPorts = new Set<SimulatedPortBinding>();

  constructor(options: SimulatedSerialOptions) {
    this.path = options.path ?? `/dev/ttySIM${++portCounter}`;
    this.vendorId = options.vendorId;
    this.productId = options.productId;
    this.serialNumber = options.serialNumber ?? null;
    MockBinding.createPort(this.path, {
      echo: false,
      record: true,
      vendorId: hex4(this.vendorId),
      productId: hex4(this.productId),
      manufacturer: 'OpsFlow simulator',
    });
    this.binding = {
      list: async () => (this.unplugged ? [] : (await MockBinding.list()).filter((p) => p.path === this.path)),
      open: async (openOptions: MockOpenOptions) => {
        if (this.unplugged) throw new Error(`Error: No such file or directory, cannot open ${openOptions.path}`);
        const base = await MockBinding.open(openOptions);
        const port = new SimulatedPortBinding(base.port, base.openOptions, this);
        this.openPorts.add(port);
        return port;
      },
    };
  }

  /** How the system lists this port while it is plugged in. */
  get listing(): SerialListing {
    return { path: this.path, vendorId: this.vendorId, productId: this.productId, serialNumber: this.serialNumber };
  }

  get isPluggedIn(): boolean {
    return !this.unplugged;
  }

  /** A ByteStream to this device, as the driver would get one for a real port. */
  stream(): ByteStream {
    return createSerialStream(this.path, { binding: this.binding });
  }

  inject(rule: SerialFaultRule): void {
    this.faults.inject(rule);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** The cable is pulled: open ports fail like a real disconnect, and the port leaves the list. */
  unplug(): void {
    this.unplugged = true;
    for (const port of this.openPorts) port.disconnect();
    this.openPorts.clear();
  }

  replug(): void {
    this.unplugged = false;
  }

  /** The family's protocol: the answer to one request, or null for silence. */
  protected abstract answer(request: Uint8Array, line: LineView): Uint8Array | null;

  protected corrupt(answer: Uint8Array): Uint8Array {
    const out = answer.slice();
    const at = Math.floor(out.length / 2);
    out[at] = (out[at] ?? 0) ^ 0x5a;
    return out;
  }

  protected dropBytes(answer: Uint8Array): Uint8Array {
    return answer.slice(0, answer.length - Math.max(1, Math.floor(answer.length / 4)));
  }

  protected garbage(): Uint8Array {
    return Uint8Array.from({ length: 24 }, (_, i) => (0xa5 + i * 37) & 0xff);
  }

  /** @internal Called by the port binding for every write. */
  receive(request: Uint8Array, port: SimulatedPortBinding): void {
    this.requests.push(request);
    if (this.answering > 0) this.collisions++;
    const fault = this.faults.take(request);
    if (fault === 'stall') return;
    if (fault === 'garbage') return this.send(port, this.garbage());

    const answer = this.answer(request, { baudRate: port.openOptions.baudRate, parity: port.openOptions.parity });
    if (answer === null) return;
    switch (fault) {
      case 'corrupt':
        return this.send(port, this.corrupt(answer));
      case 'drop-bytes':
        return this.send(port, this.dropBytes(answer));
      case 'unplug':
        return this.send(port, answer.slice(0, Math.floor(answer.length / 2)), () => this.unplug());
      default:
        return this.send(port, answer);
    }
  }

  private send(port: SimulatedPortBinding, bytes: Uint8Array, then?: () => void): void {
    let at = 0;
    this.answering++;
    const next = (): void => {
      if (!port.isOpen || this.unplugged) {
        this.answering--;
        return;
      }
      port.emitData(Buffer.from(bytes.subarray(at, at + this.chunkSize)));
      at += this.chunkSize;
      // Each chunk on a timer of its own, so a test's fake clock delivers it before any later deadline.
      if (at < bytes.length) return void setTimeout(next, 0);
      this.answering--;
      then?.();
    };
    setTimeout(next, this.answerDelayMs);
  }
}

/** MockPortBinding that hands writes to the device and can fail like a pulled cable. */
class SimulatedPortBinding extends MockPortBinding {
  private rejectRead: ((err: Error) => void) | null = null;

  constructor(
    port: MockPortInternal,
    openOptions: Required<MockOpenOptions>,
    private readonly device: SimulatedSerialDevice,
  ) {
    super(port, openOptions);
  }

  /** A read that fails with an error lacking `canceled` makes serialport close the port as disconnected. */
  override read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
    if (!this.device.isPluggedIn) return Promise.reject(new Error(DISCONNECTED));
    return new Promise((resolve, reject) => {
      this.rejectRead = reject;
      super.read(buffer, offset, length).then(resolve, reject);
    });
  }

  override async write(buffer: Buffer): Promise<void> {
    if (!this.device.isPluggedIn) throw new Error(DISCONNECTED);
    await super.write(buffer);
    try {
      this.device.receive(new Uint8Array(buffer), this);
    } catch (err) {
      // A bug in a simulator must fail the test, not pass for a disconnect (which a write error means to serialport).
      setImmediate(() => {
        throw err;
      });
    }
  }

  disconnect(): void {
    this.rejectRead?.(new Error(DISCONNECTED));
    this.rejectRead = null;
  }
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}
