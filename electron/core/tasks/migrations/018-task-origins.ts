import type { Kysely } from 'kysely';

// What a task follows up (a corrective action, an item below its reorder point). Never edited once shipped.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tasks').addColumn('origin_kind', 'text').execute();
  await db.schema.alterTable('tasks').addColumn('origin_ref', 'text').execute();
  await db.schema.alterTable('tasks').addColumn('origin_label', 'text').execute();
  // "Is a reorder task for this item already open?" reads one item's tasks, not the location's.
  await db.schema.createIndex('tasks_origin').on('tasks').columns(['origin_kind', 'origin_ref', 'status']).execute();
}
