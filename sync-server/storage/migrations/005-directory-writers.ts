import type { Kysely, Migration } from 'kysely';

/**
 * The device that may write the organization's directory: the founding PC, enrolled with the code
 * `tenant create` printed, uploads its local directory once and keeps it up to date. Every other
 * device reads it only.
 */
export const directoryWriters: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('enrollment_codes').addColumn('can_write_directory', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
    await db.schema.alterTable('devices').addColumn('can_write_directory', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
  },
};
