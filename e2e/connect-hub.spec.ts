// Settings → Connect to hub: a standalone restaurant's PC enrolls with a hub started here on
// 127.0.0.1, shows a wrong code's sentence without storing anything, then connects, says so, and
// uploads its data; disconnecting keeps the data on the PC.
import { sql } from 'kysely';
import { createTenant } from '../sync-server/storage/tenants';
import { testHub } from '../tests/support/hub-stations';
import { expect, test } from './fixtures';
import { goTo } from './app-steps';

test('a standalone restaurant connects to the hub from Settings, the status says connected, and its data reaches the hub', async ({ adminPage: page }) => {
  test.setTimeout(120_000);
  const hub = await testHub();
  try {
    await goTo(page, 'Settings');
    const section = page.getByRole('region', { name: 'Connect to hub' });
    await expect(section.getByText('Not connected', { exact: true })).toBeVisible();
    // The ids the hub's operator creates the organization with, as the section shows them.
    const [tenantId, locationId] = await section.locator('code').allTextContents();
    const { enrollmentCode } = await createTenant(hub.hub.db, { name: 'Bistro Group', locationName: 'Bistro Downtown', nowMs: Date.now(), tenantId, locationId });

    await section.getByLabel('Hub address').fill(hub.url);
    await section.getByLabel('Enrollment code').fill('AAAA-BBBB-CCCC');
    await section.getByRole('button', { name: 'Connect to hub' }).click();
    await expect(section.getByRole('alert')).toContainText('This enrollment code is not valid. Check it, or ask your administrator for a new one.');
    // The badge still says so (the refusal's own title says it too).
    await expect(section.getByText('Not connected', { exact: true })).toHaveCount(2);

    await section.getByLabel('Enrollment code').fill(enrollmentCode);
    await section.getByRole('button', { name: 'Connect to hub' }).click();
    await expect(section.getByText('Connected', { exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(section.getByText('Changes waiting for the hub: 0')).toBeVisible({ timeout: 30_000 });
    await expect(section.getByText(/^Last synced: (?!not yet)/)).toBeVisible();
    // Its audit log (facts in the location's log documents) is on the hub now.
    const stored = await sql<{ n: number }>`select count(*)::int as n from doc_updates where tenant_id = ${tenantId} and doc_name like ${`${tenantId}/${locationId}/log/%`}`.execute(hub.hub.db);
    expect(stored.rows[0]!.n).toBeGreaterThan(0);

    await section.getByRole('button', { name: 'Disconnect from the hub…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Disconnect', exact: true }).click();
    await expect(section.getByText('Not connected', { exact: true })).toBeVisible();
  } finally {
    await hub.dispose();
  }
});
