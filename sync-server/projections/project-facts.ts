// The hub's side of the projections: the same pure mappings the desktop applies to SQLite
// (domain/*/rows.ts, domain/readings/reading-rows.ts), applied to the hub's tables in one
// tenant-scoped transaction per stored update. A batch that arrives twice adds nothing: facts are
// keyed as on the desktop, and a balance moves only by the movements that were new.
import { auditRows } from '../../domain/audit/rows';
import { correctiveActionRows, correctiveSignoffRows } from '../../domain/haccp/corrective-rows';
import { checklistCompletionRows, checklistSignoffRows, coolingEventRows } from '../../domain/haccp/checklist-rows';
import { movementRows, type StockMovementsRow } from '../../domain/inventory/rows';
import { decodeReadingsBatch, type SensorReadings } from '../../domain/readings/readings-batch';
import { readingRowsOf, timeSpan } from '../../domain/readings/reading-rows';
import { readingSourceCode } from '../../domain/readings/reading-source';
import type { ParsedDocName } from '../../domain/sync/doc-names';
import { BATCH_KIND, batchKind } from '../../domain/sync/fact-batch';
import { isSkipped, type Skipped } from '../../domain/sync/rows';
import { toMs } from '../storage/schema';
import type { TenantTransaction } from '../storage/tenant-scope';

const ROWS_PER_INSERT = 500;

const PROJECTED_KINDS: ReadonlySet<number> = new Set([
  BATCH_KIND.readings,
  BATCH_KIND.stockMovements,
  BATCH_KIND.checklistCompletions,
  BATCH_KIND.checklistSignoffs,
  BATCH_KIND.coolingEvents,
  BATCH_KIND.audit,
  BATCH_KIND.correctiveActions,
  BATCH_KIND.correctiveSignoffs,
]);

/** Whether the hub keeps rows of this batch (calibration and backup records are the desktop's own concern). */
export function isProjected(batch: Uint8Array): boolean {
  return PROJECTED_KINDS.has(batchKind(batch));
}

/** Why a batch of a location's log added no rows, for the hub's log; null when it was projected. */
export type ProjectionSkip = { kind: number; reason: string };

/** Projects the batches newly set into a log document; returns the ones skipped whole, with why. */
export async function projectFactBatches(trx: TenantTransaction, doc: Extract<ParsedDocName, { kind: 'log' }>, docName: string, batches: readonly Uint8Array[]): Promise<ProjectionSkip[]> {
  const skips: ProjectionSkip[] = [];
  for (const batch of batches) {
    const skipped = await projectBatch(trx, doc, docName, batch);
    if (skipped) skips.push({ kind: batchKind(batch), reason: skipped.skipped });
  }
  return skips;
}

async function projectBatch(trx: TenantTransaction, doc: Extract<ParsedDocName, { kind: 'log' }>, docName: string, batch: Uint8Array): Promise<Skipped | null> {
  const tenant_id = doc.tenantId;
  const tagged = <Row>(rows: Row[]) => rows.map((row) => ({ tenant_id, ...row }));
  switch (batchKind(batch)) {
    case BATCH_KIND.readings:
      return projectReadings(trx, doc, batch);
    case BATCH_KIND.stockMovements: {
      const rows = movementRows(docName, batch);
      if (isSkipped(rows)) return rows;
      await projectMovements(trx, tenant_id, rows.movements);
      return null;
    }
    case BATCH_KIND.checklistCompletions: {
      const rows = checklistCompletionRows(docName, batch);
      if (isSkipped(rows)) return rows;
      await insertNew(rows.completions.length, () => trx.insertInto('checklist_completions').values(tagged(rows.completions)).onConflict((oc) => oc.doNothing()).execute());
      return null;
    }
    case BATCH_KIND.checklistSignoffs: {
      const rows = checklistSignoffRows(docName, batch);
      if (isSkipped(rows)) return rows;
      await insertNew(rows.signoffs.length, () => trx.insertInto('checklist_signoffs').values(tagged(rows.signoffs)).onConflict((oc) => oc.doNothing()).execute());
      return null;
    }
    case BATCH_KIND.coolingEvents: {
      const rows = coolingEventRows(docName, batch);
      if (isSkipped(rows)) return rows;
      await insertNew(rows.coolingEvents.length, () => trx.insertInto('cooling_events').values(tagged(rows.coolingEvents)).onConflict((oc) => oc.doNothing()).execute());
      return null;
    }
    case BATCH_KIND.audit: {
      const rows = auditRows(batch);
      if (isSkipped(rows)) return rows;
      await insertNew(rows.auditEntries.length, () => trx.insertInto('audit_entries').values(tagged(rows.auditEntries)).onConflict((oc) => oc.doNothing()).execute());
      return null;
    }
    case BATCH_KIND.correctiveActions: {
      const rows = correctiveActionRows(docName, batch);
      if (isSkipped(rows)) return rows;
      await insertNew(rows.actions.length, () => trx.insertInto('corrective_actions').values(tagged(rows.actions)).onConflict((oc) => oc.doNothing()).execute());
      return null;
    }
    case BATCH_KIND.correctiveSignoffs: {
      const rows = correctiveSignoffRows(docName, batch);
      if (isSkipped(rows)) return rows;
      await insertNew(rows.signoffs.length, () => trx.insertInto('corrective_signoffs').values(tagged(rows.signoffs)).onConflict((oc) => oc.doNothing()).execute());
      return null;
    }
    default:
      return null;
  }
}

async function insertNew(count: number, insert: () => Promise<unknown>): Promise<void> {
  if (count > 0) await insert();
}

async function projectReadings(trx: TenantTransaction, doc: Extract<ParsedDocName, { kind: 'log' }>, batch: Uint8Array): Promise<Skipped | null> {
  let readings: SensorReadings;
  try {
    readings = decodeReadingsBatch(batch);
  } catch (error) {
    return { skipped: (error as Error).message };
  }
  const span = timeSpan(readings.atMs);
  if (!span) return null;
  const stored = await trx
    .selectFrom('readings')
    .select('at_ms')
    .where('location_id', '=', doc.locationId)
    .where('sensor_id', '=', readings.sensorId)
    .where('at_ms', '>=', span.fromMs)
    .where('at_ms', '<=', span.toMs)
    .orderBy('at_ms')
    .execute();
  const { newIndexes } = readingRowsOf(readings, stored.map((r) => toMs(r.at_ms)));
  const source = readingSourceCode(readings.source);
  const rows = newIndexes.map((i) => ({
    tenant_id: doc.tenantId,
    location_id: doc.locationId,
    sensor_id: readings.sensorId,
    at_ms: readings.atMs[i]!,
    temp_centi_c: readings.tempCentiC[i]!,
    raw_centi_c: readings.rawCentiC[i]!,
    source,
    humidity_centi_pct: readings.humidityCentiPct?.[i] ?? null,
    flags: readings.flags?.[i] ?? 0,
  }));
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    await trx.insertInto('readings').values(rows.slice(start, start + ROWS_PER_INSERT)).onConflict((oc) => oc.doNothing()).execute();
  }
  return null;
}

/** Ledger rows, then each new movement into its item's balance (the desktop does this with triggers). */
async function projectMovements(trx: TenantTransaction, tenantId: string, movements: readonly StockMovementsRow[]): Promise<void> {
  if (movements.length === 0) return;
  const inserted = await trx
    .insertInto('stock_movements')
    .values(movements.map((m) => ({ tenant_id: tenantId, ...m })))
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .execute();
  const isNew = new Set(inserted.map((r) => r.id));
  for (const m of movements) {
    if (!isNew.has(m.id)) continue;
    await trx
      .insertInto('stock_balances')
      .values({ tenant_id: tenantId, location_id: m.location_id, item_id: m.item_id, on_hand_base: m.delta_base, unit_cost_milli_cents: m.unit_cost_milli_cents, cost_at_ms: m.at_ms })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'location_id', 'item_id']).doUpdateSet((eb) => ({
          on_hand_base: eb('stock_balances.on_hand_base', '+', eb.ref('excluded.on_hand_base')),
          // The latest movement's cost, whichever order the movements arrive in.
          unit_cost_milli_cents: eb
            .case()
            .when('excluded.cost_at_ms', '>=', eb.ref('stock_balances.cost_at_ms'))
            .then(eb.ref('excluded.unit_cost_milli_cents'))
            .else(eb.ref('stock_balances.unit_cost_milli_cents'))
            .end(),
          cost_at_ms: eb.fn('greatest', [eb.ref('stock_balances.cost_at_ms'), eb.ref('excluded.cost_at_ms')]),
        })),
      )
      .execute();
  }
}

/** Marks that the hub just stored a change to one of the location's documents. */
export async function touchLocation(trx: TenantTransaction, tenantId: string, locationId: string, nowMs: number): Promise<void> {
  await trx
    .insertInto('location_sync')
    .values({ tenant_id: tenantId, location_id: locationId, last_update_at_ms: nowMs })
    .onConflict((oc) => oc.columns(['tenant_id', 'location_id']).doUpdateSet({ last_update_at_ms: nowMs }))
    .execute();
}
