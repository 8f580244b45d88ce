import type { Migration } from 'kysely';
import { initial } from './001-initial';

/** The hub's own migrations, numbered and never edited once shipped (the desktop has its own). */
export const HUB_MIGRATIONS: Record<string, Migration> = {
  '001-initial': initial,
};
