import type { Kysely } from 'kysely';

// Corrective actions for excursions and their sign-offs (projected from the monthly log
// documents). An excursion is named by its sensor and the start of its run, as in haccp_runs.
// Never edited once shipped.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('corrective_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('sensor_id', 'text', (c) => c.notNull())
    .addColumn('excursion_start_ms', 'integer', (c) => c.notNull())
    .addColumn('unit_name', 'text', (c) => c.notNull())
    .addColumn('cause', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('quantity_amount', 'real')
    .addColumn('quantity_unit', 'text')
    .addColumn('disposition', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('at_ms', 'integer', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('amends', 'text')
    .execute();
  await db.schema.createIndex('corrective_actions_excursion').on('corrective_actions').columns(['sensor_id', 'excursion_start_ms', 'at_ms']).execute();
  await db.schema.createIndex('corrective_actions_amends').on('corrective_actions').column('amends').execute();

  await db.schema
    .createTable('corrective_signoffs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('action_id', 'text', (c) => c.notNull())
    .addColumn('at_ms', 'integer', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('corrective_signoffs_action').on('corrective_signoffs').columns(['action_id', 'at_ms']).execute();
}
