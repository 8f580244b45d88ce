import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN, closeSpecApp, goTo, organizationForSpec, rawCall, signIn, signOut } from './app-steps';
import type { RunningApp } from './browser-mode';

/**
 * The whole chain the issue asks for, end to end: a cooler's logger download shows it warming past
 * 41 °F / 5 °C for an hour (its alarm delay is the default 30 min), the alert fires, staff
 * acknowledge it, a manager records and signs the corrective action, and the inspector's report
 * lists the excursion with both. The readings come from a file whose times the test sets from the
 * clock, so nothing waits for a cooler to really warm.
 */
let app: RunningApp;
let page: Page;
const STAFF = { name: 'Sam Line', username: 'sam', password: 'staff password 123' };
const MANAGER = { name: 'Mia Manager', username: 'mia', password: 'manager password 123' };
const TEN_MIN = 600_000;
const MILK = {
  name: 'Milk', sku: 'MI-6', category: 'Dairy', storageArea: 'Walk-in', baseUnit: 'ml', packs: [{ name: 'case', baseQty: 6000 }, { name: 'L', baseQty: 1000 }],
  parBase: 24_000, reorderPointBase: 0, unitCostMilliCents: 120, supplierId: null, perishable: false, shelfLifeDays: null, tcs: true, active: true,
};

/** OpsFlow's readings CSV: one reading every 10 minutes from `startMs`. */
function readingsCsv(startMs: number, temperaturesC: number[]): Buffer {
  const lines = temperaturesC.map((t, i) => `${new Date(startMs + i * TEN_MIN).toISOString()},${t.toFixed(2)}`);
  return Buffer.from(['time,temperature_c', ...lines].join('\n'));
}

async function importReadings(file: { name: string; buffer: Buffer }, sensor: string, count: number) {
  await goTo(page, 'Sensors');
  await page.getByRole('button', { name: 'Import readings from a file' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import readings from a file' });
  await dialog.locator('input[type="file"]').setInputFiles({ name: file.name, mimeType: 'text/csv', buffer: file.buffer });
  await dialog.getByRole('combobox', { name: 'Sensor' }).fill(sensor);
  await dialog.getByRole('button', { name: 'Check file' }).click();
  await dialog.getByRole('button', { name: `Import ${count} readings` }).click();
  await expect(dialog).toBeHidden();
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  ({ app, page } = await organizationForSpec(browser, { page: { viewport: { width: 1400, height: 900 }, acceptDownloads: true }, users: [[STAFF], [MANAGER, 'MANAGER']] }));
});

test.afterAll(() => closeSpecApp(app, page));

test('a cooler warms up, the alert fires, staff acknowledge, a manager records and signs the corrective action, and the report shows it', async () => {
  // The walk-in with the Food Code default (5 °C) and the default 30-minute alarm delay.
  await goTo(page, 'Units & limits');
  await page.getByRole('button', { name: 'Add unit' }).click();
  const unitDialog = page.getByRole('dialog');
  await unitDialog.getByLabel('Name').fill('Walk-in');
  await unitDialog.getByRole('button', { name: 'Add unit' }).click();
  await expect(unitDialog).toBeHidden();
  await expect(page.getByRole('row', { name: /Walk-in/ }).getByText('30 min')).toBeVisible();

  // Its logger's first download (two days ago, all cold) makes the sensor; it is assigned to the walk-in.
  const now = Date.now();
  const start = Math.floor(now / TEN_MIN) * TEN_MIN - 3 * 3_600_000;
  await importReadings({ name: 'walk-in-history.csv', buffer: readingsCsv(start - 2 * 86_400_000, [3, 3.2, 3.1]) }, 'Walk-in logger', 3);
  await goTo(page, 'Units & limits');
  const unitRow = page.getByRole('row', { name: /Walk-in/ });
  await unitRow.getByRole('combobox', { name: 'Sensor for Walk-in' }).click();
  await page.getByRole('option', { name: 'Walk-in logger' }).click();
  await unitRow.getByRole('button', { name: 'Assign' }).click();
  await expect(unitRow.getByText('Walk-in logger', { exact: true })).toBeVisible();
  await expect(page.getByTestId('alert-bar')).toHaveCount(0);

  // Two cases of milk in the walk-in, from Monday's delivery.
  const locations = (await rawCall(page, 'locations.list', {})).output as { id: string }[];
  const milk = (await rawCall(page, 'inventory.saveItem', { itemId: null, fields: MILK })).output as { id: string };
  // Milk is TCS food: its receiving temperature goes with the delivery (3 °C, cold holding).
  const receivingCheck = { holding: 'cold', tempCentiC: 300, receivedFrozen: false, decision: null, correctiveAction: '' };
  const delivery = [{ itemId: milk.id, packName: 'case', qty: 2, lot: 'L-77', expiresOn: null, receivingCheck }];
  expect((await rawCall(page, 'inventory.receive', { locationId: locations[0]!.id, supplierId: null, note: '', lines: delivery })).ok).toBe(true);

  // Today's download: out of range from the 7th reading to the 13th, an hour, peaking at 9 °C.
  const warming = [3, 3.4, 3.8, 4.2, 4.6, 5, 6.5, 8, 9, 8.5, 7, 6, 4, 3.5, 3.2, 3.1];
  await importReadings({ name: 'walk-in-today.csv', buffer: readingsCsv(start, warming) }, 'Walk-in logger', warming.length);
  await expect(page.getByTestId('alert-bar')).toHaveText('1 alert to acknowledge: Walk-in out of range');
  await signOut(page);

  // Staff acknowledge it from the bar on the screen they land on.
  await signIn(page, STAFF);
  await expect(page.getByTestId('alert-bar')).toHaveText('1 alert to acknowledge: Walk-in out of range');
  await page.getByRole('region', { name: 'Alerts' }).getByRole('button', { name: 'Acknowledge Walk-in out of range' }).click();
  await goTo(page, 'Alerts');
  await page.getByLabel('Show closed alerts').check();
  const alert = page.getByRole('row', { name: /Walk-in out of range/ });
  await expect(alert.getByText(/^Acknowledged by Sam Line/)).toBeVisible();
  await signOut(page);

  // The manager records the corrective action and signs it off.
  await signIn(page, MANAGER);
  await goTo(page, 'Excursions');
  const excursion = page.getByRole('row', { name: /Walk-in/ });
  await expect(excursion.getByText('Needs a corrective action')).toBeVisible();
  await excursion.getByRole('button', { name: 'Record corrective action' }).click();
  const form = page.getByRole('dialog');
  await form.getByLabel('Cause').fill('Compressor tripped during the lunch rush');
  // The milk is written off the walk-in's stock in the same step.
  await form.getByRole('combobox', { name: 'Inventory item (optional)' }).click();
  await page.getByRole('option', { name: 'Milk' }).click();
  await form.getByLabel('Quantity discarded').fill('4');
  await form.getByRole('combobox', { name: 'Unit of the quantity' }).click();
  await page.getByRole('option', { name: 'L', exact: true }).click();
  await form.getByLabel('Product disposition').fill('Milk poured away');
  await form.getByRole('button', { name: 'Record', exact: true }).click();
  await expect(form).toBeHidden();
  await expect(excursion.getByText('Awaiting sign-off')).toBeVisible();
  await expect(excursion.getByText(/Product discarded \(4 L of Milk, written off in Inventory\)/)).toBeVisible();
  const onHand = (await rawCall(page, 'inventory.onHand', { locationId: locations[0]!.id })).output as { item: { id: string }; onHandBase: number }[];
  expect(onHand.find((r) => r.item.id === milk.id)?.onHandBase).toBe(8_000);
  await excursion.getByRole('button', { name: 'Sign off' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Sign off' }).click();
  await expect(excursion.getByText(/^Signed by Mia Manager at /)).toBeVisible();

  // The inspector's report (CSV) for the last 30 days lists the excursion, the action and who signed.
  await goTo(page, 'Reports');
  await expect(page.getByLabel('Archive')).toContainText('Nothing is archived yet.');
  await page.getByText('CSV', { exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the report' }).click()]);
  const records = parse(readFileSync((await download.path())!, 'utf8'), { relax_column_count: true }) as string[][];
  const header = records.findIndex((r) => r[0] === 'Excursions');
  expect(records[header + 1]![0]).toMatch(/^1 excursion\(s\)/);
  const row = records[header + 3]!;
  expect(row[0]).toBe('Walk-in / Walk-in logger');
  expect(row[3]).toBe('1 h 00 min');
  expect(row[4]).toBe('48.2 °F'); // 9 °C: the location shows Fahrenheit
  expect(row[5]).toBe('at most 41.0 °F');
  expect(row[6]).toMatch(/^Product discarded \(4 L\): Compressor tripped during the lunch rush; Milk poured away \(Mia Manager, \d{4}-\d{2}-\d{2} \d{2}:\d{2}\)$/);
  expect(row[7]).toMatch(/^Mia Manager, \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  await signOut(page);
  await signIn(page, ADMIN);
});
