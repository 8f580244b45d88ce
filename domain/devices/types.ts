/** The two sensors of a thermometer with one jack: the one in the stick and the probe on its cable. */
export type InnerOuterChannel = 'internal' | 'external';

/**
 * Which sensor of a device a value came from; null for single-sensor devices (Modbus probes).
 * Boards with several probe sockets (TEMPerNTC) number the further ones: 'external-2', ...
 * The first external stays 'external', so a sensor keeps its key whichever board feeds it.
 */
export type Channel = InnerOuterChannel | `external-${number}`;

/** One live reading as a probe reports it, before calibration. */
export interface DecodedReading {
  channel: Channel | null;
  /** Hundredths of a degree Celsius. */
  tempCentiC: number;
  /** Hundredths of a percent relative humidity; null when the sensor has none. */
  rhCentiPct: number | null;
}
