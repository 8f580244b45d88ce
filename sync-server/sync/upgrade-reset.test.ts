// A client that gives up on its connection while the hub is still checking it (a PC stopped, a
// cable pulled): the hub must not crash answering a socket that is already gone.
import { describe, expect, it } from 'vitest';
import type { Hub } from '../hub';
import { tenantWithDevice } from '../testing/hub-fixture';
import { STORAGE_BACKENDS } from '../testing/storage-backends';
import { upgradeStatus } from '../testing/sync-clients';
import { hubForSuite } from '../testing/hub-for-suite';
import { upgradeThenReset } from '../testing/upgrade-then-reset';

describe('a connection dropped during the hub’s checks', () => {
  let hub: Hub;
  hubForSuite(STORAGE_BACKENDS[0]!, { onError: () => {} }, (started) => (hub = started));

  it('is forgotten without harm: refused or accepted, the hub goes on serving', async () => {
    const site = await tenantWithDevice(hub);
    for (let i = 0; i < 20; i++) {
      await upgradeThenReset(hub.port, `/${site.ops}?token=not-a-token`);
      await upgradeThenReset(hub.port, `/${site.ops}?token=${site.token}`);
    }
    expect(await upgradeStatus(`${hub.wsUrl}/${site.ops}?token=${site.token}`)).toBe(101);
    expect(await upgradeStatus(`${hub.wsUrl}/${site.ops}?token=not-a-token`)).toBe(401);
  });
});
