import { execFileSync } from 'node:child_process';
import { formAlert, goTo } from './app-steps';
import { expect, test } from './fixtures';

test('receive a delivery, use some, count with a variance, approve, and see the balance and its history', async ({ adminPage: page }) => {

  // The catalog: milk, by the case of 6 × 1 L, perishable and TCS (its temperature is checked at the door).
  await goTo(page, 'Items');
  await page.getByRole('button', { name: 'Add item' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add item' });
  await dialog.getByLabel('Name').fill('Milk');
  await dialog.getByLabel('SKU').fill('MI-6');
  await dialog.getByLabel('Category').fill('Dairy');
  await dialog.getByLabel('Storage area').fill('Walk-in');
  await dialog.getByLabel('Base unit').selectOption('ml');
  await dialog.getByLabel('Pack sizes').fill('case=6000;L=1000');
  await dialog.getByLabel('Par level (ml)').fill('24000');
  await dialog.getByLabel('Reorder point (ml)').fill('12000');
  await dialog.getByLabel('Cost per L ($)').fill('1.20');
  await dialog.getByLabel('Shelf life (days)').fill('7');
  await dialog.getByLabel('Perishable (lots and expiry)').check();
  await dialog.getByLabel('TCS (receiving temperature check)').check();
  await dialog.getByRole('button', { name: 'Save item' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('table', { name: 'Items' }).getByRole('row', { name: /Milk/ })).toContainText('$1.20 / L');
  // None in stock yet: Home says what to order, up to par in whole cases.
  await goTo(page, 'Home');
  await expect(page.getByRole('region', { name: 'Stock' })).toContainText('1 to reorder');
  await expect(page.getByRole('region', { name: 'Stock' })).toContainText('Milk: order 4 case');

  // A delivery of 3 cases, lot L7. Milk is TCS food: no delivery without its temperature (Food Code 3-202.11).
  await goTo(page, 'Receive');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Receive', exact: true })).toHaveAttribute('aria-current', 'page');
  await expect(nav.getByRole('link', { name: 'Inventory', exact: true })).not.toHaveAttribute('aria-current', 'page');
  const line = page.getByRole('group', { name: 'Line 1' });
  await line.getByLabel('Item').selectOption({ label: 'Milk' });
  await line.getByLabel('Quantity').fill('3');
  await expect(line.getByLabel('Pack')).toHaveValue('case');
  await page.getByRole('button', { name: 'Record delivery' }).click();
  await expect(formAlert(page)).toHaveText('Line 1: Milk is TCS food. Enter the temperature in °F.');
  const check = line.getByRole('group', { name: 'Receiving check' });
  await expect(check.getByLabel('Arrived')).toHaveValue('cold');
  await check.getByLabel('Temperature (°F)').fill('warm');
  await page.getByRole('button', { name: 'Record delivery' }).click();
  await expect(formAlert(page)).toHaveText('Line 1: Milk is TCS food. Enter a number of °F with at most two decimals, e.g. 38.5.');
  await check.getByLabel('Temperature (°F)').fill('46');
  await expect(check.getByRole('status')).toHaveText('Check failed');
  // Without the lot it is refused with a sentence.
  await page.getByRole('button', { name: 'Record delivery' }).click();
  await expect(formAlert(page)).toHaveText('Line 1: Milk is perishable; enter the lot number from the label.');
  await line.getByLabel('Lot').fill('L7');
  // 46 °F is above the 41 °F limit: the engine asks for a decision, and nothing is received until then.
  await page.getByRole('button', { name: 'Record delivery' }).click();
  await expect(formAlert(page)).toHaveText(
    'Line 1: Milk arrived at 7.78 °C (46.0 °F), above the 5.0 °C (41.0 °F) limit for refrigerated TCS food (Food Code 3-202.11): reject it, or accept it with a corrective action.',
  );
  await check.getByLabel('Decision').selectOption('reject');
  await page.getByRole('button', { name: 'Record delivery' }).click();
  await expect(page.getByText('Nothing received: rejected 1 line(s) at the door.')).toBeVisible();
  // The driver comes back with cold milk: 38 °F passes.
  await line.getByLabel('Item').selectOption({ label: 'Milk' });
  await line.getByLabel('Quantity').fill('3');
  await line.getByLabel('Lot').fill('L7');
  await check.getByLabel('Temperature (°F)').fill('38');
  await expect(check.getByRole('status')).toHaveText('Check passed');
  await page.getByRole('button', { name: 'Record delivery' }).click();
  await expect(page.getByText('Received 1 line(s).')).toBeVisible();
  await goTo(page, 'Home');
  await expect(page.getByRole('region', { name: 'Stock' })).toContainText('0 to reorder');

  await goTo(page, 'Inventory');
  const stock = page.getByRole('table', { name: 'Stock on hand' });
  await expect(stock.getByRole('row', { name: /Milk/ })).toContainText('3 case');
  await expect(stock.getByRole('row', { name: /Milk/ })).toContainText('$21.60');

  // Use 2.5 L from the item's page.
  await stock.getByRole('link', { name: 'Milk' }).click();
  await expect(page.getByRole('heading', { name: 'Milk', level: 1 })).toBeVisible();
  const use = page.getByRole('form', { name: 'Use stock' });
  await use.getByLabel('Quantity').fill('2.5');
  await use.getByLabel('Pack').selectOption('L');
  await use.getByRole('button', { name: 'Record use' }).click();
  await expect(page.getByText('Used 2 L + 500 ml of Milk (lot L7).')).toBeVisible();
  await expect(page.getByLabel('On hand')).toHaveText('On hand: 2 case + 3 L + 500 ml');

  // A blind count of the walk-in: 2 cases and 2 L on the shelf (1.5 L short).
  await goTo(page, 'Count');
  await page.getByLabel('Storage area').selectOption('Walk-in');
  await page.getByRole('button', { name: 'Start count' }).click();
  await expect(page.getByRole('heading', { name: 'Count sheet' })).toBeVisible();
  const sheet = page.getByRole('table', { name: 'Count sheet' });
  await expect(sheet.getByRole('columnheader', { name: 'Expected' })).toHaveCount(0);
  // The sheet on paper, blind too: the items by storage area with their packs, nothing on the books.
  const [printed] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Print count sheet (PDF)' }).click()]);
  expect(printed.suggestedFilename()).toBe('count-sheet-walk-in.pdf');
  const paper = execFileSync('pdftotext', ['-layout', await printed.path(), '-'], { encoding: 'utf8' });
  expect(paper).toContain('Blind count: the quantities on the books are not shown.');
  expect(paper).toMatch(/Milk\s+MI-6\s+case = 6,000 ml · L = 1,000 ml · ml/);
  expect(paper).not.toContain('On the books');
  const entry = sheet.getByRole('group', { name: 'Count of Milk' });
  await entry.getByLabel('Counted').fill('14');
  await entry.getByLabel('Pack').selectOption('L');
  await entry.getByRole('button', { name: 'Save' }).click();
  await expect(entry).toContainText('= 2 case + 2 L');
  await page.getByRole('button', { name: 'Hand in count' }).click();
  // The manager (the admin here) sees the variance in quantity and value before approving.
  await expect(sheet.getByRole('row', { name: /Milk/ })).toContainText('-1 L + 500 ml');
  await expect(page.getByText('Total variance: -$1.80')).toBeVisible();
  await page.getByRole('button', { name: 'Approve and post' }).click();
  await expect(page.getByText('Count approved: variance -$1.80 posted.')).toBeVisible();

  // The balance is the count, and the history explains it movement by movement.
  await goTo(page, 'Inventory');
  await expect(stock.getByRole('row', { name: /Milk/ })).toContainText('2 case + 2 L');
  await stock.getByRole('link', { name: 'Milk' }).click();
  const history = page.getByRole('table', { name: 'Movement history' });
  await expect(history.getByRole('row')).toHaveCount(4);
  await expect(history.getByRole('row').nth(1)).toContainText('Count adjustment');
  await expect(history.getByRole('row').nth(1)).toContainText('-1 L + 500 ml');
  await expect(history.getByRole('row').nth(2)).toContainText('Used');
  await expect(history.getByRole('row').nth(3)).toContainText('Received');
  await expect(history.getByRole('row').nth(3)).toContainText('+3 case');
  await expect(history.getByRole('row').nth(3)).toContainText('38.0 °F, passed');
  // The refused delivery is on record too, with its temperature.
  await expect(page.getByRole('table', { name: 'Rejected deliveries' }).getByRole('row').nth(1)).toContainText('46.0 °F, failed: rejected');
});
