import { describe, expect, it } from 'vitest';
import { BATCH_KIND, packBatch } from '../sync/fact-batch';
import { encodeAuditBatch } from './audit-batch';
import type { AuditEntry } from './entry';
import { auditRows } from './rows';

const entry: AuditEntry = {
  id: '0190f2a4-0000-7000-8000-00000000000a',
  seq: 7,
  deviceId: 'dev-1',
  atMs: Date.UTC(2026, 10, 22, 9),
  actorId: 'u-1',
  actorName: 'Alice Admin',
  locationId: 'loc-a',
  action: 'users.create',
  entityType: 'user',
  entityId: 'u-2',
  summary: 'Created Staff "bob" (Bob)',
  risk: 'MEDIUM',
  prevHash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
};

describe('rows of a batch of audit entries', () => {
  it('each entry is a row, nulls kept', () => {
    const system = { ...entry, id: 'e-2', seq: 8, actorId: null, actorName: 'system', locationId: null, entityType: null, entityId: null, prevHash: entry.hash, hash: 'c'.repeat(64) };
    expect(auditRows(encodeAuditBatch([entry, system]))).toEqual({
      auditEntries: [
        {
          id: '0190f2a4-0000-7000-8000-00000000000a',
          device_id: 'dev-1',
          seq: 7,
          at_ms: Date.UTC(2026, 10, 22, 9),
          actor_id: 'u-1',
          actor_name: 'Alice Admin',
          location_id: 'loc-a',
          action: 'users.create',
          entity_type: 'user',
          entity_id: 'u-2',
          summary: 'Created Staff "bob" (Bob)',
          risk: 'MEDIUM',
          prev_hash: 'a'.repeat(64),
          hash: 'b'.repeat(64),
        },
        {
          id: 'e-2',
          device_id: 'dev-1',
          seq: 8,
          at_ms: Date.UTC(2026, 10, 22, 9),
          actor_id: null,
          actor_name: 'system',
          location_id: null,
          action: 'users.create',
          entity_type: null,
          entity_id: null,
          summary: 'Created Staff "bob" (Bob)',
          risk: 'MEDIUM',
          prev_hash: 'b'.repeat(64),
          hash: 'c'.repeat(64),
        },
      ],
    });
  });

  it('a batch with one malformed entry is skipped whole, saying why', () => {
    const encoder = new TextEncoder();
    const oneBad = packBatch(BATCH_KIND.audit, encoder.encode(JSON.stringify([entry, { ...entry, id: 'e-2', risk: 'SEVERE' }])));
    expect(auditRows(oneBad)).toEqual({ skipped: 'A batch of audit entries is malformed; it was ignored.' });
    expect(auditRows(packBatch(BATCH_KIND.audit, Uint8Array.of(0xff)))).toEqual({ skipped: 'A batch of audit entries could not be read; it was ignored.' });
    expect(auditRows(packBatch(BATCH_KIND.readings, Uint8Array.of(1)))).toEqual({ skipped: 'This is not a batch of audit entries.' });
  });
});
