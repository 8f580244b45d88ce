import { expect, test } from './fixtures';

// Setup finds its zone by typing a city (app-steps), among about 400.
test.use({ timeZone: 'America/New_York' });

test('a fresh install’s Home says what the role may do, counts in words, and has no backup warning yet', async ({ adminPage: page }) => {
  await expect(page.getByRole('region', { name: 'Your role' })).toContainText('Everything at every location: people, settings, backups and the audit log.');
  await expect(page.getByRole('region', { name: 'Your role' })).not.toContainText('permissions');
  await expect(page.getByRole('region', { name: 'People' })).toHaveText(/1 active user · 1 location$/);
  const backups = page.getByRole('region', { name: 'Backups' });
  await expect(backups).toContainText('Last successful backup: none yet');
  await expect(backups).not.toContainText('out of date');
});
