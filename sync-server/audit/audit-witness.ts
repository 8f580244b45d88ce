// The hub is the third witness of every PC's audit chain (after the PC's own check and its log
// documents): it keeps each device's chain head and every entry's link, and raises a CRITICAL
// alert when an entry does not fit — a PC that went back to an older state (its chain shrank and
// grew again differently), a fork, or an entry whose content no longer matches its hash.
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { GENESIS_HASH, computeAuditHash } from '../../domain/audit/chain';
import type { AuditEntry } from '../../domain/audit/entry';
import type { HubDatabase } from '../storage/database';
import { withTenant, type TenantTransaction } from '../storage/tenant-scope';

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

export interface AuditAlert {
  deviceId: string;
  message: string;
}

/** Records newly arrived entries of one location and returns the CRITICAL alerts they raised. */
export async function witnessAuditEntries(
  db: HubDatabase,
  tenantId: string,
  locationId: string,
  entries: readonly AuditEntry[],
  nowMs: number,
): Promise<AuditAlert[]> {
  if (entries.length === 0) return [];
  return withTenant(db, tenantId, async (trx) => {
    const alerts: AuditAlert[] = [];
    for (const entry of [...entries].sort((a, b) => a.seq - b.seq)) {
      const problem = await problemWith(trx, entry);
      if (problem) {
        alerts.push({ deviceId: entry.deviceId, message: `Audit chain of device ${entry.deviceId}: entry ${entry.seq} ${problem}.` });
        continue;
      }
      await trx
        .insertInto('audit_links')
        .values({ tenant_id: tenantId, device_id: entry.deviceId, seq: entry.seq, prev_hash: entry.prevHash, hash: entry.hash })
        .onConflict((oc) => oc.doNothing())
        .execute();
      await advanceHead(trx, tenantId, locationId, entry, nowMs);
    }
    for (const alert of alerts) {
      await trx
        .insertInto('alerts')
        .values({ tenant_id: tenantId, id: uuidv7(), severity: 'CRITICAL', kind: 'AUDIT_CHAIN_BROKEN', message: alert.message, created_at: nowMs })
        .execute();
    }
    return alerts;
  });
}

async function problemWith(trx: TenantTransaction, entry: AuditEntry): Promise<string | null> {
  const { hash, ...body } = entry;
  if (computeAuditHash(body, sha256Hex) !== hash) return 'was changed after it was written: its hash no longer matches its content';
  if (entry.seq === 1 && entry.prevHash !== GENESIS_HASH) return 'claims to be the first but links to an earlier one';
  const near = await trx
    .selectFrom('audit_links')
    .select(['seq', 'prev_hash', 'hash'])
    .where('device_id', '=', entry.deviceId)
    .where('seq', 'in', [entry.seq - 1, entry.seq, entry.seq + 1])
    .execute();
  const at = (seq: number) => near.find((row) => row.seq === seq);
  const same = at(entry.seq);
  if (same && same.hash !== entry.hash) {
    const head = await trx.selectFrom('audit_heads').select('entry_count').where('device_id', '=', entry.deviceId).executeTakeFirst();
    return head && head.entry_count > entry.seq
      ? `replaces the entry the hub already had under that number: the PC's chain went back from entry ${head.entry_count} and was written again`
      : 'replaces the entry the hub already had under that number: the chain forked';
  }
  const before = at(entry.seq - 1);
  if (before && before.hash !== entry.prevHash) return `does not link to entry ${entry.seq - 1} the hub already had: the chain forked`;
  const after = at(entry.seq + 1);
  if (after && after.prev_hash !== entry.hash) return `is not the entry that entry ${entry.seq + 1} links to: the chain forked`;
  return null;
}

async function advanceHead(trx: TenantTransaction, tenantId: string, locationId: string, entry: AuditEntry, nowMs: number): Promise<void> {
  await trx
    .insertInto('audit_heads')
    .values({ tenant_id: tenantId, device_id: entry.deviceId, location_id: locationId, entry_count: entry.seq, head_hash: entry.hash, updated_at: nowMs })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'device_id'])
        .doUpdateSet({ entry_count: entry.seq, head_hash: entry.hash, updated_at: nowMs })
        .where('audit_heads.entry_count', '<', entry.seq),
    )
    .execute();
}
