import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import { TENANT_ROLE } from '../schema';

/**
 * The hub's projections of the log documents, for regional roll-ups and reports: the columns of the
 * desktop's tables (domain row mappings), each row tagged with its tenant and protected by
 * Row-Level Security like every tenant table. Facts are keyed as on the desktop, so a batch
 * projected twice adds nothing.
 */
export const projections: Migration = {
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
    await tenantTable('readings', (t) =>
      t
        .addColumn('location_id', 'text', (c) => c.notNull())
        .addColumn('sensor_id', 'text', (c) => c.notNull())
        .addColumn('at_ms', 'bigint', (c) => c.notNull())
        .addColumn('temp_centi_c', 'integer', (c) => c.notNull())
        .addColumn('raw_centi_c', 'integer', (c) => c.notNull())
        .addColumn('source', 'integer', (c) => c.notNull())
        .addColumn('humidity_centi_pct', 'integer')
        .addColumn('flags', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('readings_pk', ['tenant_id', 'location_id', 'sensor_id', 'at_ms']),
    );
    await tenantTable('stock_movements', (t) =>
      t
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('location_id', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('delta_base', 'bigint', (c) => c.notNull())
        .addColumn('lot', 'text', (c) => c.notNull())
        .addColumn('expires_on', 'text')
        .addColumn('at_ms', 'bigint', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('supplier_id', 'text')
        .addColumn('reverses_id', 'text')
        .addColumn('transfer_id', 'text')
        .addColumn('other_location_id', 'text')
        .addColumn('count_id', 'text')
        .addColumn('unit_cost_milli_cents', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('stock_movements_pk', ['tenant_id', 'id']),
    );
    // Kept with the movements in one transaction; the unit cost is the one the latest movement
    // carried (the catalog cost when it was made), since the hub does not project the catalog.
    await tenantTable('stock_balances', (t) =>
      t
        .addColumn('location_id', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('on_hand_base', 'bigint', (c) => c.notNull())
        .addColumn('unit_cost_milli_cents', 'bigint', (c) => c.notNull())
        .addColumn('cost_at_ms', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('stock_balances_pk', ['tenant_id', 'location_id', 'item_id']),
    );
    await tenantTable('checklist_completions', (t) =>
      t
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('location_id', 'text', (c) => c.notNull())
        .addColumn('template_id', 'text', (c) => c.notNull())
        .addColumn('template_name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('slot', 'integer', (c) => c.notNull())
        .addColumn('slot_label', 'text', (c) => c.notNull())
        .addColumn('opens_at_ms', 'bigint', (c) => c.notNull())
        .addColumn('due_at_ms', 'bigint', (c) => c.notNull())
        .addColumn('completed_at_ms', 'bigint', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('amends', 'text')
        .addColumn('failed_items', 'integer', (c) => c.notNull())
        .addColumn('items_json', 'text', (c) => c.notNull())
        .addColumn('answers_json', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('checklist_completions_pk', ['tenant_id', 'id']),
    );
    await tenantTable('checklist_signoffs', (t) =>
      t
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('location_id', 'text', (c) => c.notNull())
        .addColumn('completion_id', 'text', (c) => c.notNull())
        .addColumn('at_ms', 'bigint', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('checklist_signoffs_pk', ['tenant_id', 'id']),
    );
    await tenantTable('cooling_events', (t) =>
      t
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('location_id', 'text', (c) => c.notNull())
        .addColumn('log_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('at_ms', 'bigint', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('process', 'text')
        .addColumn('food', 'text')
        .addColumn('temp_centi_c', 'integer')
        .addColumn('sensor_id', 'text')
        .addColumn('action', 'text')
        .addColumn('note', 'text')
        .addPrimaryKeyConstraint('cooling_events_pk', ['tenant_id', 'id']),
    );
    await tenantTable('audit_entries', (t) =>
      t
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('at_ms', 'bigint', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('location_id', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('entity_type', 'text')
        .addColumn('entity_id', 'text')
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('risk', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('audit_entries_pk', ['tenant_id', 'id']),
    );
    // When the hub last stored a change to any of a location's documents: its "last synced".
    await tenantTable('location_sync', (t) =>
      t
        .addColumn('location_id', 'text', (c) => c.notNull())
        .addColumn('last_update_at_ms', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('location_sync_pk', ['tenant_id', 'location_id']),
    );
  },
};
