import { expect, test, type Page } from '@playwright/test';
import { ADMIN, closeSpecApp, goTo, organizationForSpec, rawCall, signIn, signOut } from './app-steps';
import type { RunningApp } from './browser-mode';

const SAM = { name: 'Sam Staff', username: 'sam', password: 'staff password 123' };

let app: RunningApp;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  ({ app, page } = await organizationForSpec(browser, { page: { viewport: { width: 1280, height: 900 } }, users: [[SAM]] }));
});

test.afterAll(() => closeSpecApp(app, page));

const card = (title: string) => page.getByRole('article', { name: title });
/** The segmented control's options are radios whose labels take the clicks. */
const showView = (name: string) => page.locator('label', { hasText: new RegExp(`^${name}$`) }).click();

test('a manager gives Sam a weekly cleaning task that is already overdue: the list says so in words', async () => {
  await goTo(page, 'Tasks');
  await page.getByRole('button', { name: 'New task' }).click();
  const dialog = page.getByRole('dialog', { name: 'New task' });
  // Bad input is refused on the form and nothing is added.
  await dialog.getByLabel('Repeats').selectOption('weekly');
  await dialog.getByRole('button', { name: 'Add task' }).click();
  await expect(dialog.getByText('The task cannot be empty.')).toBeVisible();
  await expect(dialog.getByText('A recurring task needs its first due time.')).toBeVisible();
  await expect(dialog.getByText('Choose at least one day of the week for a weekly task.')).toBeVisible();

  await dialog.getByLabel('Task', { exact: true }).fill('Clean the fryer');
  await dialog.getByLabel('For').selectOption({ label: 'Sam Staff (Staff)' });
  await dialog.getByLabel('Kind').selectOption('cleaning');
  await dialog.getByLabel('Priority').selectOption('high');
  // 2020-01-06 was a Monday; due long ago, so overdue now.
  await dialog.getByLabel('Due day').fill('2020-01-06');
  await dialog.getByLabel('Due time').fill('09:00');
  await dialog.getByRole('checkbox', { name: 'Monday' }).check();
  await dialog.getByRole('button', { name: 'Add task' }).click();
  await expect(dialog).toBeHidden();

  await showView('My location');
  const fryer = card('Clean the fryer');
  await expect(fryer).toContainText('For Sam Staff · To do');
  await expect(fryer.getByTestId('task-due')).toHaveText(/^Due 2020-01-06 09:00 · Overdue by \d+ days$/);
  await expect(fryer).toContainText('Repeats every Monday');
  await expect(page.getByRole('status').filter({ hasText: 'open' })).toHaveText('1 open, 1 overdue');
  // The manager's own list is empty: the task is Sam's.
  await showView('Mine');
  await expect(page.getByText('Nothing on your list.')).toBeVisible();
});

test('Sam starts it and marks it done on the board; the next Monday’s occurrence takes its place', async () => {
  await signOut(page);
  await signIn(page, SAM);
  await goTo(page, 'Tasks');
  await expect(card('Clean the fryer')).toBeVisible();
  await expect(card('Clean the fryer').getByRole('button', { name: 'Delete' })).toHaveCount(0);
  await expect(card('Clean the fryer').getByRole('button', { name: 'Edit' })).toHaveCount(0);

  await showView('Board');
  const todo = page.getByRole('region', { name: 'To do' });
  const inProgress = page.getByRole('region', { name: 'In progress' });
  const done = page.getByRole('region', { name: 'Done' });
  await todo.getByRole('article', { name: 'Clean the fryer' }).getByRole('button', { name: 'Start' }).click();
  await expect(inProgress.getByRole('article', { name: 'Clean the fryer' })).toBeVisible();
  await inProgress.getByRole('article', { name: 'Clean the fryer' }).getByRole('button', { name: 'Mark done' }).click();
  await expect(page.getByText('“Clean the fryer” is done; the next one is on the list.')).toBeVisible();
  await expect(done.getByRole('article', { name: 'Clean the fryer' })).toContainText('by Sam Staff');
  // The next occurrence: a Monday at 09:00, in the future.
  const next = todo.getByRole('article', { name: 'Clean the fryer' });
  await expect(next.getByTestId('task-due')).toHaveText(/^Due \d{4}-\d{2}-\d{2} 09:00 · Due in \d+ (days|hours|minutes|day|hour|minute)$/);
  const due = (await next.getByTestId('task-due').textContent())!.slice(4, 14);
  expect(new Date(`${due}T12:00:00Z`).getUTCDay()).toBe(1);
});

test('Sam adds a task for himself, and may not give one to someone else', async () => {
  await page.getByRole('button', { name: 'New task' }).click();
  const dialog = page.getByRole('dialog', { name: 'New task' });
  await expect(dialog.getByLabel('For')).toHaveValue('Sam Staff');
  await dialog.getByLabel('Task', { exact: true }).fill('Prep onions');
  await dialog.getByRole('button', { name: 'Add task' }).click();
  await expect(dialog).toBeHidden();
  await showView('Mine');
  await expect(card('Prep onions')).toContainText('No due time');
  await expect(card('Prep onions').getByRole('button', { name: 'Edit' })).toBeVisible();

  // Past the screen, straight to the engine: refused with a sentence.
  const session = await rawCall(page, 'auth.session', {});
  const locationId = (session.output as { session: { user: { locationIds: string[] } } }).session.user.locationIds[0];
  const refused = await rawCall(page, 'tasks.create', { locationId, title: 'For everyone', type: 'prep', assignee: { role: 'STAFF' } });
  expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: 'You can add tasks for yourself; ask a manager to give a task to someone else.' } });
  await signOut(page);
  await signIn(page, { username: ADMIN.username, password: ADMIN.password });
});
