import { describe, expect, it } from 'vitest';
import type { SensorView } from '../../domain/contract/index';
import { sensorState } from './sensor-state';
import { arrivesInBatches } from './sensor-kind';

const sensor = (deviceFamily: string, online: boolean | null = null): SensorView => ({
  id: 's-1',
  locationId: 'l-1',
  name: 'Walk-in cooler',
  unitLabel: '',
  unit: null,
  deviceSerial: 'x',
  deviceFamily,
  channel: 'file',
  intervalS: 60,
  calibrationOffsetCentiC: 0,
  calibratedAtMs: null,
  calibrationDueMs: null,
  active: true,
  online,
  lastReading: null,
});

describe('sensors whose readings come from a file', () => {
  it('are neither polled nor ever offline: they read "Imported from a file"', () => {
    expect(arrivesInBatches(sensor('import'))).toBe(true);
    expect(arrivesInBatches(sensor('elitech'))).toBe(true);
    expect(arrivesInBatches(sensor('temper'))).toBe(false);
    expect(sensorState(sensor('import', false), [])).toMatchObject({ text: 'Imported from a file', color: 'gray' });
    expect(sensorState(sensor('temper', false), [])).toMatchObject({ text: 'Offline' });
  });
});
