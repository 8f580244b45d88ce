import { SERIAL_SETTINGS } from '../../../domain/devices/device-table';
import { decodeModbusResponse, expectedModbusResponseLength } from '../../../domain/devices/modbus';
import {
  decodeProbeReading,
  encodeProbeAddressChange,
  encodeProbeReadRequest,
  type ModbusProbeMap,
} from '../../../domain/devices/modbus-probe';
import type { DecodedReading } from '../../../domain/devices/types';
import { OpsFlowError, isOpsFlowError } from '../../../domain/errors';
import { exchange, type ByteStream, type LineSettings, type Parity } from './transport';

/**
 * XY-MD02 / MD02 probes on one RS-485 bus. Every answer is CRC-checked by the decoder; a damaged
 * or missing answer is asked for again once, then reported.
 *
 * Parity: probes ship at 8N1 or 8E1 and a probe at the other parity hears only framing errors,
 * which a Modbus slave ignores. So silence at one parity means "try the other": each address is
 * tried at N, then E, once, and the parity that answered is remembered for that address. The
 * port is reopened to switch (serialport can only change the baud rate of an open port).
 *
 * One call at a time: the device manager queues calls per port.
 */

export interface ModbusProbe {
  address: number;
  map: ModbusProbeMap;
  /** Read the humidity register too (default true). */
  withHumidity?: boolean;
}

export interface ModbusBusOptions {
  /** Per attempt. */
  timeoutMs?: number;
  /** Extra attempts after a timeout or a damaged answer. */
  retries?: number;
}

export type ProbePoll = { probe: ModbusProbe; reading: DecodedReading } | { probe: ModbusProbe; error: OpsFlowError };

const RETRYABLE = new Set(['DEVICE_TIMEOUT', 'CRC_MISMATCH', 'FRAME_TRUNCATED', 'FRAME_INVALID']);

export class ModbusBus {
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly parityByAddress = new Map<number, Parity>();
  private openParity: Parity | null = null;

  constructor(
    private readonly stream: ByteStream,
    options: ModbusBusOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? SERIAL_SETTINGS.modbus.timeoutMs;
    this.retries = options.retries ?? 1;
  }

  /** The parity a probe answered at; null until it has. */
  parityOf(address: number): Parity | null {
    return this.parityByAddress.get(address) ?? null;
  }

  async open(): Promise<void> {
    await this.useParity(SERIAL_SETTINGS.modbus.parities[0] ?? 'none');
  }

  async close(): Promise<void> {
    this.openParity = null;
    await this.stream.close();
  }

  async readProbe(probe: ModbusProbe): Promise<DecodedReading> {
    const request = encodeProbeReadRequest(probe.map, probe.address, probe.withHumidity ?? true);
    return this.transact(probe.address, request, (response) => decodeProbeReading(probe.map, request, response));
  }

  /**
   * Reads every probe; one probe's failure does not stop the others. Probes are taken grouped by
   * parity so the port is reopened as little as possible; results come back in the given order.
   */
  async pollProbes(probes: readonly ModbusProbe[]): Promise<ProbePoll[]> {
    const order = probes.map((probe, i) => ({ probe, i })).sort((a, b) => this.parityRank(a.probe) - this.parityRank(b.probe));
    const results: ProbePoll[] = new Array(probes.length);
    for (const { probe, i } of order) {
      try {
        results[i] = { probe, reading: await this.readProbe(probe) };
      } catch (err) {
        if (!isOpsFlowError(err) || err.code === 'DEVICE_UNPLUGGED') throw err;
        results[i] = { probe, error: err };
      }
    }
    return results;
  }

  /**
   * Moves a probe to another address. Refuses an address another probe already answers at: two
   * probes sharing an address garble each other's answers and neither can be read.
   */
  async changeAddress(probe: ModbusProbe, newAddress: number): Promise<ModbusProbe> {
    const request = encodeProbeAddressChange(probe.map, probe.address, newAddress);
    const moved = { ...probe, address: newAddress };
    if (newAddress === probe.address) return moved;
    const parity = await this.learnParity(probe);
    if (await this.answersAt(moved, parity)) {
      throw new OpsFlowError('CONFLICT', `Another probe already uses address ${newAddress}. Choose a free address.`, { newAddress });
    }
    try {
      await this.transact(probe.address, request, (response) => decodeModbusResponse(request, response));
    } catch (err) {
      // The probe may have moved and only its confirmation was lost: look for it at the new address.
      if (!(isOpsFlowError(err) && err.code === 'DEVICE_TIMEOUT' && (await this.answersAt(moved, parity)))) throw err;
    }
    this.parityByAddress.delete(probe.address);
    this.parityByAddress.set(newAddress, parity);
    return moved;
  }

  private async learnParity(probe: ModbusProbe): Promise<Parity> {
    const known = this.parityOf(probe.address);
    if (known) return known;
    await this.readProbe(probe);
    return this.parityOf(probe.address) ?? 'none';
  }

  private parityRank(probe: ModbusProbe): number {
    const parity = this.parityOf(probe.address);
    if (parity === this.openParity) return 0;
    return parity === null ? 2 : 1;
  }

  private async transact<T>(address: number, request: Uint8Array, decode: (response: Uint8Array) => T): Promise<T> {
    const known = this.parityOf(address);
    const candidates = known ? [known] : SERIAL_SETTINGS.modbus.parities;
    for (const parity of candidates) {
      await this.useParity(parity);
      try {
        const result = await this.attempt(request, decode);
        this.parityByAddress.set(address, parity);
        return result;
      } catch (err) {
        // Anything but silence means a probe answered at this parity: do not look further.
        if (!(isOpsFlowError(err) && err.code === 'DEVICE_TIMEOUT')) throw err;
      }
    }
    throw new OpsFlowError(
      'DEVICE_TIMEOUT',
      `The probe at address ${address} did not answer. Check its wiring, power and address; OpsFlow will ask again.`,
      { address, parities: candidates },
    );
  }

  private async attempt<T>(request: Uint8Array, decode: (response: Uint8Array) => T): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await exchange(this.stream, request, {
          isComplete: (r) => r.length >= expectedModbusResponseLength(request, r),
          timeoutMs: this.timeoutMs,
        });
        return decode(response);
      } catch (err) {
        if (attempt < this.retries && isOpsFlowError(err) && RETRYABLE.has(err.code)) continue;
        throw err;
      }
    }
  }

  /** One attempt, no retry: any answer at all (even a damaged one) means the address is taken. */
  private async answersAt(probe: ModbusProbe, parity: Parity): Promise<boolean> {
    await this.useParity(parity);
    const request = encodeProbeReadRequest(probe.map, probe.address, false);
    try {
      await exchange(this.stream, request, { isComplete: (r) => r.length >= expectedModbusResponseLength(request, r), timeoutMs: this.timeoutMs });
      return true;
    } catch (err) {
      if (isOpsFlowError(err) && err.code === 'DEVICE_TIMEOUT') return false;
      throw err;
    }
  }

  private async useParity(parity: Parity): Promise<void> {
    if (this.openParity === parity && this.stream.isOpen) return;
    if (this.stream.isOpen) await this.stream.close();
    const line: LineSettings = { baudRate: SERIAL_SETTINGS.modbus.baudRate, parity, dataBits: 8, stopBits: 1 };
    await this.stream.open(line);
    this.openParity = parity;
  }
}
