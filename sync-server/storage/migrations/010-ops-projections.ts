import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import { TENANT_ROLE } from '../schema';

/**
 * What the hub projects of a location's ops document (tasks; the HACCP units and sensors that say
 * which readings make an excursion) and the corrective actions and their sign-offs of its log
 * documents: the desktop's columns (domain row mappings), tagged with the tenant and protected by
 * Row-Level Security like the tables of migration 004.
 */
export const opsProjections: Migration = {
  async up(db: Kysely<any>) {
    const tenantTable = async (name: string, build: (t: CreateTableBuilder<string, any>) => CreateTableBuilder<string, any>) => {
      await build(db.schema.createTable(name).addColumn('tenant_id', 'text', (c) => c.notNull())).execute();
      await sql.raw(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${name} TO ${TENANT_ROLE}`).execute(db);
      await sql.raw(`ALTER TABLE ${name} ENABLE ROW LEVEL SECURITY`).execute(db);
      await sql
        .raw(
          `CREATE POLICY ${name}_tenant ON ${name}
             USING (tenant_id = current_setting('opsflow.tenant_id', true))
             WITH CHECK (tenant_id = current_setting('opsflow.tenant_id', true))`,
        )
        .execute(db);
    };
    await tenantTable('tasks', (t) =>
      t
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('location_id', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('notes', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('priority', 'text', (c) => c.notNull())
        .addColumn('assignee_user_id', 'text')
        .addColumn('assignee_role', 'text')
        .addColumn('due_at_ms', 'bigint')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('recurrence', 'text')
        .addColumn('follows_task_id', 'text')
        .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
        .addColumn('created_by_id', 'text')
        .addColumn('created_by_name', 'text', (c) => c.notNull())
        .addColumn('completed_at_ms', 'bigint')
        .addColumn('completed_by_name', 'text')
        .addPrimaryKeyConstraint('tasks_pk', ['tenant_id', 'location_id', 'id']),
    );
    await tenantTable('haccp_units', (t) =>
      t
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('location_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('limit_centi_c', 'integer')
        .addColumn('alarm_delay_min', 'integer', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('haccp_units_pk', ['tenant_id', 'location_id', 'id']),
    );
    await tenantTable('sensors', (t) =>
      t
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('location_id', 'text', (c) => c.notNull())
        .addColumn('device_serial', 'text', (c) => c.notNull())
        .addColumn('device_family', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('unit_label', 'text', (c) => c.notNull())
        .addColumn('interval_s', 'integer', (c) => c.notNull())
        .addColumn('calibration_offset_centi_c', 'integer', (c) => c.notNull())
        .addColumn('calibrated_at_ms', 'bigint')
        .addColumn('calibration_due_ms', 'bigint')
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
        .addColumn('unit_id', 'text')
        .addPrimaryKeyConstraint('sensors_pk', ['tenant_id', 'location_id', 'id']),
    );
    await tenantTable('corrective_actions', (t) =>
      t
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('location_id', 'text', (c) => c.notNull())
        .addColumn('sensor_id', 'text', (c) => c.notNull())
        .addColumn('excursion_start_ms', 'bigint', (c) => c.notNull())
        .addColumn('unit_name', 'text', (c) => c.notNull())
        .addColumn('cause', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('quantity_amount', 'double precision')
        .addColumn('quantity_unit', 'text')
        .addColumn('disposition', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('at_ms', 'bigint', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('amends', 'text')
        .addPrimaryKeyConstraint('corrective_actions_pk', ['tenant_id', 'id']),
    );
    await tenantTable('corrective_signoffs', (t) =>
      t
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('location_id', 'text', (c) => c.notNull())
        .addColumn('action_id', 'text', (c) => c.notNull())
        .addColumn('at_ms', 'bigint', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('corrective_signoffs_pk', ['tenant_id', 'id']),
    );
    // The roll-up reads open tasks per location.
    await db.schema.createIndex('tasks_location_status').on('tasks').columns(['tenant_id', 'location_id', 'status']).execute();
  },
};
