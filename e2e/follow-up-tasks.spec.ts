import { expect, test } from './fixtures';
import { MILK as TEST_MILK } from '../electron/core/inventory/fixture-items';
import { goTo, rawCall } from './app-steps';

/** Milk by the case of 6 × 1 L, not TCS here: the delivery needs no temperature at the door. */
const MILK = { ...TEST_MILK, perishable: false, shelfLifeDays: null, tcs: false };

test('an item below its reorder point gets one reorder task from Inventory, which the tasks list shows with what it follows up', async ({ adminPage: page }) => {
  // The catalog and a delivery of one case (the reorder point is two) are set up through the engine.
  const [here] = (await rawCall(page, 'locations.list', {})).output as { id: string }[];
  const milk = ((await rawCall(page, 'inventory.saveItem', { itemId: null, fields: MILK })).output as { id: string }).id;
  const received = await rawCall(page, 'inventory.receive', { locationId: here!.id, supplierId: null, note: '', lines: [{ itemId: milk, packName: 'case', qty: 1, lot: '', expiresOn: null }] });
  expect(received.error).toBeUndefined();

  await goTo(page, 'Inventory');
  const row = page.getByRole('table', { name: 'Low stock' }).getByRole('row', { name: /Milk/ });
  await expect(row.getByRole('cell', { name: '3 case' })).toBeVisible();
  await row.getByRole('button', { name: 'Add reorder task' }).click();
  const form = page.getByRole('dialog');
  await expect(form.getByText('Follows up: Low stock: Milk')).toBeVisible();
  await expect(form.getByLabel('Task')).toHaveValue('Reorder Milk');
  await expect(form.getByLabel('Notes')).toHaveValue('Order 3 case to bring it up to par.');
  await expect(form.getByLabel('For')).toHaveValue('role:MANAGER');
  await form.getByRole('button', { name: 'Add task' }).click();
  await expect(form).toBeHidden();
  await expect(row.getByText('Task open:')).toBeVisible();
  await expect(row.getByRole('link', { name: 'Reorder Milk' })).toBeVisible();
  await expect(row.getByRole('button', { name: 'Add reorder task' })).toHaveCount(0);

  // A second reorder task for the same item while one is open is the engine's refusal, not only a hidden button.
  const second = await rawCall(page, 'tasks.create', { locationId: here!.id, title: 'Milk again', type: 'inventory', origin: { kind: 'lowStock', ref: milk } });
  expect(second.error).toEqual({ code: 'CONFLICT', message: 'A task to reorder Milk is already open here: "Reorder Milk".' });

  await row.getByRole('link', { name: 'Reorder Milk' }).click();
  await expect(page.getByRole('heading', { name: 'Tasks', level: 1 })).toBeVisible();
  await page.getByRole('radiogroup', { name: 'Which tasks' }).getByText('My location').click();
  const card = page.getByRole('article', { name: 'Reorder Milk' });
  await expect(card.getByText('For Every Manager', { exact: false })).toBeVisible();
  await card.getByRole('link', { name: 'Low stock: Milk, 1 case on hand (reorder point 2 case, par 4 case)' }).click();
  await expect(page.getByRole('heading', { name: 'Milk', level: 1 })).toBeVisible();
});
