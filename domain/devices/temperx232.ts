import { OpsFlowError } from '../errors';
import { asciiBytes, latin1Text } from './bytes';
import type { DecodedReading, InnerOuterChannel as Channel } from './types';

/**
 * PCsensor TEMPerX232: ASCII over a 9600 8N1 serial port. Commands are sent without a line
 * ending. Replies (PCsensor "secondary development" document):
 *   ReadTemp  -> "Temp-Inner:23.45 [C],45.67 [%RH]<" and, with a probe, "Temp-Outer:21.00 [C]<"
 *                ("unknow!" instead of a sensor line when the board cannot identify the sensor)
 *   ReadCalib -> "Inner-Calib:1.0 [C],-0.5 [%RH]<"
 *   SetCalib-Inner:1.0,-0.5>  -> "Inner:OK,OK" or "Inner:ERROR,ERROR"
 *   Version   -> "TEMPerX232_V2.5"
 */

export type TemperX232Command = 'ReadTemp' | 'Version' | 'ReadCalib';

export function encodeTemperX232Command(command: TemperX232Command): Uint8Array {
  return asciiBytes(command);
}

const CALIB_LIMIT_CENTI = 1000; // the device accepts -10.0 .. +10.0

/** Offsets in hundredths; the device stores tenths, so they must be multiples of 10. */
export function encodeTemperX232SetCalib(channel: Channel, tempOffsetCentiC: number, rhOffsetCentiPct: number): Uint8Array {
  for (const value of [tempOffsetCentiC, rhOffsetCentiPct]) {
    if (!Number.isInteger(value) || value % 10 !== 0 || Math.abs(value) > CALIB_LIMIT_CENTI) {
      throw new OpsFlowError(
        'BAD_INPUT',
        'A TEMPerX232 calibration offset must be between -10.0 and +10.0, in steps of 0.1.',
        { tempOffsetCentiC, rhOffsetCentiPct },
      );
    }
  }
  return asciiBytes(`SetCalib-${channelWord(channel)}:${formatTenths(tempOffsetCentiC / 10)},${formatTenths(rhOffsetCentiPct / 10)}>`);
}

/** Hundredths of a unit, exactly, from a decimal string such as "-18.5" or "23.456" (rounded). */
function parseCenti(text: string): number {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw invalid(text);
  const [, sign, whole = '0', fraction = ''] = m;
  const digits = (fraction + '000').slice(0, 3);
  const thousandths = Number(whole) * 1000 + Number(digits);
  const centi = Math.floor((thousandths + 5) / 10);
  return sign === '-' && centi !== 0 ? -centi : centi;
}

function formatTenths(tenths: number): string {
  const sign = tenths < 0 ? '-' : '';
  const abs = Math.abs(tenths);
  return `${sign}${Math.floor(abs / 10)}.${abs % 10}`;
}

function channelWord(channel: Channel): 'Inner' | 'Outer' {
  return channel === 'internal' ? 'Inner' : 'Outer';
}

function channelOf(word: string): Channel {
  return word === 'Inner' ? 'internal' : 'external';
}

function invalid(reply: string): OpsFlowError {
  return new OpsFlowError('FRAME_INVALID', "The thermometer's answer could not be understood; OpsFlow will ask again.", {
    reply: reply.slice(0, 80),
  });
}

/**
 * Longer than any answer the board gives (two reading lines are about 60 bytes). A longer reply is
 * noise or a babbling device: it is refused before anything looks at it, so no decoder step ever
 * runs over more than this many characters.
 */
export const TEMPERX232_MAX_REPLY_BYTES = 256;

function textOf(reply: Uint8Array | string): string {
  if (reply.length > TEMPERX232_MAX_REPLY_BYTES) {
    throw new OpsFlowError('FRAME_INVALID', "The thermometer's answer was far too long to be a reading; OpsFlow will ask again.", {
      length: reply.length,
    });
  }
  return typeof reply === 'string' ? reply : latin1Text(reply);
}

/** A character `\s` matches: exactly the ones String.prototype.trim drops. */
const isBlank = (c: string) => c.trim() === '';

/**
 * The text without the leading and trailing characters `strip` says to drop. Index loops, not
 * `/[…]+$/`: that pattern retries from every position of a long blank run that is not at the end,
 * which made the version decoder quadratic (13 s on one fuzz input).
 */
function stripEnds(text: string, strip: { leading: (c: string) => boolean; trailing: (c: string) => boolean }): string {
  let start = 0;
  let end = text.length;
  while (start < end && strip.leading(text[start]!)) start++;
  while (end > start && strip.trailing(text[end - 1]!)) end--;
  return text.slice(start, end);
}

/** The firmware name some boards send ahead of their reading lines ("TEMPerX232_V2.5"). */
const BANNER_LINE = /^TEMPer[\x21-\x7e]*$/;
/** What a reading line starts with, so a reply ending inside one is known to be still arriving. */
const LINE_STARTS = ['Temp-', 'unknow', 'Inner-', 'Outer-'];

/** The CR/LF-separated pieces of a stretch of reply, blanks dropped, without the banner lines. */
function piecesOf(text: string): string[] {
  return text
    .split(/[\r\n]/)
    .map((p) => p.trim())
    .filter((p) => p !== '' && !BANNER_LINE.test(p));
}

/** Whether `text` (not empty) is the beginning of a line: "Temp-Inn", "T", "unknow!"… */
const startsLikeALine = (text: string) => LINE_STARTS.some((start) => start.startsWith(text.slice(0, start.length)));

/**
 * Splits a reply into its "<"-terminated lines. The firmware banner may come first and line
 * endings may fall anywhere (boards and USB bridges differ): banner lines are skipped and a CR or
 * LF inside a line is dropped, so each line is read for what it says. Anything after the last "<"
 * other than a banner or line endings means the reply is still arriving.
 */
function replyLines(reply: string): string[] {
  const parts = reply.split('<');
  const rest = piecesOf(parts.pop() ?? '').join('');
  if (rest !== '') {
    if (startsLikeALine(rest)) {
      throw new OpsFlowError('FRAME_TRUNCATED', "The thermometer's answer was cut short; OpsFlow will ask again.", {
        reply: reply.slice(0, 80),
      });
    }
    throw invalid(reply);
  }
  return parts.map((p) => piecesOf(p).join('')).filter((p) => p !== '');
}

const NUMBER = '(-?\\d+(?:\\.\\d+)?)';
const READING_LINE = new RegExp(`^Temp-(Inner|Outer):\\s*${NUMBER}\\s*\\[C\\](?:\\s*,\\s*${NUMBER}\\s*\\[%RH\\])?$`);
const CALIB_LINE = new RegExp(`^(Inner|Outer)-Calib:\\s*${NUMBER}\\s*\\[C\\](?:\\s*,\\s*${NUMBER}\\s*\\[%RH\\])?$`);

/**
 * The reply to ReadTemp: one line per sensor, inner and outer in either order, each with or
 * without humidity. A sensor the board reports as "unknow!" is left out; a reply naming the same
 * sensor twice is refused, since which of its values holds cannot be known.
 */
export function decodeTemperX232Reading(reply: Uint8Array | string): DecodedReading[] {
  const text = textOf(reply);
  const lines = replyLines(text);
  if (lines.length === 0) throw invalid(text);
  const readings: DecodedReading[] = [];
  for (const line of lines) {
    if (line.startsWith('unknow')) continue;
    const m = READING_LINE.exec(line);
    if (!m) throw invalid(text);
    const [, word = '', temp = '', rh] = m;
    const channel = channelOf(word);
    if (readings.some((r) => r.channel === channel)) throw invalid(text);
    readings.push({ channel, tempCentiC: parseCenti(temp), rhCentiPct: rh === undefined ? null : parseCenti(rh) });
  }
  return readings;
}

export interface TemperX232Calibration {
  channel: Channel;
  tempOffsetCentiC: number;
  rhOffsetCentiPct: number | null;
}

/** The reply to ReadCalib. */
export function decodeTemperX232Calibration(reply: Uint8Array | string): TemperX232Calibration[] {
  const text = textOf(reply);
  const lines = replyLines(text);
  if (lines.length === 0) throw invalid(text);
  const out: TemperX232Calibration[] = [];
  for (const line of lines) {
    if (line.startsWith('unknow')) continue;
    const m = CALIB_LINE.exec(line);
    if (!m) throw invalid(text);
    const [, word = '', temp = '', rh] = m;
    out.push({ channel: channelOf(word), tempOffsetCentiC: parseCenti(temp), rhOffsetCentiPct: rh === undefined ? null : parseCenti(rh) });
  }
  return out;
}

/** The reply to SetCalib: "Inner:OK,OK" (temperature, humidity). */
export function decodeTemperX232SetCalibReply(reply: Uint8Array | string): { channel: Channel; tempOk: boolean; rhOk: boolean } {
  const text = textOf(reply);
  // Blanks, then at most one "<", then blanks again, at the end: trimmed by hand, since `\s*<?\s*$`
  // backtracks over every split of a long blank run.
  let body = stripEnds(text, { leading: isBlank, trailing: isBlank });
  if (body.endsWith('<')) body = stripEnds(body.slice(0, -1), { leading: () => false, trailing: isBlank });
  const m = /^(Inner|Outer):\s*(OK|ERROR)\s*,\s*(OK|ERROR)$/.exec(body);
  if (!m) throw invalid(text);
  const [, word = '', temp, rh] = m;
  return { channel: channelOf(word), tempOk: temp === 'OK', rhOk: rh === 'OK' };
}

/** The reply to Version, e.g. "TEMPerX232_V2.5". */
export function decodeTemperX232Version(reply: Uint8Array | string): string {
  const text = textOf(reply);
  const version = stripEnds(text, {
    leading: (c) => c === '\0' || isBlank(c),
    trailing: (c) => c === '<' || c === '>' || c === '\0' || isBlank(c),
  });
  if (!/^TEMPer[\x21-\x7e]*$/.test(version)) throw invalid(text);
  return version;
}
