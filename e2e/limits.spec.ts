import { expect, test, type Page } from '@playwright/test';
import { setUpOrganization, goTo, rawCall } from './app-steps';
import { startBrowserMode, type RunningApp } from './browser-mode';

let app: RunningApp;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  app = await startBrowserMode();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await setUpOrganization(page, app);
});

test.afterAll(async () => {
  await page?.close();
  await app?.stop();
});

test('an idle lock of 0 minutes is refused with the range, and nothing is saved', async () => {
  await goTo(page, 'Settings');
  const field = page.getByLabel('Lock after idle minutes');
  await expect(field).toHaveValue('10');
  await field.fill('0');
  await field.blur(); // Mantine would clamp here by default: 0 must stay 0.
  await expect(field).toHaveValue('0');
  await page.getByRole('button', { name: 'Save security settings' }).click();
  await expect(page.getByText('The idle lock is 1 to 240 minutes.')).toBeVisible();
  await expect(page.getByText('Security settings saved.')).toHaveCount(0);

  await field.fill('99999');
  await page.getByRole('button', { name: 'Save security settings' }).click();
  await expect(page.getByText('The idle lock is 1 to 240 minutes.')).toBeVisible();

  // A direct call gets the same sentence, and the stored value is still 10.
  const refused = await rawCall(page, 'settings.update', { idleLockMinutes: 0 });
  expect(refused.error).toEqual({ code: 'BAD_INPUT', message: 'The idle lock is 1 to 240 minutes.' });
  await page.reload();
  await expect(page.getByLabel('Lock after idle minutes')).toHaveValue('10');
});

test('a name longer than 120 characters is refused, not cut', async () => {
  await goTo(page, 'Users');
  await page.getByRole('button', { name: 'Create user' }).click();
  const dialog = page.getByRole('dialog');
  const long = 'N'.repeat(130);
  await dialog.getByLabel('Display name').fill(long);
  await expect(dialog.getByLabel('Display name')).toHaveValue(long);
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(dialog.getByText('The display name is at most 120 characters.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});
