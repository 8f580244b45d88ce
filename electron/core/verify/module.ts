import { directoryDocName } from '../../../domain/sync/doc-names';
import type { EngineContext } from '../context';
import { defineModule } from '../feature-module';
import { checkRights, repairRights } from './rights-check';
import { rebuildStoredDocument } from './stored-documents';

/**
 * At every start-up (and after a restore): the rights rows are compared with the directory
 * document. A difference means someone edited the database file outside OpsFlow (to make
 * themselves an administrator, say): the rows are put back from the document and a CRITICAL audit
 * entry names each one.
 *
 * The document is rebuilt from its stored updates inside the same write-locked transaction that
 * reads the rows, not taken from memory: a command line may run beside the app on the same file,
 * and a user it adds between the app's load and this check must not be "repaired" away.
 */
export function repairRightsAtOpen(ctx: EngineContext): void {
  const identity = ctx.identity();
  if (!identity) return;
  const docName = directoryDocName(identity.tenantId);
  const lines = ctx.docs.transaction(
    () => {
      const directory = rebuildStoredDocument(ctx.q, ctx.db, docName);
      // A directory that does not rebuild failed to load a moment ago already (DocStore.get throws).
      if (!directory.ok) return [];
      const { differences, lines } = checkRights(ctx, docName, directory.doc);
      directory.doc.destroy();
      if (differences.length === 0) return [];
      repairRights(ctx, differences);
      ctx.audit.append(
        {
          action: 'security.rightsRepaired',
          summary: `Users, grants or organization settings in the database did not match the directory document and were repaired from it: ${lines.join('; ')}`,
          risk: 'CRITICAL',
          entityType: 'directory',
        },
        { id: null, name: 'system' },
      );
      return lines;
    },
    { immediate: true },
  );
  if (lines.length > 0) ctx.log.error({ differences: lines }, 'rights rows differed from the directory document; repaired from the document');
}

/** Checks of the data folder against its own documents: at every open here, on demand in `opsflow verify`. */
export const verifyModule = defineModule({
  name: 'verify',
  handlers: {},
  onOpen: repairRightsAtOpen,
});
