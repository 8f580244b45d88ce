// Run as a child process by crash-recovery.test.ts: writes through the local-first path as fast
// as it can until it is killed (SIGKILL), printing "writing" once the loop has started.
import * as Y from 'yjs';
import { DIRECTORY_MAPS } from '../../../domain/directory/records';
import { directoryDocName } from '../../../domain/sync/doc-names';
import { openTestEngine, setUpOrganization } from '../testing/test-engine';

const dataDir = process.argv[2]!;
const engine = await openTestEngine({ dataDir, tuning: { compactAfterUpdates: 50 } });
const ctx = engine.context;
if (!ctx.identity()) await setUpOrganization(engine);
const identity = ctx.identity()!;
const docName = directoryDocName(identity.tenantId);

let i = 0;
process.stdout.write('writing\n');
for (;;) {
  i += 1;
  // A change to the directory and its audit entry, in one transaction, like every handler does.
  ctx.docs.transaction(() => {
    ctx.docs.change(docName, (doc) => {
      const locations = doc.getMap(DIRECTORY_MAPS.locations);
      const id = `crash-${process.pid}-${i % 40}`;
      const record = locations.get(id);
      if (record instanceof Y.Map) record.set('name', `Kitchen ${i}`);
      else locations.set(id, new Y.Map(Object.entries({ name: `Kitchen ${i}`, address: '', timeZone: 'UTC', temperatureUnit: 'C', createdAtMs: i })));
    });
    ctx.audit.append({ action: 'test.write', summary: `write ${i}`, risk: 'LOW' }, { id: null, name: 'crash test' });
  });
  if (i % 25 === 0) await new Promise((r) => setImmediate(r));
}
