import { directoryDocName } from '../../../domain/sync/doc-names';
import type { EngineContext } from '../context';
import { defineModule } from '../feature-module';
import * as m006 from './migrations/006-user-time-preferences';
import * as m014 from './migrations/014-user-credentials';
import * as m017 from './migrations/017-totp-local-copies';
import { directoryProjections } from './projection';

/**
 * A directory written by an older version holds the users' secrets, which every device of the
 * organization reads. They are moved to the users' credentials documents, and the directory is
 * compacted so that its stored updates (and what it later sends the hub) no longer carry them.
 */
function moveSecretsOutOfDirectory(ctx: EngineContext): void {
  const identity = ctx.identity();
  if (!identity) return;
  const moved = ctx.directory.moveSecretsOutOfDirectory();
  if (moved === 0) return;
  ctx.docs.compact(directoryDocName(identity.tenantId));
  ctx.log.info({ users: moved }, 'moved sign-in secrets out of the directory document into the users’ credentials documents');
}

/** The organization's directory (locations, users, settings): projected here, changed by other features' handlers. */
export const directoryModule = defineModule({
  name: 'directory',
  handlers: {},
  migrations: { '006-user-time-preferences': m006, '014-user-credentials': m014, '017-totp-local-copies': m017 },
  projections: (store) => directoryProjections(store),
  onOpen: moveSecretsOutOfDirectory,
});
