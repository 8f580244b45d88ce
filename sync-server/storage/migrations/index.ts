import type { Migration } from 'kysely';
import { initial } from './001-initial';
import { auditLinks } from './002-audit-links';
import { adminTokens } from './003-admin-tokens';
import { projections } from './004-projections';
import { directoryWriters } from './005-directory-writers';
import { readGrants } from './006-read-grants';
import { projectedState } from './007-projected-state';
import { deviceTokenRotation } from './008-device-token-rotation';
import { opsProjections } from './010-ops-projections';
import { taskOrigins } from './011-task-origins';

/** The hub's own migrations, numbered and never edited once shipped (the desktop has its own). */
export const HUB_MIGRATIONS: Record<string, Migration> = {
  '001-initial': initial,
  '002-audit-links': auditLinks,
  '003-admin-tokens': adminTokens,
  '004-projections': projections,
  '005-directory-writers': directoryWriters,
  '006-read-grants': readGrants,
  '007-projected-state': projectedState,
  '008-device-token-rotation': deviceTokenRotation,
  '010-ops-projections': opsProjections,
  '011-task-origins': taskOrigins,
};
