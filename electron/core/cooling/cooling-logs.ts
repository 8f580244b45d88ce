import { v7 as uuidv7 } from 'uuid';
import type { CoolingLogView } from '../../../domain/contract/cooling';
import { OpsFlowError } from '../../../domain/errors';
import type { CoolingEventsRow } from '../../../domain/haccp/checklist-rows';
import { judgeProcess, type ProcessKind } from '../../../domain/haccp/cooling';
import { encodeCoolingBatch, type CoolingEventFact } from '../../../domain/haccp/cooling-facts';
import { logDocName } from '../../../domain/sync/doc-names';
import type { Store } from '../store';
import { appendFactBatch } from '../sync/fact-batches';

export function coolingLogNotFound(): OpsFlowError {
  return new OpsFlowError('NOT_FOUND', 'That cooling log does not exist at this location.');
}

export function newCoolingId(): string {
  return uuidv7();
}

/** Sets the entries into the log documents of their months, each month's in one batch. */
export function recordCoolingEvents(store: Store, tenantId: string, locationId: string, facts: CoolingEventFact[]): void {
  const byDoc = new Map<string, CoolingEventFact[]>();
  for (const f of facts) {
    const name = logDocName(tenantId, locationId, f.atMs);
    byDoc.set(name, [...(byDoc.get(name) ?? []), f]);
  }
  store.docs.transaction(() => {
    for (const [name, group] of byDoc) {
      const batch = encodeCoolingBatch(group);
      store.docs.change(name, (doc) => appendFactBatch(doc, batch));
    }
  });
}

export function coolingEventRows(store: Store, logIds: string[]): CoolingEventsRow[] {
  if (logIds.length === 0) return [];
  return store.q.all(store.db.selectFrom('cooling_events').selectAll().where('log_id', 'in', logIds).orderBy('at_ms').orderBy('id'));
}

/** The logs at a location whose start is at or after `sinceMs`, newest first. */
export function coolingLogIds(store: Store, locationId: string, sinceMs: number): string[] {
  return store.q
    .all(
      store.db
        .selectFrom('cooling_events')
        .select('log_id')
        .where('location_id', '=', locationId)
        .where('type', '=', 'start')
        .where('at_ms', '>=', sinceMs)
        .orderBy('at_ms', 'desc')
        .orderBy('log_id', 'desc'),
    )
    .map((r) => r.log_id);
}

export function startRow(store: Store, locationId: string, logId: string): CoolingEventsRow | undefined {
  return store.q.first(store.db.selectFrom('cooling_events').selectAll().where('log_id', '=', logId).where('type', '=', 'start').where('location_id', '=', locationId));
}

/** The views of some logs, in the order given, judged at `nowMs`. */
export function coolingLogViews(store: Store, logIds: string[], nowMs: number): CoolingLogView[] {
  const rows = coolingEventRows(store, logIds);
  return logIds.flatMap((logId): CoolingLogView[] => {
    const mine = rows.filter((r) => r.log_id === logId);
    const start = mine.find((r) => r.type === 'start');
    const readings = mine
      .filter((r) => r.type === 'reading')
      .map((r) => ({ id: r.id, atMs: r.at_ms, tempCentiC: r.temp_centi_c!, sensorId: r.sensor_id, actorName: r.actor_name }));
    const verdict = start && judgeProcess(start.process as ProcessKind, readings, nowMs);
    if (!start || !verdict) return [];
    return [
      {
        id: logId,
        process: start.process as ProcessKind,
        food: start.food ?? '',
        startedByName: start.actor_name,
        readings,
        actions: mine
          .filter((r) => r.type === 'action')
          .map((r) => ({ id: r.id, atMs: r.at_ms, action: r.action as 'reheated' | 'discarded' | 'other', note: r.note ?? '', actorName: r.actor_name })),
        verdict,
      },
    ];
  });
}
