import type { Migration } from 'kysely';
import * as m001 from './001-initial';
import * as m002 from './002-sensors-readings';
import * as m003 from './003-live-reading-buffer';
import * as m004 from './004-reading-humidity';

/** Every migration ever shipped, in order. The key is stored in the database; never rename one. */
export const MIGRATIONS: Record<string, Migration> = {
  '001-initial': m001,
  '002-sensors-readings': m002,
  '003-live-reading-buffer': m003,
  '004-reading-humidity': m004,
};

export const SCHEMA_VERSION = Object.keys(MIGRATIONS).length;
