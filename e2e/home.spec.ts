import { expect, test, type Page } from '@playwright/test';
import { setUpOrganization } from './app-steps';
import { startBrowserMode, type RunningApp } from './browser-mode';

let app: RunningApp;
let page: Page;

test.beforeAll(async ({ browser }) => {
  app = await startBrowserMode();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});

test.afterAll(async () => {
  await page?.close();
  await app?.stop();
});

test('a fresh install’s Home says what the role may do, counts in words, and has no backup warning yet', async () => {
  // Setup finds its zone by typing a city (app-steps), among about 400.
  await setUpOrganization(page, app, 'America/New_York');
  await expect(page.getByRole('region', { name: 'Your role' })).toContainText('Everything at every location: people, settings, backups and the audit log.');
  await expect(page.getByRole('region', { name: 'Your role' })).not.toContainText('permissions');
  await expect(page.getByRole('region', { name: 'People' })).toHaveText(/1 active user · 1 location$/);
  const backups = page.getByRole('region', { name: 'Backups' });
  await expect(backups).toContainText('Last successful backup: none yet');
  await expect(backups).not.toContainText('out of date');
});
