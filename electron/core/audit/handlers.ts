import { stringify } from 'csv-stringify/sync';
import type { HandlerMap } from '../handler';
import { iterateAuditEntries, listAuditEntries, verifyAuditChainsYielding } from './audit-queries';

/** A cell that a spreadsheet would run as a formula (a user could name themselves "=HYPERLINK(…)") is quoted as text. */
function spreadsheetSafe(value: unknown): unknown {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const CSV_COLUMNS = ['time_utc', 'actor', 'action', 'entity_type', 'entity_id', 'location_id', 'summary', 'risk', 'device_id', 'seq', 'hash'];

export const auditHandlers: HandlerMap<'audit.list' | 'audit.verify' | 'audit.exportCsv' | 'audit.actors'> = {
  'audit.list'({ filter, after, limit }, { ctx }) {
    return listAuditEntries(ctx.q, ctx.db, filter, after, limit);
  },

  async 'audit.verify'(_input, call) {
    const verdict = await verifyAuditChainsYielding(call.ctx.q);
    if (!verdict.ok) {
      const b = verdict.brokenAt;
      call.audit({ action: 'audit.chainBroken', summary: `Audit entry ${b.seq} of device ${b.deviceId} ${b.reason}`, risk: 'CRITICAL', entityType: 'audit', entityId: b.id });
    }
    return verdict;
  },

  'audit.exportCsv'({ filter }, call) {
    const rows: unknown[][] = [];
    for (const e of iterateAuditEntries(call.ctx.q, call.ctx.db, filter)) {
      rows.push([new Date(e.atMs).toISOString(), e.actorName, e.action, e.entityType ?? '', e.entityId ?? '', e.locationId ?? '', e.summary, e.risk, e.deviceId, e.seq, e.hash].map(spreadsheetSafe));
    }
    call.audit({ action: 'audit.export', summary: `Exported ${rows.length} audit entries as CSV`, risk: 'MEDIUM', entityType: 'audit' });
    const csv = stringify(rows, { header: true, columns: CSV_COLUMNS });
    return { fileName: `opsflow-audit-${new Date(call.ctx.now()).toISOString().slice(0, 10)}.csv`, csv, rows: rows.length };
  },

  'audit.actors'(_input, { ctx }) {
    return ctx.q
      .all(ctx.db.selectFrom('users').select(['id', 'display_name']).orderBy('display_name'))
      .map((u) => ({ id: u.id, name: u.display_name }));
  },
};
