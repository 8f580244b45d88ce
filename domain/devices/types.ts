/** Which sensor of a device a value came from; null for single-sensor devices (Modbus probes). */
export type Channel = 'internal' | 'external';

/** One live reading as a probe reports it, before calibration. */
export interface DecodedReading {
  channel: Channel | null;
  /** Hundredths of a degree Celsius. */
  tempCentiC: number;
  /** Hundredths of a percent relative humidity; null when the sensor has none. */
  rhCentiPct: number | null;
}
