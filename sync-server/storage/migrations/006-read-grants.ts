import type { Kysely, Migration } from 'kysely';

/**
 * Regional offices: an enrollment (and the device it becomes) may read other locations of its
 * organization besides its own — all of them, or a list. A JSON list in a column rather than a
 * table: it is read with the device on every connection and never queried by location.
 */
export const readGrants: Migration = {
  async up(db: Kysely<any>) {
    for (const table of ['enrollment_codes', 'devices']) {
      await db.schema
        .alterTable(table)
        .addColumn('reads_all_locations', 'boolean', (c) => c.notNull().defaultTo(false))
        .execute();
      await db.schema
        .alterTable(table)
        .addColumn('read_location_ids', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
    }
  },
};
