import { OpsFlowError } from '../errors';
import { ELITECH_MODELS, decodeElitechAck, decodeElitechBody, decodeElitechHeader, decodeElitechPairBody, type ElitechUnit } from './elitech';
import { decodeElitechDevInfo } from './elitech-devinfo';
import { decodeElUsbCapture, type ElUsbCaptureInput } from './elusb-capture';
import { decodeModbusRequest, decodeModbusResponse } from './modbus';
import { decodeProbeRegisters } from './modbus-probe';
import { hexToBytes } from './hex';
import { decodeTemperReport } from './temper';
import { decodeTemperX232Reading } from './temperx232';
import type { DecodedReading } from './types';

/**
 * Decodes a capture a customer sends to support (`opsflow devices decode`), with the same decoders
 * the drivers use, into the JSON the command prints. A frame that fails its CRC or checksum, or is
 * cut short, throws the decoder's error: it is never decoded.
 */

export const CAPTURE_PROTOCOLS = ['temper', 'temperx232', 'modbus', 'elitech', 'elusb'] as const;
export type CaptureProtocol = (typeof CAPTURE_PROTOCOLS)[number];

/** header, body and devinfo answers; init and clockSet are the logger's 3-byte acknowledgements. */
export const ELITECH_CAPTURE_FRAMES = ['header', 'body', 'devinfo', 'init', 'clockSet'] as const;
export type ElitechCaptureFrame = (typeof ELITECH_CAPTURE_FRAMES)[number];

export interface CaptureInput extends Omit<ElUsbCaptureInput, 'frame' | 'model'> {
  protocol: CaptureProtocol;
  /** temper: the firmware string the device reported. */
  firmware?: string;
  /** temper, modbus, elitech: the answer, as hex. */
  hex?: string;
  /** temperx232: the reply text. */
  text?: string;
  /** modbus: the request, as hex (it says which registers the answer holds). */
  request?: string;
  /** elitech: which answer the frame is; elusb: config or samples. */
  frame?: string;
  /** elitech body: the logger's unit (C unless said). */
  unit?: ElitechUnit;
  /** elitech body: records on the page, when known; otherwise taken from the frame's length. */
  count?: number;
  /** elitech body: the logger model (RC-4 unless said); an RC-4HC page carries humidity too. elusb samples: EL-USB-1 or EL-USB-2. */
  model?: string;
}

export interface CaptureReading {
  channel?: string;
  /** null when the answer holds no temperature (a Modbus poll of the humidity register alone). */
  celsius: number | null;
  rh: number | null;
}

function required(value: string | undefined, option: string, protocol: string): string {
  if (value === undefined || value === '') throw new OpsFlowError('BAD_INPUT', `--protocol ${protocol} needs ${option}.`);
  return value;
}

function celsius(centiC: number): number {
  return centiC / 100;
}

/** A thermometer's reading in °C and %, as people read them, with the channel it came from. */
function readingJson(r: DecodedReading): CaptureReading {
  return { channel: r.channel ?? 'internal', celsius: celsius(r.tempCentiC), rh: r.rhCentiPct === null ? null : r.rhCentiPct / 100 };
}

export function decodeCapture(input: CaptureInput): Record<string, unknown> {
  switch (input.protocol) {
    case 'temper': {
      const firmware = required(input.firmware, '--firmware <string>', 'temper');
      const bytes = hexToBytes(required(input.hex, '--hex <response>', 'temper'));
      return { readings: decodeTemperReport(firmware, bytes).map(readingJson) };
    }
    case 'temperx232': {
      const text = required(input.text, '--text <reply text>', 'temperx232');
      return { readings: decodeTemperX232Reading(text).map(readingJson) };
    }
    case 'modbus':
      return decodeModbusCapture(hexToBytes(required(input.request, '--request <hex>', 'modbus')), hexToBytes(required(input.hex, '--hex <response>', 'modbus')));
    case 'elitech':
      return decodeElitechCapture(input);
    case 'elusb':
      return decodeElUsbCapture(input);
  }
}

function decodeModbusCapture(request: Uint8Array, response: Uint8Array): Record<string, unknown> {
  const req = decodeModbusRequest(request);
  if (req.kind === 'write') {
    const written = decodeModbusResponse(request, response);
    return { readings: [], written };
  }
  // The read function tells the register maps apart: input registers on the XY-MD02, holding on the MD02.
  const map = req.functionCode === 0x04 ? 'xy-md02' : 'md02';
  const { tempCentiC, rhCentiPct } = decodeProbeRegisters(map, request, response);
  return { readings: [{ celsius: tempCentiC === null ? null : celsius(tempCentiC), rh: rhCentiPct === null ? null : rhCentiPct / 100 }] };
}

function decodeElitechCapture(input: CaptureInput): Record<string, unknown> {
  const frame = (ELITECH_CAPTURE_FRAMES as readonly string[]).includes(input.frame ?? '') ? (input.frame as ElitechCaptureFrame) : null;
  if (!frame) throw new OpsFlowError('BAD_INPUT', `--protocol elitech needs --frame <${ELITECH_CAPTURE_FRAMES.join('|')}>.`);
  const bytes = hexToBytes(required(input.hex, '--hex <frame>', 'elitech'));
  switch (frame) {
    case 'header': {
      const header = decodeElitechHeader(bytes);
      return { records: header.records, start: header.start };
    }
    case 'body': {
      // A page is 0x55, two bytes per value, checksum; a length between whole records is cut short.
      const model = input.model === undefined ? undefined : ELITECH_MODELS.find((m) => m.model === input.model);
      if (model === undefined && input.model !== undefined) {
        throw new OpsFlowError('BAD_INPUT', `--protocol elitech takes --model ${ELITECH_MODELS.map((m) => m.model).join('|')}.`);
      }
      const recordBytes = 2 * (model?.valuesPerRecord ?? 1);
      const count = input.count ?? (bytes.length - 2) / recordBytes;
      if (!Number.isInteger(count) || count < 0) {
        const expected = 2 + recordBytes * Math.ceil(Math.max(0, bytes.length - 2) / recordBytes);
        throw new OpsFlowError('FRAME_TRUNCATED', "The logger's record page was cut short.", { length: bytes.length, expected });
      }
      const unit = input.unit ?? 'C';
      if (recordBytes === 4) {
        return { readings: decodeElitechPairBody(bytes, { count, unit }).map((r) => ({ celsius: celsius(r.tempCentiC), rh: r.rhCentiPct / 100 })) };
      }
      const tempsCentiC = decodeElitechBody(bytes, { count, unit });
      return { readings: tempsCentiC.map((t) => ({ celsius: celsius(t), rh: null })) };
    }
    case 'devinfo': {
      const info = decodeElitechDevInfo(bytes);
      return {
        model: info.model,
        station: info.station,
        deviceNumber: info.deviceNumber,
        records: info.recordCount,
        intervalS: info.intervalS,
        start: info.start,
        clock: info.clock,
        workStatus: info.workStatus,
        unit: info.unit,
        upperLimit: info.tempUpperLimitTenths / 10,
        lowerLimit: info.tempLowerLimitTenths / 10,
        userInfo: info.userInfo,
        // The published device-info frames break the sum rule: a mismatch is reported, not fatal.
        warnings: info.warnings,
      };
    }
    case 'init':
    case 'clockSet':
      decodeElitechAck(bytes, frame);
      return { ack: frame };
  }
}
