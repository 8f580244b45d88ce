import type { DeviceAccess } from './device-manager';
import type { DeviceTimeouts } from './device-sessions';
import type { ModbusProbe } from './modbus-driver';
import type { SerialListing } from './transport';

/** How the devices service watches: which devices, how often, how fast (tests keep these and run them on a fake clock). */
export interface DevicesServiceOptions {
  /** Simulated devices instead of this PC's (the --demo flag); the demoMode setting does the same. */
  demo?: boolean;
  /** The devices watched outside demo mode: this PC's own by default. Tests pass simulators. */
  access?: DeviceAccess;
  /** Probes on an RS-485 adapter outside demo mode, until devices.setProbes stores a list; one XY-MD02 at address 1 when not given. */
  modbusProbes?: (port: SerialListing) => ModbusProbe[];
  scanIntervalMs?: number;
  /** One poll interval for every live sensor, overriding their own (tests). */
  pollIntervalMs?: number;
  /** A new demo sensor polls this often, so a person sees numbers move (default 5 s). */
  demoPollIntervalS?: number;
  offlineAfterMisses?: number;
  timeouts?: Partial<DeviceTimeouts>;
  /** How long live readings gather before they are stored, one batch per sensor (default 5 min). */
  flushIntervalMs?: number;
  /** The same in demo mode (default 10 s): the chart should move while someone watches. */
  demoFlushIntervalMs?: number;
  /** Delay of each answer of the demo logger, so its progress bar can be seen (default 120 ms). */
  demoLoggerAnswerDelayMs?: number;
}
