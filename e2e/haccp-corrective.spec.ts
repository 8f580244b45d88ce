import { expect, test, type Page } from '@playwright/test';
import { ADMIN, closeSpecApp, goTo, organizationForSpec, rawCall, signIn, signOut } from './app-steps';
import type { RunningApp } from './browser-mode';

let app: RunningApp;
let page: Page;
const STAFF = { name: 'Sam Line', username: 'sam', password: 'staff password 123' };
const MANAGER = { name: 'Mia Manager', username: 'mia', password: 'manager password 123' };

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  ({ app, page } = await organizationForSpec(browser, { page: { viewport: { width: 1400, height: 900 } }, users: [[STAFF], [MANAGER, 'MANAGER']] }));
});

test.afterAll(() => closeSpecApp(app, page));

test('a cooler warms up, staff acknowledge and record the corrective action, a manager signs it, and the score shows it', async () => {
  await goTo(page, 'Units & limits');
  await page.getByRole('button', { name: 'Add unit' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill('Walk-in');
  await dialog.getByLabel('Alarm delay (minutes)').fill('0');
  await dialog.getByRole('button', { name: 'Add unit' }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole('row', { name: /Walk-in/ });
  await row.getByLabel('Probe reading (°F)').fill('38');
  await row.getByRole('button', { name: 'Record' }).click();
  await expect(page.getByText('38.0 °F recorded for Walk-in: in range.')).toBeVisible();
  await row.getByLabel('Probe reading (°F)').fill('46');
  await row.getByRole('button', { name: 'Record' }).click();
  await expect(page.getByTestId('alert-bar')).toHaveText('1 alert to acknowledge: Walk-in out of range');
  await signOut(page);

  // Staff acknowledge the alert, then say what they did about it.
  await signIn(page, STAFF);
  await page.getByRole('region', { name: 'Alerts' }).getByRole('button', { name: 'Acknowledge Walk-in out of range' }).click();
  await expect(page.getByTestId('alert-bar')).toHaveText('1 open alert: Walk-in out of range');
  await goTo(page, 'Excursions');
  const excursion = page.getByRole('row', { name: /Walk-in/ });
  await expect(excursion.getByText('Needs a corrective action')).toBeVisible();
  await excursion.getByRole('button', { name: 'Record corrective action' }).click();
  const form = page.getByRole('dialog');
  await form.getByLabel('Cause').fill('Door left ajar after the delivery');
  await form.getByLabel('Product disposition').fill('Chicken binned');
  await form.getByRole('button', { name: 'Record', exact: true }).click();
  // A discard without its quantity is refused with a sentence, and nothing is recorded.
  await expect(form.getByText('Say how much product was discarded (a quantity and its unit).')).toBeVisible();
  await form.getByLabel('Quantity discarded').fill('2.5');
  await form.getByRole('button', { name: 'Record', exact: true }).click();
  await expect(form).toBeHidden();
  await expect(excursion.getByText('Awaiting sign-off')).toBeVisible();
  await expect(excursion.getByText(/Product discarded \(2\.5 kg\)\. Cause: Door left ajar after the delivery/)).toBeVisible();
  // Staff may not sign: no button, and the engine refuses a direct call.
  await expect(excursion.getByRole('button', { name: 'Sign off' })).toHaveCount(0);
  const list = (await rawCall(page, 'haccp.excursions', {})).output as { correctiveAction: { id: string } }[];
  expect((await rawCall(page, 'haccp.signOffCorrectiveAction', { actionId: list[0]!.correctiveAction.id })).error?.code).toBe('FORBIDDEN');
  await signOut(page);

  // The manager signs it off: the record is locked and the screen says who signed, when.
  await signIn(page, MANAGER);
  await goTo(page, 'Excursions');
  await excursion.getByRole('button', { name: 'Sign off' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Sign off' }).click();
  await expect(excursion.getByText(/^Signed by Mia Manager at /)).toBeVisible();
  await expect(excursion.getByRole('button', { name: 'Sign off' })).toHaveCount(0);

  // Home: 1 of 2 readings in range, the one excursion signed in time: (50 + 100) / 2.
  await goTo(page, 'Home');
  const score = page.getByRole('region', { name: 'Compliance score' });
  await expect(score.getByLabel("Today's compliance score")).toHaveText('75');
  await expect(score.getByText(/^Mean of the parts with something to count/)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Units now' }).getByText('OUT OF RANGE')).toBeVisible();
  await signOut(page);
  await signIn(page, ADMIN);
});

test('the manager adds a follow-up task from the corrective action; it is on their list, naming what it follows up', async () => {
  await signOut(page);
  await signIn(page, MANAGER);
  await goTo(page, 'Excursions');
  const excursion = page.getByRole('row', { name: /Walk-in/ });
  await excursion.getByRole('button', { name: 'Add follow-up task' }).click();
  const form = page.getByRole('dialog');
  await expect(form.getByText(/^Follows up: the corrective action for Walk-in, /)).toBeVisible();
  await expect(form.getByLabel('Task')).toHaveValue('Follow up: Walk-in (product discarded)');
  await form.getByLabel('Task').fill('Fit a door alarm on the walk-in');
  await form.getByRole('button', { name: 'Add task' }).click();
  await expect(form).toBeHidden();

  await goTo(page, 'Tasks');
  const card = page.getByRole('article', { name: 'Fit a door alarm on the walk-in' });
  await expect(card.getByText('Follows up:')).toBeVisible();
  await expect(card.getByRole('link', { name: /^Corrective action for Walk-in, excursion from .+: Door left ajar after the delivery$/ })).toBeVisible();
  await signOut(page);
  await signIn(page, ADMIN);
});
