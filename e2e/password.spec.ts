import type { Page } from '@playwright/test';
import { ADMIN, goTo, signIn, signOut } from './app-steps';
import { expect, test } from './fixtures';

// Strong by the zxcvbn-ts check, as in the other specs.
const NEW_PASSWORD = 'manager password 42';

async function tryPassword(page: Page, password: string) {
  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

test('after a password change the new password signs in and the old one is refused', async ({ adminPage: page }) => {
  await goTo(page, 'My account');
  const form = page.getByRole('form', { name: 'Change password' });

  // A wrong current password changes nothing.
  await form.getByLabel('Current password').fill('not the password');
  await form.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await form.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByRole('alert')).toContainText('Your current password is not right.');

  await form.getByLabel('Current password').fill(ADMIN.password);
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Your password was changed.')).toBeVisible();
  // The fields are emptied, so the password does not stay on screen.
  await expect(form.getByLabel('New password', { exact: true })).toHaveValue('');

  await signOut(page);
  await tryPassword(page, ADMIN.password);
  await expect(page.getByRole('alert')).toContainText('do not match');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  await signIn(page, { username: ADMIN.username, password: NEW_PASSWORD });
});

test('a commonly used new password is refused with the reason, and the old one still signs in', async ({ adminPage: page }) => {
  await goTo(page, 'My account');
  const form = page.getByRole('form', { name: 'Change password' });
  await form.getByLabel('Current password').fill(ADMIN.password);
  await form.getByLabel('New password', { exact: true }).fill('password123');
  await form.getByLabel('Confirm new password').fill('password123');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Your password was changed.')).toHaveCount(0);
  // The field says why, in the engine's own words (domain/auth/password-policy).
  await expect(form.getByLabel('New password', { exact: true })).toHaveAccessibleDescription(/That password is too easy to guess\. This is a commonly used password\./);

  await signOut(page);
  await signIn(page, ADMIN);
});
