import { OpsFlowError } from '../../../domain/errors';

/**
 * What the drivers talk through. Each has a real implementation (serialport, node-hid) and a
 * simulated one, and a driver cannot tell them apart.
 */

export type Parity = 'none' | 'even';

export interface LineSettings {
  baudRate: number;
  parity: Parity;
  dataBits: 8;
  stopBits: 1;
}

export interface ReadUntil {
  /** True once `received` holds a whole answer. Frames arrive in chunks, so this is asked often. */
  isComplete: (received: Uint8Array) => boolean;
  /** The whole wait, from the call. */
  timeoutMs: number;
  /**
   * After a complete answer, wait this long for more bytes; each new byte restarts the wait.
   * For answers of unknown length (a second text line that may or may not follow).
   */
  settleMs?: number;
  /**
   * No answer of this protocol is longer: once this many bytes have arrived the read ends with them,
   * whatever else the device keeps sending, and the decoder refuses them. A babbling device costs a
   * bounded buffer and one refused reply, never an ever-growing string to parse.
   */
  maxBytes?: number;
}

/** A serial port: request/answer protocols over a byte stream. */
export interface ByteStream {
  readonly path: string;
  readonly isOpen: boolean;
  /** Opens with these settings; after close() it can be opened again with others (parity probing). */
  open(settings: LineSettings): Promise<void>;
  close(): Promise<void>;
  write(bytes: Uint8Array): Promise<void>;
  /**
   * Resolves with everything received: a complete answer, or whatever arrived before the deadline
   * (the decoder then says it was cut short). Rejects with DEVICE_TIMEOUT when nothing arrived and
   * DEVICE_UNPLUGGED when the port went away. One read at a time.
   */
  read(until: ReadUntil): Promise<Uint8Array>;
  /** Drops bytes nobody asked for (a late answer to a request that already timed out). */
  discardInput(): void;
  /** 'unplugged' when the port went away by itself, 'closed' after close(). Returns an unsubscribe. */
  onClose(listener: (reason: 'closed' | 'unplugged') => void): () => void;
}

/** A USB HID device, one interface. Reports are written without the report id. */
export interface HidDevice {
  write(report: Uint8Array): Promise<void>;
  /** The next input report, or null when none came within the time. */
  read(timeoutMs: number): Promise<Uint8Array | null>;
  close(): Promise<void>;
}

/** A USB HID interface as the system lists it. */
export interface HidListing {
  path: string;
  vendorId: number;
  productId: number;
  interface: number;
  serialNumber: string | null;
}

/** A serial port as the system lists it; USB ids are null for built-in ports. */
export interface SerialListing {
  path: string;
  vendorId: number | null;
  productId: number | null;
  serialNumber: string | null;
}

/**
 * A vendor-specific USB device (neither HID nor serial), through the `usb` package: vendor control
 * transfers, then bulk transfers on one out and one in endpoint.
 */
export interface UsbBulkDevice {
  /** A vendor control transfer to the device, with no data stage. */
  controlOut(request: number, value: number, index: number): Promise<void>;
  /** One bulk transfer to the out endpoint. Rejects with DEVICE_UNPLUGGED when the device went away. */
  bulkOut(bytes: Uint8Array): Promise<void>;
  /**
   * One bulk transfer from the in endpoint: what the device sent, at most maxLength bytes. Rejects
   * with DEVICE_TIMEOUT when nothing came within timeoutMs and DEVICE_UNPLUGGED when the device went away.
   */
  bulkIn(maxLength: number, timeoutMs: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** A USB device as the system lists it, for devices spoken to without a kernel driver. */
export interface UsbListing {
  /** "usb:<bus>:<address>"; stable while plugged in. */
  path: string;
  vendorId: number;
  productId: number;
  serialNumber: string | null;
}

/** Stale bytes are dropped first so a late answer to an earlier request is never taken for this one. */
export async function exchange(stream: ByteStream, request: Uint8Array, until: ReadUntil): Promise<Uint8Array> {
  stream.discardInput();
  await stream.write(request);
  return stream.read(until);
}

export function deviceTimeoutError(details: Record<string, unknown> = {}): OpsFlowError {
  return new OpsFlowError(
    'DEVICE_TIMEOUT',
    'The device did not answer in time. Check that it is plugged in and switched on; OpsFlow will ask again.',
    details,
  );
}

export function deviceUnpluggedError(details: Record<string, unknown> = {}): OpsFlowError {
  return new OpsFlowError('DEVICE_UNPLUGGED', 'The device was unplugged. Plug it in again to continue.', details);
}
