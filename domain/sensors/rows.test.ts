import { describe, expect, it } from 'vitest';
import { BATCH_KIND, packBatch } from '../sync/fact-batch';
import { encodeCalibrationBatch, type CalibrationFact } from './calibration-batch';
import type { SensorRecord } from './records';
import { calibrationRows, sensorRows } from './rows';

const OPS = 'tenant-1/loc-a/ops';

const sensor: SensorRecord = {
  deviceSerial: 'EL20240001',
  deviceFamily: 'elitech',
  channel: 'internal',
  name: 'Walk-in cooler',
  unitLabel: 'Walk-in',
  intervalS: 300,
  calibrationOffsetCentiC: -50,
  calibratedAtMs: 1_700_000_000_000,
  calibrationDueMs: null,
  active: true,
  createdAtMs: 1_690_000_000_000,
};

const fact: CalibrationFact = {
  id: '0190f2a4-0000-7000-8000-000000000001',
  sensorId: 's-0123456789abcdef0123456789abcdef',
  deviceSerial: 'EL20240001',
  channel: 'internal',
  atMs: Date.UTC(2026, 10, 22, 9),
  offsetCentiC: -50,
  previousOffsetCentiC: 0,
  dueMs: Date.UTC(2027, 10, 22),
  actorId: 'u-1',
  actorName: 'Lena Manager',
  note: 'ice bath',
};

describe('rows of the sensors map of an ops document', () => {
  it('a sensor record is its row, at the location of its document', () => {
    expect(sensorRows(OPS, 's-1', sensor)).toEqual({
      sensor: {
        id: 's-1',
        location_id: 'loc-a',
        device_serial: 'EL20240001',
        device_family: 'elitech',
        channel: 'internal',
        name: 'Walk-in cooler',
        unit_label: 'Walk-in',
        interval_s: 300,
        calibration_offset_centi_c: -50,
        calibrated_at_ms: 1_700_000_000_000,
        calibration_due_ms: null,
        active: 1,
        created_at_ms: 1_690_000_000_000,
        // A record from before HACCP units watches none.
        unit_id: null,
      },
    });
    expect(sensorRows(OPS, 's-1', { ...sensor, unitId: 'unit-1' })).toMatchObject({ sensor: { unit_id: 'unit-1' } });
  });

  it.each([
    ['a poll interval under 5 s', { ...sensor, intervalS: 1 }, 'intervalS'],
    ['an offset past ±10 °C', { ...sensor, calibrationOffsetCentiC: 5000 }, 'calibrationOffsetCentiC'],
    ['an empty device serial', { ...sensor, deviceSerial: '' }, 'deviceSerial'],
    ['a missing name', { ...sensor, name: undefined }, 'name'],
  ])('a sensor record with %s is skipped, saying why', (_what, value, field) => {
    expect(sensorRows(OPS, 's-1', value)).toEqual({ skipped: expect.stringContaining(field) });
  });

  it('a sensor record outside a location’s ops document is skipped: it has no location', () => {
    expect(sensorRows('tenant-1/directory', 's-1', sensor)).toEqual({ skipped: expect.stringContaining('tenant-1/directory') });
    expect(sensorRows('not a doc name', 's-1', sensor)).toEqual({ skipped: expect.stringContaining('not a doc name') });
  });
});

describe('rows of a batch of calibration events', () => {
  it('each event is a row', () => {
    expect(calibrationRows(encodeCalibrationBatch([fact, { ...fact, id: 'e-2', offsetCentiC: -30, previousOffsetCentiC: -50, dueMs: null }]))).toEqual({
      calibrationEvents: [
        {
          id: '0190f2a4-0000-7000-8000-000000000001',
          sensor_id: 's-0123456789abcdef0123456789abcdef',
          device_serial: 'EL20240001',
          channel: 'internal',
          offset_centi_c: -50,
          previous_offset_centi_c: 0,
          at_ms: Date.UTC(2026, 10, 22, 9),
          due_ms: Date.UTC(2027, 10, 22),
          actor_name: 'Lena Manager',
          note: 'ice bath',
        },
        {
          id: 'e-2',
          sensor_id: 's-0123456789abcdef0123456789abcdef',
          device_serial: 'EL20240001',
          channel: 'internal',
          offset_centi_c: -30,
          previous_offset_centi_c: -50,
          at_ms: Date.UTC(2026, 10, 22, 9),
          due_ms: null,
          actor_name: 'Lena Manager',
          note: 'ice bath',
        },
      ],
    });
  });

  it('a damaged batch is skipped whole, saying why', () => {
    const encoder = new TextEncoder();
    const oneBad = packBatch(BATCH_KIND.calibration, encoder.encode(JSON.stringify([fact, { ...fact, id: 'e-2', offsetCentiC: 5000 }])));
    expect(calibrationRows(oneBad)).toEqual({ skipped: 'A batch of calibration events is malformed; it was ignored.' });
    expect(calibrationRows(packBatch(BATCH_KIND.calibration, Uint8Array.of(0xff)))).toEqual({ skipped: 'A batch of calibration events could not be read; it was ignored.' });
    expect(calibrationRows(packBatch(BATCH_KIND.audit, encoder.encode('[]')))).toEqual({ skipped: 'This is not a batch of calibration events.' });
  });
});
