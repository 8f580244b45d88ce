import type { Kysely, Migration } from 'kysely';

/** What a task follows up (domain/tasks/rows.ts origin_*), as the desktop's migration 018 adds it. */
export const taskOrigins: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('tasks').addColumn('origin_kind', 'text').execute();
    await db.schema.alterTable('tasks').addColumn('origin_ref', 'text').execute();
    await db.schema.alterTable('tasks').addColumn('origin_label', 'text').execute();
  },
};
