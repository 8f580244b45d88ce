import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import type { Hub } from '../hub';
import { tenantWithDevice } from '../testing/hub-fixture';
import { STORAGE_BACKENDS } from '../testing/storage-backends';
import { RawSyncClient, stockClient, untilAwareness } from '../testing/sync-clients';
import { hubForSuite } from '../testing/hub-for-suite';

/** An awareness message (y-websocket message type 1) setting each client's state at a clock. */
function awarenessMessage(states: Array<{ clientId: number; clock: number; state: unknown }>): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, states.length);
  for (const { clientId, clock, state } of states) {
    encoding.writeVarUint(update, clientId);
    encoding.writeVarUint(update, clock);
    encoding.writeVarString(update, JSON.stringify(state));
  }
  const message = encoding.createEncoder();
  encoding.writeVarUint(message, 1);
  encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
  return encoding.toUint8Array(message);
}

describe('presence (awareness) through the hub', () => {
  let hub: Hub;

  hubForSuite(STORAGE_BACKENDS[0]!, { onError: () => {} }, (started) => (hub = started));

  it("relays a device's own presence, but not a change or removal of another device's", async () => {
    const site = await tenantWithDevice(hub);
    const ana = stockClient(hub.wsUrl, site.ops, site.token);
    const watcher = stockClient(hub.wsUrl, site.ops, site.token);
    ana.provider.awareness.setLocalStateField('name', 'Ana');
    await untilAwareness(watcher, (s) => s.name === 'Ana');
    const anaId = ana.doc.clientID;

    const intruder = await RawSyncClient.open(`${hub.wsUrl}/${site.ops}?token=${await site.device({ canWrite: true })}`);
    intruder.sendRaw(awarenessMessage([{ clientId: anaId, clock: 1000, state: { name: 'Mallory' } }]));
    intruder.sendRaw(awarenessMessage([{ clientId: anaId, clock: 1001, state: null }, { clientId: 4242, clock: 1, state: { name: 'Not me' } }]));
    intruder.sendRaw(awarenessMessage([{ clientId: 4242, clock: 2, state: { name: 'Bob' } }]));
    // The hub handles the intruder's messages in order, so once Bob shows, the two before were handled.
    await untilAwareness(watcher, (s) => s.name === 'Bob');

    expect(watcher.provider.awareness.getStates().get(anaId)).toEqual({ name: 'Ana' });
    const others = [...watcher.provider.awareness.getStates()].filter(([id]) => id !== watcher.doc.clientID);
    expect(others.map(([, s]) => s.name).sort()).toEqual(['Ana', 'Bob']);
    expect((await hub.metrics.refused.get()).values.find((v) => v.labels.reason === 'awareness_not_own')?.value).toBe(2);
    intruder.close();
    ana.destroy();
    watcher.destroy();
  });
});
