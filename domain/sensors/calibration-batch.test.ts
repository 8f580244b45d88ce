import { describe, expect, it } from 'vitest';
import { BATCH_KIND, packBatch } from '../sync/fact-batch';
import { decodeCalibrationBatch, encodeCalibrationBatch, type CalibrationFact } from './calibration-batch';

const fact: CalibrationFact = {
  id: '0190f2a4-0000-7000-8000-000000000001',
  sensorId: 's-0123456789abcdef0123456789abcdef',
  deviceSerial: 'EL20240001',
  channel: 'internal',
  atMs: Date.UTC(2026, 10, 22, 9),
  offsetCentiC: -50,
  previousOffsetCentiC: 0,
  dueMs: Date.UTC(2027, 10, 22),
  actorId: null,
  actorName: 'Lena Manager',
  note: 'ice bath',
};

const encoder = new TextEncoder();
const batchOf = (value: unknown) => packBatch(BATCH_KIND.calibration, encoder.encode(JSON.stringify(value)));

describe('calibration event batches', () => {
  it('round-trip: a calibration event decodes to what was encoded', () => {
    const batch = encodeCalibrationBatch([fact]);
    expect(batch[0]).toBe(BATCH_KIND.calibration);
    expect(decodeCalibrationBatch(batch)).toEqual([fact]);
  });

  it.each([
    ['another kind of batch', packBatch(BATCH_KIND.audit, encoder.encode('[]'))],
    ['bytes that are not JSON', packBatch(BATCH_KIND.calibration, Uint8Array.of(0xff, 0x00))],
    ['an empty list', batchOf([])],
    ['an offset outside ±10 °C', batchOf([{ ...fact, offsetCentiC: 5000 }])],
    ['a missing field', batchOf([{ ...fact, note: undefined }])],
    ['an unexpected field', batchOf([{ ...fact, tempCentiC: 1 }])],
    ['a fractional time', batchOf([{ ...fact, atMs: 1.5 }])],
  ])('a batch from elsewhere is refused whole when it holds %s', (_what, batch) => {
    expect(() => decodeCalibrationBatch(batch)).toThrow(expect.objectContaining({ code: 'FRAME_INVALID' }));
  });
});
