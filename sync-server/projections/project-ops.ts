// The hub's side of the ops-document projections: the mutable records of a location's ops document
// (tasks; the HACCP units and sensors that say which readings make an excursion) through the same
// pure mappings the desktop's projections use (domain/*/rows.ts), into the hub's tables. A record
// changed is its row written again (last writer wins in the document, so in the row too).
import * as Y from 'yjs';
import { HACCP_OPS_MAPS } from '../../domain/haccp/records';
import { unitRows } from '../../domain/haccp/rows';
import { OPS_MAPS } from '../../domain/sensors/records';
import { sensorRows } from '../../domain/sensors/rows';
import type { ParsedDocName } from '../../domain/sync/doc-names';
import { isSkipped, type Skipped } from '../../domain/sync/rows';
import { TASKS_MAP } from '../../domain/tasks/records';
import { taskRows } from '../../domain/tasks/rows';
import type { TenantTransaction } from '../storage/tenant-scope';

type OpsDoc = Extract<ParsedDocName, { kind: 'ops' }>;
type OpsTable = 'tasks' | 'haccp_units' | 'sensors';
type RowOf = { row: { id: string } } | { deleted: string } | Skipped;

interface OpsMapProjection {
  map: string;
  table: OpsTable;
  rowOf(docName: string, key: string, value: unknown): RowOf;
}

/** As on the desktop: a task removed (or flagged deleted) is no row; a unit or sensor record that cannot be read leaves its row as it was. */
const OPS_MAP_PROJECTIONS: readonly OpsMapProjection[] = [
  { map: TASKS_MAP, table: 'tasks', rowOf: (docName, key, value) => only(taskRows(docName, key, value), (r) => r.task) },
  { map: HACCP_OPS_MAPS.units, table: 'haccp_units', rowOf: (docName, key, value) => only(unitRows(docName, key, value), (r) => r.unit) },
  { map: OPS_MAPS.sensors, table: 'sensors', rowOf: (docName, key, value) => only(sensorRows(docName, key, value), (r) => r.sensor) },
];

function only<T extends object, R extends { id: string }>(rows: T | Skipped | { deleted: string }, pick: (rows: T) => R): RowOf {
  if (isSkipped(rows)) return rows;
  if ('deleted' in rows) return rows as { deleted: string };
  return { row: pick(rows as T) };
}

/** The ops-document maps the hub projects, by name. */
export const PROJECTED_OPS_MAPS: readonly string[] = OPS_MAP_PROJECTIONS.map((p) => p.map);

/** Keys changed per projected map of an ops document, as a room collects them from Yjs events. */
export type OpsChanges = Map<string, Set<string>>;

/** Notes the record keys an observeDeep batch of events on a projected map changed. */
export function noteOpsChanges(changes: OpsChanges, map: string, events: readonly Y.YEvent<any>[]): void {
  let keys = changes.get(map);
  if (!keys) changes.set(map, (keys = new Set()));
  for (const event of events) {
    // A record's own field changed (path: its key), or records set or removed in the map itself.
    if (event.path.length > 0) keys.add(String(event.path[0]));
    else for (const key of event.changes.keys.keys()) keys.add(key);
  }
}

/** Why a record added no row, for the hub's log. */
export type OpsSkip = { map: string; key: string; reason: string };

/**
 * Projects the changed records of a location's ops document; with `changes` null, every record
 * (a document loaded after its projection fell behind), removing the rows of tasks no longer in it.
 */
export async function projectOpsRecords(trx: TenantTransaction, doc: OpsDoc, docName: string, ydoc: Y.Doc, changes: OpsChanges | null): Promise<OpsSkip[]> {
  const skips: OpsSkip[] = [];
  for (const projection of OPS_MAP_PROJECTIONS) {
    const map = ydoc.getMap(projection.map);
    const keys = changes ? [...(changes.get(projection.map) ?? [])] : [...map.keys()];
    if (!changes && projection.table === 'tasks') await removeTasksNotIn(trx, doc, [...map.keys()]);
    for (const key of keys) {
      const value = map.get(key);
      const rows = projection.rowOf(docName, key, value instanceof Y.Map ? value.toJSON() : value);
      if (isSkipped(rows)) skips.push({ map: projection.map, key, reason: rows.skipped });
      else if ('deleted' in rows) await trx.deleteFrom(projection.table).where('tenant_id', '=', doc.tenantId).where('location_id', '=', doc.locationId).where('id', '=', rows.deleted).execute();
      else await upsert(trx, projection.table, doc.tenantId, rows.row);
    }
  }
  return skips;
}

async function upsert(trx: TenantTransaction, table: OpsTable, tenantId: string, row: { id: string }): Promise<void> {
  const { id: _id, ...rest } = row;
  await trx
    .insertInto(table)
    .values({ tenant_id: tenantId, ...row } as never)
    .onConflict((oc) => oc.columns(['tenant_id', 'location_id', 'id']).doUpdateSet(rest as never))
    .execute();
}

async function removeTasksNotIn(trx: TenantTransaction, doc: OpsDoc, keys: string[]): Promise<void> {
  const stored = await trx.selectFrom('tasks').select('id').where('tenant_id', '=', doc.tenantId).where('location_id', '=', doc.locationId).execute();
  const present = new Set(keys);
  const gone = stored.map((r) => r.id).filter((id) => !present.has(id));
  for (let i = 0; i < gone.length; i += 500) {
    await trx.deleteFrom('tasks').where('tenant_id', '=', doc.tenantId).where('location_id', '=', doc.locationId).where('id', 'in', gone.slice(i, i + 500)).execute();
  }
}

/** What an ops document's projection is up to: its state and deletions, so a change of either is news. */
export function opsProjectionMark(ydoc: Y.Doc): Uint8Array {
  return Y.encodeSnapshot(Y.snapshot(ydoc));
}

export function sameMark(a: Uint8Array | null, b: Uint8Array): boolean {
  return a !== null && a.length === b.length && a.every((byte, i) => byte === b[i]);
}
