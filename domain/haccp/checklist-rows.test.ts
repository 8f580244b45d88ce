import { describe, expect, it } from 'vitest';
import { BATCH_KIND, packBatch } from '../sync/fact-batch';
import { encodeCompletionBatch, type ChecklistCompletionFact } from './checklist-facts';
import { checklistCompletionRows, checklistTemplateRows, coolingEventRows } from './checklist-rows';
import { encodeCoolingBatch } from './cooling-facts';

const LOG = 'tenant1/loc1/log/2026-11';
const completion: ChecklistCompletionFact = {
  id: 'c1',
  templateId: 't1',
  templateName: 'Opening checks',
  kind: 'opening',
  day: '2026-11-25',
  slot: 0,
  slotLabel: 'AM',
  opensAtMs: 1,
  dueAtMs: 2,
  completedAtMs: 2,
  actorId: 'u1',
  actorName: 'Sam',
  items: [{ id: 'i1', label: 'Cooler', type: 'temperature', limit: { bound: 'max', centiC: 500 } }],
  answers: [{ itemId: 'i1', value: 600, failAction: { choice: 'correctiveAction', note: 'moved food' }, ok: false }],
  amends: null,
  note: '',
};

describe('checklist and cooling facts as rows', () => {
  it('a completion batch from a location’s log document is one row per completion, at that location', () => {
    expect(checklistCompletionRows(LOG, encodeCompletionBatch([completion]))).toEqual({
      completions: [expect.objectContaining({ id: 'c1', location_id: 'loc1', failed_items: 1, amends: null, answers_json: JSON.stringify(completion.answers) })],
    });
  });

  it('a batch from another device that is damaged or malformed is skipped whole, with the reason', () => {
    expect(checklistCompletionRows(LOG, packBatch(BATCH_KIND.checklistCompletions, new TextEncoder().encode('{not json')))).toEqual({
      skipped: 'A batch of checklist completions could not be read; it was ignored.',
    });
    const halfGood = encodeCompletionBatch([completion, { ...completion, id: 'c2', slot: 99 }]);
    expect(checklistCompletionRows(LOG, halfGood)).toEqual({ skipped: 'A batch of checklist completions is malformed; it was ignored.' });
    expect(checklistCompletionRows('tenant1/loc1/ops', encodeCompletionBatch([completion]))).toEqual({ skipped: 'tenant1/loc1/ops is not a location\'s log document' });
    expect(coolingEventRows(LOG, encodeCompletionBatch([completion]))).toEqual({ skipped: 'This is not a batch of cooling log entries.' });
  });

  it('a cooling entry keeps only the columns of its type', () => {
    const rows = coolingEventRows(LOG, encodeCoolingBatch([{ id: 'e1', logId: 'l1', type: 'reading', atMs: 5, actorId: null, actorName: 'Sam', tempCentiC: 2111, sensorId: null }]));
    expect(rows).toEqual({
      coolingEvents: [{ id: 'e1', location_id: 'loc1', log_id: 'l1', type: 'reading', at_ms: 5, actor_id: null, actor_name: 'Sam', process: null, food: null, temp_centi_c: 2111, sensor_id: null, action: null, note: null }],
    });
  });

  it('a template record with an item of an unknown type is skipped', () => {
    const record = { name: 'X', kind: 'opening', items: [{ id: 'i', label: 'L', type: 'colour' }], schedule: { kind: 'daily' }, active: true, createdAtMs: 0 };
    expect(checklistTemplateRows('tenant1/loc1/ops', 't', record)).toMatchObject({ skipped: expect.stringContaining('items.0') });
  });
});
