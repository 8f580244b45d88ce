import type { Migration } from 'kysely';
import { initial } from './001-initial';
import { auditLinks } from './002-audit-links';

/** The hub's own migrations, numbered and never edited once shipped (the desktop has its own). */
export const HUB_MIGRATIONS: Record<string, Migration> = {
  '001-initial': initial,
  '002-audit-links': auditLinks,
};
