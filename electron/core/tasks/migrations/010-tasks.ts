import type { Kysely } from 'kysely';

// Tasks, projected from each location's ops document. Never edited once shipped.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('assignee_user_id', 'text')
    .addColumn('assignee_role', 'text')
    .addColumn('due_at_ms', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('recurrence', 'text')
    .addColumn('follows_task_id', 'text')
    .addColumn('created_at_ms', 'integer', (c) => c.notNull())
    .addColumn('created_by_id', 'text')
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('completed_at_ms', 'integer')
    .addColumn('completed_by_name', 'text')
    .execute();
  // The lists read open tasks (to do, in progress) of a location, of a person, of a role at a location:
  // done tasks pile up (a daily task is 365 a year) and must not be read to find the open ones.
  await db.schema.createIndex('tasks_location_status_due').on('tasks').columns(['location_id', 'status', 'due_at_ms']).execute();
  await db.schema.createIndex('tasks_assignee_user_status').on('tasks').columns(['assignee_user_id', 'status']).execute();
  await db.schema.createIndex('tasks_location_role_status').on('tasks').columns(['location_id', 'assignee_role', 'status']).execute();
}
