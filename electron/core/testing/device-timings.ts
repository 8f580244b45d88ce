import type { DevicesServiceOptions } from '../devices/devices-service-options';

/** Device-service timings for tests: scans, polls and flushes in milliseconds, not minutes. */
export const FAST_DEVICES: DevicesServiceOptions = {
  scanIntervalMs: 20,
  pollIntervalMs: 40,
  flushIntervalMs: 60,
  demoFlushIntervalMs: 60,
  demoLoggerAnswerDelayMs: 1,
  timeouts: { hidAnswerMs: 50, hidNextReportMs: 10, temperx232Ms: 50, temperx232SettleMs: 10, modbusMs: 25, elitechMs: 60, identifyMs: 40 },
};

/** How long a test polls for what the devices do in the background. */
export const DEVICE_WAIT = { timeout: 4000, interval: 10 };
