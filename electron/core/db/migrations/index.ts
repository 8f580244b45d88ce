import type { Migration } from 'kysely';
import * as m001 from './001-initial';

/** Every migration ever shipped, in order. The key is stored in the database; never rename one. */
export const MIGRATIONS: Record<string, Migration> = {
  '001-initial': m001,
};

export const SCHEMA_VERSION = Object.keys(MIGRATIONS).length;
