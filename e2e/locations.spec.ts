import { goTo, signOut } from './app-steps';
import { expect, test } from './fixtures';

test("an edited location's name and time zone show in the list, the header and the audit log's times at once", async ({ adminPage: page }) => {
  const header = page.getByTestId('header-org');
  await expect(header).toHaveText('Bistro Group · Bistro Downtown');

  await goTo(page, 'Settings');
  const table = page.getByRole('table', { name: 'Locations' });
  const row = table.getByRole('row', { name: /Bistro/ });
  await expect(row).toContainText('America/Chicago');
  await page.getByRole('button', { name: 'Edit Bistro Downtown' }).click();

  const dialog = page.getByRole('dialog', { name: 'Edit Bistro Downtown' });
  await dialog.getByLabel('Location name').fill('Bistro Uptown');
  // About 400 zones: typing words of the city finds it, in any order.
  const zone = dialog.getByRole('combobox', { name: 'Time zone' });
  await expect(zone).toHaveValue('America/Chicago');
  await zone.fill('zzz');
  await expect(page.getByText('No time zone by that name; try the nearest large city.')).toBeVisible();
  await zone.fill('york new');
  await page.getByRole('option', { name: 'America/New_York', exact: true }).click();
  await expect(zone).toHaveValue('America/New_York');
  await dialog.getByRole('button', { name: 'Save location' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Saved Bistro Uptown.')).toBeVisible();

  await expect(row).toContainText('Bistro Uptown');
  await expect(row).toContainText('America/New_York');
  await expect(table.getByText('Bistro Downtown')).toHaveCount(0);
  // The header follows without a reload.
  await expect(header).toHaveText('Bistro Group · Bistro Uptown');

  // Times are now read in the location's new zone: the audit log's first entry says which.
  await goTo(page, 'Audit log');
  await expect(page.getByRole('table', { name: 'Audit entries' }).getByRole('row').nth(1).getByRole('cell').first()).toHaveAttribute('title', 'America/New_York');
  await goTo(page, 'Settings');

  // Kept by the engine: after a reload, and on the sign-in screen for the next person.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Locations' }).getByRole('row', { name: /Bistro Uptown/ })).toContainText('America/New_York');
  await signOut(page);
  await expect(page.getByText('OpsFlow · Bistro Group · Bistro Uptown')).toBeVisible();
});

test('a location cannot be saved without a name, and nothing changes', async ({ adminPage: page }) => {
  await goTo(page, 'Settings');
  await page.getByRole('button', { name: 'Edit Bistro Downtown' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit Bistro Downtown' });
  await dialog.getByLabel('Location name').fill('   ');
  await dialog.getByRole('button', { name: 'Save location' }).click();
  await expect(dialog.getByLabel('Location name')).toHaveAccessibleDescription(/Enter the location's name/);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('table', { name: 'Locations' })).toContainText('Bistro Downtown');
  await expect(page.getByTestId('header-org')).toHaveText('Bistro Group · Bistro Downtown');
});
