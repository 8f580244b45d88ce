import { describe, expect, it } from 'vitest';
import { centiCFromFahrenheit as F } from '../haccp/food-code-temperatures';
import { bothScales, decodeReceivingCheckBatch, encodeReceivingCheckBatch, judgeReceiving, type ReceivingCheckFact } from './receiving-check';

const fact: ReceivingCheckFact = {
  id: 'c1', itemId: 'i1', itemName: 'Milk', supplierId: null, holding: 'cold', tempCentiC: 300, receivedFrozen: false, passed: true, decision: 'accepted',
  correctiveAction: '', qtyBase: 6000, lot: 'L1', movementId: 'm1', atMs: 1, actorId: 'u1', actorName: 'Alice',
};

describe('the receiving check (Food Code 3-202.11)', () => {
  it('passes refrigerated food at or below 41 °F / 5 °C, hot food at or above 135 °F / 57 °C, frozen food only frozen', () => {
    const judge = (holding: 'cold' | 'hot' | 'frozen', tempCentiC: number, receivedFrozen = false) => judgeReceiving({ holding, tempCentiC, receivedFrozen }).passed;
    expect([judge('cold', F(41)), judge('cold', 500), judge('cold', 501), judge('cold', F(42))]).toEqual([true, true, false, false]);
    expect([judge('hot', 5700), judge('hot', F(135)), judge('hot', 5699)]).toEqual([true, true, false]);
    expect([judge('frozen', -1800, true), judge('frozen', -1800, false)]).toEqual([true, false]);
  });

  it('writes a temperature in both scales, with the second decimal when it matters', () => {
    expect(bothScales(500)).toBe('5.0 °C (41.0 °F)');
    expect(bothScales(501)).toBe('5.01 °C (41.02 °F)');
    expect(bothScales(-1800)).toBe('-18.0 °C (-0.4 °F)');
  });

  it('refuses a batch from another device whose rejected line names a movement, or whose failed line was accepted without a corrective action', () => {
    expect(decodeReceivingCheckBatch(encodeReceivingCheckBatch([fact]))).toEqual([fact]);
    expect(() => decodeReceivingCheckBatch(encodeReceivingCheckBatch([{ ...fact, decision: 'rejected' }]))).toThrow('A batch of receiving checks is malformed; it was ignored.');
    expect(() => decodeReceivingCheckBatch(encodeReceivingCheckBatch([{ ...fact, passed: false }]))).toThrow('A batch of receiving checks is malformed; it was ignored.');
    expect(decodeReceivingCheckBatch(encodeReceivingCheckBatch([{ ...fact, passed: false, correctiveAction: 'Iced' }]))[0]!.correctiveAction).toBe('Iced');
  });
});
