import { expect, test, type Page } from '@playwright/test';
import { ADMIN, createUser, goTo, setUpOrganization, signIn, signOut } from './app-steps';
import { startBrowserMode, type RunningApp } from './browser-mode';

const SAM = { name: 'Sam Rivera', username: 'sam', password: 'staff password 123' };

let app: RunningApp;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  app = await startBrowserMode();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await setUpOrganization(page, app);
  await createUser(page, SAM);
  await signOut(page);
  // Someone types "sam" with a wrong password.
  await page.getByLabel('Username').fill(SAM.username);
  await page.getByLabel('Password', { exact: true }).fill('a wrong guess');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('do not match');
  await signIn(page, ADMIN);
  await goTo(page, 'Audit log');
});

test.afterAll(async () => {
  await page?.close();
  await app?.stop();
});

const table = () => page.getByRole('table', { name: 'Audit entries' });
const failedRow = () => table().getByRole('row', { name: /Sign-in failed/ });

async function applyFilters(filters: { who?: string; what?: string }) {
  await page.getByRole('button', { name: 'Clear filters' }).click();
  if (filters.who) await page.getByLabel('Who').selectOption({ label: filters.who });
  if (filters.what) await page.getByLabel('What').selectOption({ label: filters.what });
  await page.getByRole('button', { name: 'Apply filters' }).click();
}

test('actions and summaries are in words, and a failed sign-in is an attempt under what was typed', async () => {
  await expect(failedRow()).toHaveCount(1);
  await expect(failedRow()).toContainText('attempt as “sam”');
  await expect(failedRow()).toContainText('Failed sign-in for "sam": wrong password or PIN');
  await expect(failedRow()).not.toContainText('Sam Rivera');
  await expect(table()).toContainText('Created a user');
  await expect(table()).toContainText('Set up OpsFlow');
  for (const raw of ['auth.signInFailed', 'BAD_CREDENTIALS', 'users.create', 'setup.create']) await expect(table()).not.toContainText(raw);
});

test('the failed attempt is not listed as something Sam Rivera did', async () => {
  await applyFilters({ who: SAM.name });
  await expect(page.getByText('No entries match these filters.')).toBeVisible();
});

test('the log is filtered by a category chosen from a list', async () => {
  await applyFilters({ what: 'Users' });
  await expect(table().getByRole('row', { name: /Created a user/ })).toHaveCount(1);
  await expect(table()).not.toContainText('Signed in');
  await expect(table()).not.toContainText('Sign-in failed');

  await applyFilters({ what: 'Sign-in & security' });
  await expect(failedRow()).toHaveCount(1);
  await expect(table()).toContainText('Signed in');
  await expect(table()).not.toContainText('Created a user');

  await applyFilters({ what: 'Backups' });
  await expect(page.getByText('No entries match these filters.')).toBeVisible();
});
