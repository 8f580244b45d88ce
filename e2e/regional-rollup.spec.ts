// A regional office: a restaurant's PC (an engine in this process) records an excursion while the
// hub is down, then syncs; the regional office's PC (browser mode) connects to the hub from
// Settings → Connect to hub, and its Roll-up shows the restaurant's excursion without a signed
// corrective action. Hub, engine and app all on 127.0.0.1, started here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { v7 as uuidv7 } from 'uuid';
import * as Y from 'yjs';
import { directoryDocName, parseDocName } from '../domain/sync/doc-names';
import { storeReadings } from '../electron/core/readings/store-readings';
import { ensureSensor } from '../electron/core/sensors/sensors';
import { TEST_PASSWORD, addUser, call, openTestEngine } from '../electron/core/testing/test-engine';
import { createAdminToken, createLocation } from '../sync-server/storage/tenants';
import { allSynced, closeStations, enrollOrganization, standaloneStation, status, testHub, until, type Station } from '../tests/support/hub-stations';
import { ADMIN, goTo, signIn, signOut } from './app-steps';
import { startBrowserMode, type RunningApp } from './browser-mode';

const MINUTE = 60_000;

/** A walk-in cooler at the restaurant, 9 °C for an hour (limit 5 °C, 30-minute delay), two hours ago. */
async function excursionAt(s: Station) {
  const unit = await call(s.engine, 'haccp.addUnit', { name: 'Walk-in cooler', type: 'walk-in-cooler', alarmDelayMin: 30 }, s.adminToken);
  const sensorId = ensureSensor(s.engine.context, { deviceSerial: 'RC4-7001', deviceFamily: 'elitech', channel: 'internal' }, { name: 'Walk-in logger' });
  await call(s.engine, 'haccp.assignSensor', { sensorId, unitId: unit.id }, s.adminToken);
  const fromMs = Date.now() - 2 * 3600_000;
  storeReadings(s.engine.context, sensorId, 'download', Array.from({ length: 61 }, (_, i) => ({ atMs: fromMs + i * MINUTE, rawCentiC: 900 })));
}

/**
 * The regional office's PC before its first start: its own location in the organization's
 * directory and the users' sign-in secrets (as the hub hands them out), set up with the organization's ids.
 */
async function regionalDataDir(restaurant: Station, officeId: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'opsflow-e2e-regional-'));
  const { tenantId } = restaurant.engine.context.identity()!;
  const engine = await openTestEngine({ dataDir: dir, sync: false });
  const from = restaurant.engine.context.docs;
  const directory = Y.encodeStateAsUpdate(from.get(directoryDocName(tenantId)));
  // Sign-in secrets live in each user's credentials document, beside the directory.
  const credentials = from.storedNames().filter((name) => parseDocName(name)?.kind === 'credentials');
  engine.context.docs.transaction(() => {
    engine.context.setIdentity({ tenantId, homeLocationId: officeId, stationId: uuidv7() });
    engine.context.docs.applyRemote(directoryDocName(tenantId), directory);
    for (const name of credentials) engine.context.docs.applyRemote(name, Y.encodeStateAsUpdate(from.get(name)));
  });
  engine.close();
  return dir;
}

test.describe('regional office', () => {
  let hub: Awaited<ReturnType<typeof testHub>>;
  let app: RunningApp | null = null;
  let regionalDir: string | null = null;

  test.afterEach(async () => {
    await app?.stop();
    if (regionalDir) rmSync(regionalDir, { recursive: true, force: true });
    closeStations();
    await hub?.dispose();
  });

  test("a regional manager's roll-up shows a second location's excursion that happened offline", async ({ page }) => {
    test.setTimeout(180_000);
    hub = await testHub();
    const restaurant = await standaloneStation();
    const { tenantId, locationId: downtown } = await enrollOrganization(hub.hub, restaurant);
    await until([restaurant], allSynced(restaurant));
    const office = await call(restaurant.engine, 'locations.create', { name: 'Regional office', address: '1 Main St', timeZone: 'UTC', temperatureUnit: 'C' }, restaurant.adminToken);
    await addUser(restaurant.engine, restaurant.adminToken, { username: 'rita', displayName: 'Rita Regional', role: 'MANAGER', locationIds: [downtown, office.id] });
    const downtownName = restaurant.engine.context.directory.location(downtown)!.name;

    // The restaurant loses the hub and records its excursion offline.
    await hub.stop();
    await until([restaurant], () => status(restaurant).state === 'offline');
    await excursionAt(restaurant);
    expect(status(restaurant).changesWaiting).toBeGreaterThan(0);

    regionalDir = await regionalDataDir(restaurant, office.id);
    await hub.start();
    restaurant.timers.fireAll();
    await until([restaurant], allSynced(restaurant));

    // The hub's operator adds the office and makes it a code that reads Downtown too.
    await createLocation(hub.hub.db, tenantId, { name: 'Regional office', nowMs: Date.now(), locationId: office.id });
    const adminToken = await createAdminToken(hub.hub.db, tenantId, { name: 'Owner', nowMs: Date.now() });
    const made = await fetch(`${hub.url}/api/v1/admin/enrollment-codes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ locationId: office.id, readLocationIds: [downtown] }),
    });
    expect(made.status).toBe(201);
    const { enrollmentCode } = (await made.json()) as { enrollmentCode: string };

    app = await startBrowserMode({ dataDir: regionalDir });
    await page.goto(app.url);
    await signIn(page, ADMIN);
    await goTo(page, 'Settings');
    await page.getByLabel('Hub address').fill(hub.url);
    await page.getByLabel('Enrollment code').fill(enrollmentCode);
    await page.getByRole('button', { name: 'Connect to hub' }).click();
    await expect(page.getByText('Connected', { exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText(`Also reads (never changes): ${downtownName}`)).toBeVisible();
    await signOut(page);

    await signIn(page, { username: 'rita', password: TEST_PASSWORD });
    await goTo(page, 'Roll-up');
    const row = page.getByRole('row', { name: new RegExp(downtownName) });
    await expect(row.getByText('1 without signed action')).toBeVisible({ timeout: 30_000 });
    await expect(row.getByText('Never')).toHaveCount(0);
    await expect(page.getByRole('row', { name: /Regional office/ })).toContainText('This PC');

    await row.getByRole('button', { name: `Excursions at ${downtownName}` }).click();
    await expect(page.getByRole('heading', { name: 'Excursions' })).toBeVisible();
    await expect(page.getByText(`Showing ${downtownName} only.`)).toBeVisible();
    const excursion = page.getByRole('table', { name: 'Excursions' }).getByRole('row', { name: /Walk-in cooler/ });
    await expect(excursion).toBeVisible();
    // The office reads Downtown, it cannot send it a change: the corrective action belongs on Downtown's PC.
    await excursion.getByRole('button', { name: 'Record corrective action' }).click();
    const form = page.getByRole('dialog');
    await form.getByLabel('Cause').fill('Door left ajar');
    await form.getByLabel('Product disposition').fill('Binned');
    await form.getByLabel('Quantity discarded').fill('1');
    await form.getByRole('button', { name: 'Record', exact: true }).click();
    await expect(form.getByText(`This PC only reads ${downtownName}'s records through the hub; it cannot send them changes. Record this on a PC at ${downtownName}.`)).toBeVisible();
  });
});
