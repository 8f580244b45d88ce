import { createRequire } from 'node:module';

/**
 * serialport's mock binding (@serialport/binding-mock), typed.
 *
 * Loaded with require on purpose. The package ships a CommonJS and an ESM build, each with its
 * own registry of mock ports, and serialport itself loads the CommonJS one: `import` would give a
 * second MockBinding that `SerialPortMock` knows nothing about. Its "exports" map also hides the
 * type declarations from TypeScript's bundler resolution, hence the types below.
 */

export interface MockPortInfo {
  path: string;
  manufacturer: string | undefined;
  serialNumber: string | undefined;
  vendorId: string | undefined;
  productId: string | undefined;
}

export interface MockOpenOptions {
  path: string;
  baudRate: number;
  parity?: 'none' | 'even' | 'odd' | 'mark' | 'space';
  dataBits?: 5 | 6 | 7 | 8;
  stopBits?: 1 | 1.5 | 2;
  lock?: boolean;
}

export interface MockCreatePortOptions {
  echo?: boolean;
  record?: boolean;
  readyData?: Buffer;
  maxReadSize?: number;
  manufacturer?: string;
  vendorId?: string;
  productId?: string;
}

export interface MockPortInternal {
  data: Buffer;
  echo: boolean;
  record: boolean;
  info: MockPortInfo;
  maxReadSize: number;
}

export interface MockPortBindingInstance {
  readonly openOptions: Required<MockOpenOptions>;
  readonly port: MockPortInternal;
  isOpen: boolean;
  /** Everything written, when the port was created with `record: true`. */
  recording: Buffer;
  lastWrite: Buffer | null;
  /** Pretends the device sent these bytes. */
  emitData(data: Buffer | string): void;
  close(): Promise<void>;
  read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }>;
  write(buffer: Buffer): Promise<void>;
}

export interface MockBindingApi {
  createPort(path: string, options?: MockCreatePortOptions): void;
  reset(): void;
  list(): Promise<MockPortInfo[]>;
  open(options: MockOpenOptions): Promise<MockPortBindingInstance>;
}

const bindingMock = createRequire(import.meta.url)('@serialport/binding-mock') as {
  MockBinding: MockBindingApi;
  MockPortBinding: new (port: MockPortInternal, openOptions: Required<MockOpenOptions>) => MockPortBindingInstance;
};

export const MockBinding = bindingMock.MockBinding;
export const MockPortBinding = bindingMock.MockPortBinding;
