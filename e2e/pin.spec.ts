import type { Page } from '@playwright/test';
import { ADMIN, goTo, rawCall, signOut } from './app-steps';
import { expect, test } from './fixtures';

const PIN = '4821';

/** Under My account, as the administrator would on their own PC. */
async function setPin(page: Page, pin: string) {
  await goTo(page, 'My account');
  const form = page.getByRole('form', { name: 'PIN' });
  await expect(form).toContainText('You have no PIN.');
  await form.getByLabel('Current password').fill(ADMIN.password);
  await form.getByLabel('New PIN', { exact: true }).fill(pin);
  await form.getByLabel('Confirm new PIN').fill(pin);
  await form.getByRole('button', { name: 'Set PIN' }).click();
  await expect(page.getByText('Your PIN was set.')).toBeVisible();
  await expect(form).toContainText('You have a PIN.');
}

async function signInWithPin(page: Page, username: string, pin: string) {
  await page.getByRole('tab', { name: 'Sign in with PIN' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('PIN', { exact: true }).fill(pin);
  await page.getByRole('button', { name: 'Sign in with PIN' }).click();
}

test('a PIN set under My account signs in with staff rights only: no user administration', async ({ adminPage: page, app }) => {
  await setPin(page, PIN);
  await signOut(page);

  await signInWithPin(page, ADMIN.username, '9999');
  await expect(page.getByRole('alert')).toContainText('do not match');

  await page.getByLabel('PIN', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: 'Sign in with PIN' }).click();
  await expect(page.getByRole('heading', { name: 'Home' })).toBeVisible();

  // An administrator's account, but a PIN opens staff rights only.
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users', exact: true })).toHaveCount(0);
  await page.goto(`${app.origin}/#/users`);
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();
  await expect(page.getByText('Your role does not include this screen.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create user' })).toHaveCount(0);

  // The engine refuses it too, whatever the screen shows.
  const created = await rawCall(page, 'users.create', {
    username: 'mallory',
    displayName: 'Mallory',
    role: 'TENANT_ADMIN',
    locationIds: [],
    password: 'staff password 123',
  });
  expect(created.error?.code).toBe('FORBIDDEN');
  expect((await rawCall(page, 'users.list', {})).error?.code).toBe('FORBIDDEN');

  // Credentials are not changed on a PIN session.
  await goTo(page, 'My account');
  await expect(page.getByText('Signed in with PIN')).toBeVisible();
  await expect(page.getByRole('form', { name: 'Change password' })).toHaveCount(0);
  await expect(page.getByText('You signed in with a PIN. To change your password, PIN or two-factor sign-in')).toBeVisible();
});

test('a PIN session locks and unlocks with the PIN, not the password', async ({ adminPage: page }) => {
  await setPin(page, PIN);
  await signOut(page);
  await signInWithPin(page, ADMIN.username, PIN);
  await expect(page.getByRole('heading', { name: 'Home' })).toBeVisible();

  await page.getByRole('button', { name: /Account menu/ }).click();
  await page.getByRole('menuitem', { name: 'Lock' }).click();
  await expect(page.getByRole('heading', { name: 'OpsFlow is locked' })).toBeVisible();
  await expect(page.getByText('PIN sign-in with staff rights')).toBeVisible();
  await expect(page.getByLabel('Password', { exact: true })).toHaveCount(0);
  // The account's password does not open a PIN session: the engine asks for the PIN.
  const withPassword = await rawCall(page, 'auth.unlock', { password: ADMIN.password });
  expect(withPassword.error?.message).toBe('Enter your PIN to unlock.');
  await expect(page.getByRole('heading', { name: 'OpsFlow is locked' })).toBeVisible();
  await page.getByLabel('PIN', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { name: 'Home' })).toBeVisible();
});
