import type { Kysely } from 'kysely';

// Checklist templates (projected from the location's ops document), checklist completions and
// sign-offs, and cooling/reheating log entries (projected from the monthly log documents).
// Never edited once shipped.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('checklist_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('items_json', 'text', (c) => c.notNull())
    .addColumn('schedule_json', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at_ms', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('checklist_completions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('template_name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addColumn('slot_label', 'text', (c) => c.notNull())
    .addColumn('opens_at_ms', 'integer', (c) => c.notNull())
    .addColumn('due_at_ms', 'integer', (c) => c.notNull())
    .addColumn('completed_at_ms', 'integer', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('amends', 'text')
    .addColumn('failed_items', 'integer', (c) => c.notNull())
    .addColumn('items_json', 'text', (c) => c.notNull())
    .addColumn('answers_json', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('checklist_completions_occurrence').on('checklist_completions').columns(['location_id', 'day', 'template_id', 'slot']).execute();

  await db.schema
    .createTable('checklist_signoffs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('completion_id', 'text', (c) => c.notNull())
    .addColumn('at_ms', 'integer', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('checklist_signoffs_completion').on('checklist_signoffs').columns(['completion_id', 'at_ms']).execute();

  await db.schema
    .createTable('cooling_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('log_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('at_ms', 'integer', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('process', 'text')
    .addColumn('food', 'text')
    .addColumn('temp_centi_c', 'integer')
    .addColumn('sensor_id', 'text')
    .addColumn('action', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('cooling_events_log').on('cooling_events').columns(['log_id', 'at_ms']).execute();
  await db.schema.createIndex('cooling_events_location').on('cooling_events').columns(['location_id', 'type', 'at_ms']).execute();
}
