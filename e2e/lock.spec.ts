import type { Page } from '@playwright/test';
import { ADMIN, goTo, rawCall, setUpOrganization } from './app-steps';
import { expect, test } from './fixtures';

const lockHeading = (page: Page) => page.getByRole('heading', { name: 'OpsFlow is locked' });

test('Lock in the account menu hides the screen until the password is given, and the engine refuses calls meanwhile', async ({ adminPage: page }) => {
  await goTo(page, 'Users');

  await page.getByRole('button', { name: /Account menu/ }).click();
  await page.getByRole('menuitem', { name: 'Lock' }).click();
  await expect(lockHeading(page)).toBeVisible();
  await expect(page.getByText(`Signed in: ${ADMIN.name} (${ADMIN.username}), Organization admin`)).toBeVisible();
  // Nothing of the app shows behind the lock.
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Users' })).toHaveCount(0);
  // The engine was told: the session's token opens nothing until unlocked.
  expect((await rawCall(page, 'users.list', {})).error?.code).toBe('SESSION_LOCKED');

  await page.getByLabel('Password', { exact: true }).fill('not the password');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toContainText('do not match');
  await expect(lockHeading(page)).toBeVisible();

  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Unlock' }).click();
  // Back where the person was, not at the start.
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Users' })).toBeVisible();
  expect((await rawCall(page, 'users.list', {})).ok).toBe(true);
});

test('with the idle lock at 1 minute, the screen locks after a minute without input and unlocks with the password', async ({ page, app }) => {
  // The renderer's clock is ours to move, from before the app loads; the engine keeps real time (its own idle lock is not reached here).
  await page.clock.install();
  await setUpOrganization(page, app);
  await goTo(page, 'Settings');
  const idle = page.getByLabel('Lock after idle minutes');
  await expect(idle).toHaveValue('10');
  await idle.fill('1');
  await page.getByRole('button', { name: 'Save security settings' }).click();
  await expect(page.getByText('Security settings saved.')).toBeVisible();

  // 50 seconds without input: still open.
  await page.clock.fastForward('00:50');
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(lockHeading(page)).toHaveCount(0);

  // Past the minute: locked.
  await page.clock.fastForward('00:15');
  await expect(lockHeading(page)).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  // The renderer told the engine, whose own clock has not reached the minute.
  expect((await rawCall(page, 'settings.get', {})).error?.code).toBe('SESSION_LOCKED');

  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Lock after idle minutes')).toHaveValue('1');
  expect((await rawCall(page, 'settings.get', {})).ok).toBe(true);
});

test('reloading the page does not get past the lock screen', async ({ adminPage: page }) => {
  await page.getByRole('button', { name: /Account menu/ }).click();
  await page.getByRole('menuitem', { name: 'Lock' }).click();
  await expect(lockHeading(page)).toBeVisible();

  await page.reload();
  await expect(lockHeading(page)).toBeVisible();
  await expect(page.getByText(`Signed in: ${ADMIN.name} (${ADMIN.username}), Organization admin`)).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);

  // Not the owner: signing out from the lock screen leaves the PC for the next person.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});
