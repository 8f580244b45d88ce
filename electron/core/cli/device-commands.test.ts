import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ELITECH_DEVINFO_LENGTH } from '../../../domain/devices/elitech-devinfo';
import { encodeElitechDevInfoRequest } from '../../../domain/devices/elitech-requests';
import { bytesToHex } from '../../../domain/devices/hex';
import { ELITECH_LINE } from '../devices/elitech-driver';
import { ElitechSimulator } from '../devices/simulators/elitech-simulator';
import { ElUsbSimulator, walkInLog } from '../devices/simulators/elusb-simulator';
import { exchange } from '../devices/transport';
import { SimulatedDeviceAccess } from '../devices/simulators/simulated-device-access';
import { TemperSimulator } from '../devices/simulators/temper-simulator';
import { loadCapture } from '../../../tests/support/device-captures';
import { runDeviceClockByItself, settle, useDeviceClock } from '../testing/device-clock';
import { auditActions, openTestEngine, rowCount, setUpOrganization, tempDataDir } from '../testing/test-engine';
import type { CliDeps } from './main';
import { runCliInProcess } from '../testing/cli-in-process';

const REPO = resolve(import.meta.dirname, '../../..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** runCli in this process, with what it writes captured. */
function opsflow(args: string[], deps: CliDeps = {}): Promise<Run> {
  return runCliInProcess(args, deps);
}

const decode = (...args: string[]) => opsflow(['devices', 'decode', ...args]);

/** A failure: status 1, nothing on stdout, one line on stderr. */
function expectOneLineFailure(r: Run, line: RegExp): void {
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^opsflow: [^\n]+\n$/);
  expect(r.stderr).toMatch(line);
}

interface TemperCase {
  firmware: string;
  response: string;
  expect: { channel: string; celsius: number; rh?: number }[];
  source: string;
}
interface ModbusCase {
  request: string;
  response: string;
  expect: { celsius: number; rh?: number }[] | 'error' | 'echo';
  note: string;
}
interface ElitechResponse {
  frame: 'header' | 'init' | 'clockSet';
  hex: string;
  expect: unknown;
}

describe('opsflow devices decode, every capture in tests/fixtures/devices', () => {
  // The devinfo case asks a simulated logger for its frame; the clock jumps over its answer delay.
  runDeviceClockByItself();
  const temper = loadCapture<{ cases: TemperCase[] }>('temper.json');
  it.each(temper.cases.map((c) => [c.firmware, c] as const))('temper %s', async (_name, c) => {
    const r = await decode('--protocol', 'temper', '--firmware', c.firmware, '--hex', c.response);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const { readings } = JSON.parse(r.stdout) as { readings: { channel: string; celsius: number; rh: number | null }[] };
    // The reference tools' rounding on the /256 boards differs in the second decimal (the capture says 0.1).
    const tolerance = c.source.includes('tolerance 0.1') ? 0.1 : 0.01;
    expect(readings).toHaveLength(c.expect.length);
    c.expect.forEach((e, i) => {
      expect(readings[i]!.channel).toBe(e.channel);
      expect(Math.abs(readings[i]!.celsius - e.celsius)).toBeLessThanOrEqual(tolerance);
      if (e.rh === undefined) expect(readings[i]!.rh).toBeNull();
      else expect(Math.abs(readings[i]!.rh! - e.rh)).toBeLessThanOrEqual(0.01);
    });
  });

  it('temper: the TEMPer2_V3.7 capture prints exactly the JSON of the issue', async () => {
    const r = await decode('--protocol', 'temper', '--firmware', 'TEMPer2_V3.7', '--hex', '80800d544e20000080010af04e200000');
    expect(r.stdout).toBe('{"readings":[{"channel":"internal","celsius":34.12,"rh":null},{"channel":"external","celsius":28,"rh":null}]}\n');
  });

  const modbus = loadCapture<{ cases: ModbusCase[] }>('modbus-xymd.json');
  it.each(modbus.cases.map((c) => [c.note, c] as const))('modbus: %s', async (_note, c) => {
    const r = await decode('--protocol', 'modbus', '--request', c.request, '--hex', c.response);
    if (c.expect === 'error') return expectOneLineFailure(r, /cut short/);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const out = JSON.parse(r.stdout) as { readings: { celsius: number; rh: number | null; channel?: string }[]; written?: unknown };
    if (c.expect === 'echo') {
      expect(out).toEqual({ readings: [], written: { kind: 'written', address: 1, register: 0x0100, value: 2 } });
      return;
    }
    expect(out.readings).toEqual(c.expect.map((e) => ({ celsius: e.celsius, rh: e.rh ?? null })));
  });

  const elitech = loadCapture<{ responses: ElitechResponse[] }>('elitech.json');
  it.each(elitech.responses.map((c) => [c.frame, c] as const))('elitech %s', async (_frame, c) => {
    const r = await decode('--protocol', 'elitech', '--frame', c.frame, '--hex', c.hex);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toEqual(c.expect === 'ack' ? { ack: c.frame } : c.expect);
  });

  it('elitech header prints exactly the JSON of the issue', async () => {
    const r = await decode('--protocol', 'elitech', '--frame', 'header', '--hex', '550b7607df050e1704351f');
    expect(r.stdout).toBe('{"records":2934,"start":"2015-05-14T23:04:53"}\n');
  });

  it('elitech body: signed tenths, in °C or converted from °F', async () => {
    // 0x55, -20.5, +4.0, checksum
    const frame = (bytes: number[]) => [...bytes, bytes.reduce((a, b) => (a + b) & 0xff, 0)].map((b) => b.toString(16).padStart(2, '0')).join('');
    const celsius = await decode('--protocol', 'elitech', '--frame', 'body', '--hex', frame([0x55, 0xff, 0x33, 0x00, 0x28]));
    expect(celsius.stdout).toBe('{"readings":[{"celsius":-20.5,"rh":null},{"celsius":4,"rh":null}]}\n');
    const fahrenheit = await decode('--protocol', 'elitech', '--frame', 'body', '--unit', 'F', '--hex', frame([0x55, 0x01, 0x40]));
    expect(JSON.parse(fahrenheit.stdout)).toEqual({ readings: [{ celsius: 0, rh: null }] }); // 32.0 F
  });

  it('elitech body --model RC-4HC: temperature and humidity pairs; humidity outside 0–100 % is refused', async () => {
    const frame = (bytes: number[]) => [...bytes, bytes.reduce((a, b) => (a + b) & 0xff, 0)].map((b) => b.toString(16).padStart(2, '0')).join('');
    // 0x55, (-20.5 C, 85.5 %RH), (4.0 C, 0 %RH), checksum
    const pairs = await decode('--protocol', 'elitech', '--frame', 'body', '--model', 'RC-4HC', '--hex', frame([0x55, 0xff, 0x33, 0x03, 0x57, 0x00, 0x28, 0x00, 0x00]));
    expect(pairs.stdout).toBe('{"readings":[{"celsius":-20.5,"rh":85.5},{"celsius":4,"rh":0}]}\n');
    const tooHumid = await decode('--protocol', 'elitech', '--frame', 'body', '--model', 'RC-4HC', '--hex', frame([0x55, 0x00, 0x28, 0x03, 0xe9]));
    expectOneLineFailure(tooHumid, /temperature and humidity layout/);
  });

  it('elitech devinfo: a device-info frame as the simulated logger sends it, its settings as JSON', async () => {
    const logger = new ElitechSimulator({ model: 'RC-5', intervalS: 300, recordsTenths: [1, 2, 3], deviceNumber: 'EL42' });
    const stream = logger.stream();
    await stream.open(ELITECH_LINE);
    const frame = await exchange(stream, encodeElitechDevInfoRequest(), { isComplete: (r) => r.length >= ELITECH_DEVINFO_LENGTH, timeoutMs: 1000 });
    await stream.close();
    const r = await decode('--protocol', 'elitech', '--frame', 'devinfo', '--hex', bytesToHex(frame));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ model: 'RC-5', deviceNumber: 'EL42', records: 3, intervalS: 300, unit: 'C', workStatus: 'logging', upperLimit: 60, lowerLimit: -30, warnings: [] });
  });

  it('temperx232: the reply text of ReadTemp', async () => {
    const r = await decode('--protocol', 'temperx232', '--text', 'Temp-Inner:23.45 [C],45.67 [%RH]<\r\nTemp-Outer:-18.50 [C]<');
    expect(r.stdout).toBe('{"readings":[{"channel":"internal","celsius":23.45,"rh":45.67},{"channel":"external","celsius":-18.5,"rh":null}]}\n');
  });

  it('answers real devices give that the first decoders refused: three TEMPerNTC channels, a banner-first TEMPerX232, humidity alone', async () => {
    const ntc = await decode('--protocol', 'temper', '--firmware', 'TEMPerNTC1.O', '--hex', '0000201a2b33364d');
    expect(ntc.stdout).toBe('{"readings":[{"channel":"internal","celsius":32.1,"rh":null},{"channel":"external","celsius":43.2,"rh":null},{"channel":"external-2","celsius":54.3,"rh":null}]}\n');
    const x232 = await decode('--protocol', 'temperx232', '--text', 'TEMPerX232_V2.5\r\nTemp-Outer:-0.31 [C]<\r\nTemp-Inner:9.70 [C],70.53 [%RH]<\r\n');
    expect(x232.stdout).toBe('{"readings":[{"channel":"external","celsius":-0.31,"rh":null},{"channel":"internal","celsius":9.7,"rh":70.53}]}\n');
    const humidity = await decode('--protocol', 'modbus', '--request', '010400020001900a', '--hex', '01040202223849');
    expect(humidity.stdout).toBe('{"readings":[{"celsius":null,"rh":54.6}]}\n');
  });
});

describe('opsflow devices decode refuses damaged captures: status 1 and one line saying why', () => {
  it.each([
    ['a Modbus answer with a wrong CRC', ['--protocol', 'modbus', '--request', '010400010001600a', '--hex', '01040201317975'], /fails its CRC check/],
    ['a Modbus answer cut short', ['--protocol', 'modbus', '--request', '010400010001600a', '--hex', '0104020131'], /cut short \(5 bytes, 7 expected\)/],
    ['an Elitech header with a wrong checksum', ['--protocol', 'elitech', '--frame', 'header', '--hex', '550b7607df050e1704351e'], /fails its checksum/],
    ['an Elitech header cut short', ['--protocol', 'elitech', '--frame', 'header', '--hex', '550b7607df050e17'], /cut short/],
    ['an Elitech body page of odd length', ['--protocol', 'elitech', '--frame', 'body', '--hex', '55ff33'], /cut short/],
    ['a TEMPer answer cut short', ['--protocol', 'temper', '--firmware', 'TEMPerGold_V3.1', '--hex', '8080'], /cut short/],
    ['a TEMPerX232 reply cut short', ['--protocol', 'temperx232', '--text', 'Temp-Inner:23.4'], /cut short/],
    ['a TEMPerX232 reply cut short after its banner', ['--protocol', 'temperx232', '--text', 'TEMPerX232_V2.5\r\nTemp-Out'], /cut short/],
    ['a Modbus humidity-only answer with a wrong CRC', ['--protocol', 'modbus', '--request', '010400020001900a', '--hex', '01040202223848'], /fails its CRC check/],
    ['a TEMPerNTC answer short of its third sensor', ['--protocol', 'temper', '--firmware', 'TEMPerNTC1.O', '--hex', '80061bc01b21'], /cut short/],
    ['a TEMPer of a family OpsFlow does not know', ['--protocol', 'temper', '--firmware', 'Thermo9000', '--hex', '8080'], /cannot read yet/],
    ['hex that is not hex', ['--protocol', 'modbus', '--request', '010400010001600a', '--hex', '01zz'], /not a valid hexadecimal/],
    ['temper without its firmware', ['--protocol', 'temper', '--hex', '808009214e200000'], /--protocol temper needs --firmware/],
    ['an unknown protocol', ['--protocol', 'zigbee', '--hex', '00'], /argument 'zigbee' is invalid/],
    ['elitech without a frame kind', ['--protocol', 'elitech', '--hex', '55a5fa'], /needs --frame/],
  ])('%s', async (_what, args, line) => {
    expectOneLineFailure(await decode(...args), line);
  });

  it('as a separate process: JSON on stdout and status 0, or status 1 and one line on stderr', async () => {
    const run = promisify(execFile);
    const env = { ...process.env, OPSFLOW_DATA_DIR: '', OPSFLOW_LOG_LEVEL: 'warn' };
    const ok = await run(process.execPath, ['bin/opsflow.js', 'devices', 'decode', '--protocol', 'modbus', '--request', '010400010002200b', '--hex', '010404013102222ace'], { cwd: REPO, env });
    expect(ok).toEqual({ stdout: '{"readings":[{"celsius":30.5,"rh":54.6}]}\n', stderr: '' });
    const bad = await run(process.execPath, ['bin/opsflow.js', 'devices', 'decode', '--protocol', 'modbus', '--request', '010400010002200b', '--hex', '010404013102222acf'], { cwd: REPO, env }).then(
      () => null,
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(bad).toMatchObject({ code: 1, stdout: '', stderr: 'opsflow: The frame fails its CRC check: it was damaged in transit or copied wrongly.\n' });
  });
});

describe('opsflow devices list and download', () => {
  // The devices answer on the fake device clock, moved until each command is done.
  useDeviceClock();
  /** Device time for `devices list`: every device identified (a logger's identify deadline is 1 s). */
  const LIST_WITHIN_MS = 10_000;
  /** Device time for `devices download`: an RC-5's four pages, each answered within a few ms. */
  const DOWNLOAD_WITHIN_MS = 60_000;
  let dir: string;
  let cleanup: () => void;
  beforeAll(async () => {
    const temp = tempDataDir();
    dir = join(temp.dir, 'data');
    cleanup = temp.cleanup;
    const engine = await openTestEngine({ dataDir: dir });
    await setUpOrganization(engine);
    engine.close();
  });
  afterAll(() => cleanup());

  it('lists the connected devices as a table, or as JSON', async () => {
    const access = new SimulatedDeviceAccess();
    const temper = new TemperSimulator({ firmware: 'TEMPer2_V3.7', serialNumber: 'T2-77' });
    const logger = new ElitechSimulator();
    access.plug(temper);
    access.plug(logger);
    const table = await settle(opsflow(['devices', 'list'], { deviceAccess: access }), LIST_WITHIN_MS);
    expect(table).toMatchObject({ code: 0, stderr: '' });
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^PORT\s+DEVICE\s+KIND\s+SERIAL\s+STATUS\s+NOTE$/);
    expect(lines.find((l) => l.startsWith(temper.path))).toMatch(/TEMPer2_V3\.7\s+live\s+T2-77\s+ready/);
    expect(lines.find((l) => l.startsWith(logger.path))).toMatch(/Elitech RC-4\s+logger\s+EL20240001\s+ready\s+Logging/);

    const json = await settle(opsflow(['devices', 'list', '--json'], { deviceAccess: access }), LIST_WITHIN_MS);
    expect(JSON.parse(json.stdout)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: temper.path, family: 'temper', kind: 'live', label: 'TEMPer2_V3.7', serialNumber: 'T2-77', status: 'ready' }),
        expect.objectContaining({ id: logger.path, family: 'elitech', kind: 'logger', label: 'Elitech RC-4', serialNumber: 'EL20240001', status: 'ready' }),
      ]),
    );
    expect(await settle(opsflow(['devices', 'list'], { deviceAccess: new SimulatedDeviceAccess() }), LIST_WITHIN_MS)).toMatchObject({ code: 0, stdout: 'No temperature devices are connected.\n' });
  });

  it('downloads a logger into the data folder; a second download adds nothing', async () => {
    const access = new SimulatedDeviceAccess();
    const logger = new ElitechSimulator({ model: 'RC-5' });
    access.plug(logger);
    const first = await settle(opsflow(['devices', 'download', logger.path, '--protocol', 'elitech', '--data-dir', dir], { deviceAccess: access }), DOWNLOAD_WITHIN_MS);
    expect(first).toEqual({ code: 0, stdout: '2000 new readings, 0 already there\n', stderr: '' });
    const again = await settle(opsflow(['devices', 'download', logger.path, '--data-dir', dir], { deviceAccess: access }), DOWNLOAD_WITHIN_MS);
    expect(again.stdout).toBe('0 new readings, 2000 already there\n');

    const engine = await openTestEngine({ dataDir: dir });
    try {
      expect(rowCount(engine, 'readings')).toBe(2000);
      expect(engine.context.sqlite.prepare("SELECT actor_name, summary FROM audit_entries WHERE action = 'devices.download' ORDER BY seq").all()).toEqual([
        { actor_name: 'command line', summary: 'Downloaded 2,000 readings from Elitech RC-5 #EL20240001: 2,000 new, 0 already there' },
        { actor_name: 'command line', summary: 'Downloaded 2,000 readings from Elitech RC-5 #EL20240001: 0 new, 2,000 already there' },
      ]);
      expect(auditActions(engine).length).toBeGreaterThan(2);
    } finally {
      engine.close();
    }
  });

  it('lists a Lascar EL-USB by its usb port, and one OpsFlow refuses with the sentence naming it', async () => {
    const access = new SimulatedDeviceAccess();
    const easylog = new ElUsbSimulator({ serialNumber: 4660 });
    const co = new ElUsbSimulator({ modelId: 9 });
    access.plug(easylog);
    access.plug(co);
    const json = await settle(opsflow(['devices', 'list', '--json'], { deviceAccess: access }), LIST_WITHIN_MS);
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ id: easylog.path, family: 'elusb', kind: 'logger', label: 'Lascar EL-USB-2', serialNumber: '4660', status: 'ready', health: 'Logging' }),
      expect.objectContaining({ id: co.path, kind: 'unknown', status: 'failed', lastError: expect.stringContaining('The Lascar EL-USB-CO is an EasyLog model OpsFlow cannot read') }),
    ]);
  });

  it('downloads a Lascar EL-USB by its usb port, half degrees and humidity kept; a second download adds nothing', async () => {
    const access = new SimulatedDeviceAccess();
    const logger = new ElUsbSimulator({ samples: walkInLog(700), serialNumber: 77 });
    access.plug(logger);
    const first = await settle(opsflow(['devices', 'download', logger.path, '--protocol', 'elusb', '--data-dir', dir], { deviceAccess: access }), DOWNLOAD_WITHIN_MS);
    expect(first).toEqual({ code: 0, stdout: '700 new readings, 0 already there\n', stderr: '' });
    const again = await settle(opsflow(['devices', 'download', logger.path, '--protocol', 'elusb', '--data-dir', dir], { deviceAccess: access }), DOWNLOAD_WITHIN_MS);
    expect(again.stdout).toBe('0 new readings, 700 already there\n');
    const engine = await openTestEngine({ dataDir: dir });
    try {
      const stored = engine.context.sqlite.prepare("SELECT r.temp_centi_c, r.humidity_centi_pct FROM readings r JOIN sensors s ON s.id = r.sensor_id WHERE s.device_family = 'elusb' ORDER BY r.at_ms").all();
      expect(stored).toEqual(walkInLog(700).map((s) => ({ temp_centi_c: s.t * 50 - 4000, humidity_centi_pct: s.rh! * 50 })));
    } finally {
      engine.close();
    }
  });

  it('an EL-USB unplugged mid-download: status 1, one line, nothing stored', async () => {
    const access = new SimulatedDeviceAccess();
    const logger = new ElUsbSimulator({ samples: walkInLog(9000), serialNumber: 78 });
    logger.inject({ fault: 'unplug', when: (r) => r[0] === 0x03 });
    access.plug(logger);
    const r = await settle(opsflow(['devices', 'download', logger.path, '--protocol', 'elusb', '--data-dir', dir], { deviceAccess: access }), DOWNLOAD_WITHIN_MS);
    expectOneLineFailure(r, /The logger was unplugged\. Nothing from it was stored/);
    const engine = await openTestEngine({ dataDir: dir });
    try {
      expect(engine.context.sqlite.prepare("SELECT count(*) AS n FROM sensors WHERE device_serial = '78'").get()).toEqual({ n: 0 });
    } finally {
      engine.close();
    }
    expectOneLineFailure(await opsflow(['devices', 'download', 'usb:9:9', '--protocol', 'elusb', '--data-dir', dir], { deviceAccess: access }), /Could not open usb:9:9/);
  });

  it('a port that is not there, or another protocol: status 1 and one line', async () => {
    expectOneLineFailure(await opsflow(['devices', 'download', '/dev/ttyNOTHERE', '--data-dir', dir], { deviceAccess: new SimulatedDeviceAccess() }), /Could not open \/dev\/ttyNOTHERE/);
    expectOneLineFailure(await opsflow(['devices', 'download', '/dev/ttyUSB0', '--protocol', 'modbus', '--data-dir', dir]), /argument 'modbus' is invalid/);
  });
});

/*
 * EL-USB bytes written out from libsigrok's lascar-el-usb layout (model byte 0, name 0x02, start
 * 0x12, interval u16 LE 0x1c, stored samples u16 LE 0x1e, flags 0x20, unit 0x2e, firmware 0x30,
 * serial 0x34); no capture of a real logger is public. An EL-USB-2 "Walk-in", started
 * 2024-01-10 09:00:00, a sample a minute, 3 samples, Celsius, firmware 2.0A, serial 4660.
 */
const EL_USB_2_CONFIG =
  '0300' + '57616c6b2d696e000000000000000000' + '0900000a0118' + '00000000' + '3c00' + '0300' + '0001' + '5010' + '00'.repeat(10) + '0000' + '322e3041' + '3412' + '00'.repeat(10);
/** [t, rh] pairs: 4.5 °C 75 %RH; no sample; −18.5 °C 40.5 %RH; then erased memory. */
const EL_USB_2_DUMP = '59' + '96' + '0000' + '2b' + '51' + 'ffff';

describe('opsflow devices decode --protocol elusb', () => {
  it('a configuration block: model, settings and what OpsFlow reads from it', async () => {
    const r = await decode('--protocol', 'elusb', '--frame', 'config', '--hex', EL_USB_2_CONFIG);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toEqual({
      model: 'EL-USB-2',
      modelId: 3,
      reads: 'temperature-humidity',
      name: 'Walk-in',
      serialNumber: 4660,
      firmware: '2.0A',
      start: '2024-01-10T09:00:00',
      startDelayS: 0,
      intervalS: 60,
      samples: 3,
      logging: true,
      unit: 'C',
    });
  });

  it('a model OpsFlow refuses is still identified by name', async () => {
    const co = `09${EL_USB_2_CONFIG.slice(2)}`;
    expect(JSON.parse((await decode('--protocol', 'elusb', '--frame', 'config', '--hex', co)).stdout)).toMatchObject({ model: 'EL-USB-CO', reads: null });
  });

  it('a sample dump read with its configuration block: the stored samples only, in half degrees, 00 00 left out', async () => {
    const r = await decode('--protocol', 'elusb', '--frame', 'samples', '--config', EL_USB_2_CONFIG, '--hex', EL_USB_2_DUMP);
    expect(r.stdout).toBe('{"readings":[{"sample":1,"celsius":4.5,"rh":75},{"sample":3,"celsius":-18.5,"rh":40.5}]}\n');
  });

  it('a sample dump read as a model: EL-USB-1 one byte a sample, Fahrenheit converted', async () => {
    const r = await decode('--protocol', 'elusb', '--frame', 'samples', '--model', 'EL-USB-1', '--hex', '5051');
    expect(JSON.parse(r.stdout)).toEqual({ readings: [{ sample: 1, celsius: 0, rh: null }, { sample: 2, celsius: 0.5, rh: null }] });
    const f = await decode('--protocol', 'elusb', '--frame', 'samples', '--model', 'EL-USB-2', '--unit', 'F', '--hex', '4864');
    expect(JSON.parse(f.stdout)).toEqual({ readings: [{ sample: 1, celsius: 0, rh: 50 }] }); // 72 - 40 = 32 °F
  });

  it.each([
    ['a configuration block cut short', ['--frame', 'config', '--hex', EL_USB_2_CONFIG.slice(0, 80)], /cut short \(40 bytes, 54 expected\)/],
    ['an EL-USB-2 dump of an odd length', ['--frame', 'samples', '--model', 'EL-USB-2', '--hex', '559600'], /cut short/],
    ['a dump shorter than the samples its configuration holds', ['--frame', 'samples', '--config', EL_USB_2_CONFIG, '--hex', '5596'], /cut short/],
    ['a humidity over 100 %', ['--frame', 'samples', '--model', 'EL-USB-2', '--hex', '55c9'], /Sample 1 of the logger's log has a humidity of 100.5 %RH/],
    ['a dump without its model', ['--frame', 'samples', '--hex', '5596'], /needs --config <configuration block> or --model <EL-USB-1\|EL-USB-2>/],
    ['a dump of a model OpsFlow refuses', ['--frame', 'samples', '--config', `09${EL_USB_2_CONFIG.slice(2)}`, '--hex', '5596'], /The Lascar EL-USB-CO is an EasyLog model OpsFlow cannot read/],
    ['no frame kind', ['--hex', '5596'], /--protocol elusb needs --frame <config\|samples>/],
    ['an Elitech frame kind', ['--frame', 'header', '--hex', '5596'], /--protocol elusb needs --frame <config\|samples>/],
  ])('refuses %s: status 1 and one line', async (_what, args, line) => {
    expectOneLineFailure(await decode('--protocol', 'elusb', ...args), line);
  });

  it('elitech refuses an EL-USB model instead of reading the page as an RC-4', async () => {
    expectOneLineFailure(await decode('--protocol', 'elitech', '--frame', 'body', '--model', 'EL-USB-2', '--hex', '55002828'), /--protocol elitech takes --model/);
  });
});
