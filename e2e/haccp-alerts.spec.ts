import { expect, test, type Page } from '@playwright/test';
import { ADMIN, closeSpecApp, goTo, organizationForSpec, rawCall, signIn, signOut } from './app-steps';
import type { RunningApp } from './browser-mode';

let app: RunningApp;
let page: Page;
const STAFF = { name: 'Sam Line', username: 'sam', password: 'staff password 123' };

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  ({ app, page } = await organizationForSpec(browser, { page: { viewport: { width: 1400, height: 900 } }, users: [[STAFF]] }));
});

test.afterAll(() => closeSpecApp(app, page));

test('a unit gets the Food Code default limit; a delay past three hours is refused, not clamped', async () => {
  await goTo(page, 'Units & limits');
  await page.getByRole('button', { name: 'Add unit' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill('Walk-in');
  await dialog.getByLabel('Alarm delay (minutes)').fill('181');
  await dialog.getByRole('button', { name: 'Add unit' }).click();
  await expect(dialog.getByText('The alarm delay is 0 to 180 minutes (3 hours).')).toBeVisible();
  const refused = await rawCall(page, 'haccp.addUnit', { name: 'Walk-in', type: 'walk-in-cooler', alarmDelayMin: 181 });
  expect(refused.error).toEqual({ code: 'BAD_INPUT', message: 'The alarm delay is 0 to 180 minutes (3 hours).' });
  // No delay: the first out-of-range reading is an excursion (the probe check is taken by hand).
  await dialog.getByLabel('Alarm delay (minutes)').fill('0');
  await dialog.getByRole('button', { name: 'Add unit' }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole('row', { name: /Walk-in/ });
  await expect(row.getByText('at most 41.0 °F')).toBeVisible();
  await expect(row.getByText('Food Code default')).toBeVisible();
});

test('the cooler warms up, the alert fires on every screen, and staff acknowledge it', async () => {
  const row = page.getByRole('row', { name: /Walk-in/ });
  const probe = row.getByLabel('Probe reading (°F)');
  for (const reading of ['38', '40.5', '41']) {
    await probe.fill(reading);
    await row.getByRole('button', { name: 'Record' }).click();
    await expect(page.getByText(`${Number(reading).toFixed(1)} °F recorded for Walk-in: in range.`)).toBeVisible();
  }
  await expect(page.getByTestId('alert-bar')).toHaveCount(0);
  await probe.fill('46');
  await row.getByRole('button', { name: 'Record' }).click();
  await expect(page.getByTestId('alert-bar')).toHaveText('1 alert to acknowledge: Walk-in out of range');

  await goTo(page, 'Excursions');
  await expect(page.getByRole('row', { name: /Walk-in/ }).getByText('Still out of range')).toBeVisible();

  await signOut(page);
  await signIn(page, STAFF);
  // The bar shows on whatever screen staff land on.
  await expect(page.getByTestId('alert-bar')).toHaveText('1 alert to acknowledge: Walk-in out of range');
  await page.getByRole('region', { name: 'Alerts' }).getByRole('button', { name: 'Acknowledge Walk-in out of range' }).click();
  await expect(page.getByTestId('alert-bar')).toHaveText('1 open alert: Walk-in out of range');

  await goTo(page, 'Alerts');
  const alert = page.getByRole('row', { name: /Walk-in out of range/ });
  await expect(alert.getByText('Acknowledged, still going on')).toBeVisible();
  await expect(alert.getByText(/^Acknowledged by Sam Line/)).toBeVisible();
  // Staff may not change limits: no button, and the engine refuses a direct call.
  await goTo(page, 'Units & limits');
  await expect(page.getByRole('button', { name: 'Add unit' })).toHaveCount(0);
  const refused = await rawCall(page, 'haccp.addUnit', { name: 'Sneaky', type: 'freezer' });
  expect(refused.error?.code).toBe('FORBIDDEN');

  // Back in range: the alert closes and keeps its history.
  await page.getByRole('row', { name: /Walk-in/ }).getByLabel('Probe reading (°F)').fill('39');
  await page.getByRole('row', { name: /Walk-in/ }).getByRole('button', { name: 'Record' }).click();
  await expect(page.getByTestId('alert-bar')).toHaveCount(0);
  await goTo(page, 'Alerts');
  await page.getByLabel('Show closed alerts').check();
  await expect(page.getByRole('row', { name: /Walk-in out of range/ }).getByText('Closed', { exact: true })).toBeVisible();
  await signOut(page);
  await signIn(page, ADMIN);
});
