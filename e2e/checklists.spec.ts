import { expect, test, type Page } from '@playwright/test';
import { createUser, goTo, rawCall, setUpOrganization, signIn, signOut } from './app-steps';
import { startBrowserMode, type RunningApp } from './browser-mode';

const SAM = { name: 'Sam Rivera', username: 'sam', password: 'staff password 123' };
const MIA = { name: 'Mia Manager', username: 'mia', password: 'manager password 123' };
const ZONE = 'America/Chicago';

let app: RunningApp;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  app = await startBrowserMode();
  // en-US: the location is set up in °F, the unit a US kitchen's probes read.
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  await setUpOrganization(page, app, ZONE);
  await createUser(page, SAM);
  await createUser(page, MIA, 'MANAGER');
});

test.afterAll(async () => {
  await page?.close();
  await app?.stop();
});

const receivingCard = () => page.getByRole('region', { name: 'Receiving check' });

/** "2026-11-25T14:05": an instant on the location's wall clock, as a date-and-time field takes it. */
function wallClockText(atMs: number): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(atMs))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

test('an administrator sets up the receiving check from its preset; it is due today', async () => {
  await goTo(page, 'Checklists');
  await expect(page.getByText('No checklist is due today. Set one up below.')).toBeVisible();
  await page.getByLabel('New checklist from', { exact: true }).selectOption({ label: 'Receiving' });
  await page.getByRole('button', { name: 'New checklist' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('textbox', { name: 'Item 1', exact: true })).toHaveValue('Refrigerated TCS food temperature');
  await dialog.getByRole('button', { name: 'Save checklist' }).click();
  await expect(dialog).toBeHidden();
  await expect(receivingCard()).toContainText(/Due by 23:59 \(.+ left\)/);
  await signOut(page);
});

test('a staff member completes it: warm chicken asks for rejection or a corrective action, and the rejection is recorded', async () => {
  await signIn(page, SAM);
  await goTo(page, 'Checklists');
  await expect(page.getByRole('region', { name: 'Checklist templates' })).toHaveCount(0);
  await receivingCard().getByRole('button', { name: 'Fill in' }).click();
  const card = receivingCard();
  await card.getByLabel('Refrigerated TCS food temperature', { exact: true }).fill('45');
  await card.getByLabel('Hot TCS food temperature', { exact: true }).fill('140');
  await card.getByRole('radio', { name: 'Yes' }).check();
  await card.getByLabel('Supplier and invoice number', { exact: true }).fill('Sysco INV-204');
  await expect(card.getByText('Refrigerated TCS food temperature: out of range')).toBeVisible();
  await card.getByRole('button', { name: 'Complete checklist' }).click();
  await expect(card.getByText('Failed: choose to reject the delivery or record a corrective action.')).toBeVisible();

  await card.getByText('Reject the delivery', { exact: true }).click();
  await card.getByLabel('What was done about Refrigerated TCS food temperature', { exact: true }).fill('Chicken at 45 °F, sent back with the driver');
  await card.getByRole('button', { name: 'Complete checklist' }).click();
  await expect(card).toContainText('Done on time');
  await expect(card).toContainText('Completed by Sam Rivera');
  await expect(card).toContainText('Fail — delivery rejected: Chicken at 45 °F, sent back with the driver');
  await expect(card).toContainText('Not signed off yet');
  // Staff record; they do not sign off.
  await expect(card.getByRole('button', { name: 'Sign off' })).toHaveCount(0);
  await signOut(page);
});

test('a manager signs it off; the signed record is locked for staff', async () => {
  await signIn(page, MIA);
  await goTo(page, 'Checklists');
  await receivingCard().getByRole('button', { name: 'Sign off' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Note (optional)', { exact: true }).fill('Rejection confirmed with the supplier');
  await dialog.getByRole('button', { name: 'Sign off' }).click();
  await expect(dialog).toBeHidden();
  await expect(receivingCard()).toContainText('Signed off by Mia Manager');
  await signOut(page);

  await signIn(page, SAM);
  await goTo(page, 'Checklists');
  await expect(receivingCard()).toContainText('Signed off by Mia Manager');
  await expect(receivingCard().getByRole('button', { name: 'Correct' })).toHaveCount(0);
  // Asked directly, the engine refuses too, and nothing changes.
  type Answer = { itemId: string; value: unknown; failAction: unknown };
  const day = (await rawCall(page, 'checklists.day', {})).output as { occurrences: { records: { id: string; answers: Answer[] }[] }[] };
  const record = day.occurrences[0]!.records[0]!;
  const answers = record.answers.map(({ itemId, value, failAction }) => ({ itemId, value, failAction }));
  const refused = await rawCall(page, 'checklists.amend', { completionId: record.id, answers, note: 'Change it' });
  expect(refused.error).toEqual({ code: 'FORBIDDEN', message: 'This record is signed and locked. Only someone who may sign off records can correct it, with an amendment.' });
  await page.reload();
  await expect(receivingCard().getByText(/^Corrected by/)).toHaveCount(0);
});

test('a cooling log started 2 h 30 min ago at 140 °F with no reading at 70 °F fails its 2-hour stage', async () => {
  await goTo(page, 'Cooling logs');
  await page.getByLabel('Food', { exact: true }).fill('Chicken stock');
  await page.getByLabel('Temperature (°F)', { exact: true }).fill('140');
  await page.getByLabel('Taken at', { exact: true }).fill(wallClockText(Date.now() - 150 * 60_000));
  await page.getByRole('button', { name: 'Start log' }).click();
  const log = page.getByRole('region', { name: 'Chicken stock — cooling' });
  await expect(log).toContainText('Failed');
  const stages = log.getByRole('table', { name: 'Stages of Chicken stock — cooling' });
  await expect(stages.getByRole('row', { name: /70 °F within 2 hours/ })).toContainText('Failed: not reached in time');
  // The 6-hour stage still runs, with the time left shown (about 3 h 30 min).
  await expect(stages.getByRole('row', { name: /41 °F within 6 hours/ })).toContainText(/3 h (29|30) min left/);

  await log.getByLabel('Corrective action', { exact: true }).selectOption({ label: 'Discarded' });
  await log.getByLabel('Note', { exact: true }).fill('Thrown away, logged as waste');
  await log.getByRole('button', { name: 'Record action' }).click();
  await expect(log).toContainText('Corrective action by Sam Rivera');
  await expect(log).toContainText('Discarded — Thrown away, logged as waste');
});
