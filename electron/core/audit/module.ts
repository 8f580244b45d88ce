import { BATCH_KIND } from '../../../domain/sync/fact-batch';
import { defineModule } from '../feature-module';
import { auditHandlers } from './handlers';
import { projectAuditBatch } from './projection';

export const auditModule = defineModule({
  name: 'audit',
  handlers: auditHandlers,
  factKinds: (store) => [{ kind: BATCH_KIND.audit, changes: 'audit', project: (_docName, batch) => projectAuditBatch(store, batch) }],
});
