import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { InputOf, MethodName, OutputOf } from '../../../domain/contract';
import { OpsFlowError } from '../../../domain/errors';
import { dayInZone, nextDay, startOfDayInZone, wallTimeInZone } from '../../../domain/time/calendar-days';
import { DB_FILE_NAME, Engine } from '../engine';
import { silentLogger } from '../logger';
import { storeReadings, type RawReading } from '../readings/store-readings';
import { ensureSensor } from '../sensors/sensors';
import { demoRandom } from './demo-random';

export const DEMO_ADMIN = { username: 'admin', password: 'harbor street kitchen', displayName: 'Dana Admin' };
const DEMO_MANAGER = { username: 'maria', password: 'walk in cooler 41', displayName: 'Maria Manager' };
const DEMO_STAFF = { username: 'sam', password: 'line check at noon', displayName: 'Sam Cook' };
const TIME_ZONE = 'America/New_York';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const READING_INTERVAL_MS = 5 * MINUTE;

function demoItem(name: string, baseUnit: 'g' | 'ml' | 'each', supplierId: string) {
  const perCase = { g: 10_000, ml: 15_000, each: 24 }[baseUnit];
  return {
    name,
    sku: '',
    category: 'Cold storage',
    storageArea: 'Walk-in',
    baseUnit,
    packs: [{ name: 'case', baseQty: perCase }],
    parBase: perCase * 4,
    reorderPointBase: perCase,
    unitCostMilliCents: 100,
    supplierId,
    perishable: true,
    shelfLifeDays: 7,
    tcs: true,
    active: true,
  };
}

export interface DemoSeedResult {
  locationId: string;
  locationName: string;
  fromDay: string;
  toDay: string;
  admin: { username: string; password: string };
  readings: number;
  excursions: number;
}

/** What the cook wrote for an excursion of each kind of unit. */
const CORRECTIVE_BY_TYPE = {
  'walk-in-cooler': { cause: 'Door left ajar during the produce delivery', action: 'moved', disposition: 'Dairy moved to the line reach-in; probed at 39 °F, kept' },
  'reach-in-cooler': { cause: 'Compressor short-cycling', action: 'equipmentRepaired', disposition: 'Product probed at 43 °F for under 2 h, moved to the walk-in and kept' },
  freezer: { cause: 'Defrost cycle ran long', action: 'other', disposition: 'Product still frozen hard, kept' },
  'hot-holding': { cause: 'Steam table water ran low', action: 'reheated', disposition: 'Reheated to 165 °F within 2 h, back on the line' },
} as const;

/** A unit with its logger: a base temperature and how the fake room behaves around it. */
interface DemoUnit {
  name: string;
  type: 'walk-in-cooler' | 'reach-in-cooler' | 'freezer' | 'hot-holding';
  serial: string;
  baseCentiC: number;
  noiseCentiC: number;
  /** Warm-ups (cold units) or drops (hot holding): days back from the end, the hour they start, how long, how far. */
  events: { daysAgo: number; hour: number; minutes: number; deltaCentiC: number }[];
}

const UNITS: DemoUnit[] = [
  { name: 'Walk-in cooler', type: 'walk-in-cooler', serial: 'RC4-DEMO-01', baseCentiC: 280, noiseCentiC: 40, events: [{ daysAgo: 9, hour: 14, minutes: 55, deltaCentiC: 480 }, { daysAgo: 3, hour: 11, minutes: 15, deltaCentiC: 350 }] },
  { name: 'Line reach-in', type: 'reach-in-cooler', serial: 'RC4-DEMO-02', baseCentiC: 330, noiseCentiC: 50, events: [{ daysAgo: 17, hour: 19, minutes: 45, deltaCentiC: 400 }] },
  { name: 'Freezer', type: 'freezer', serial: 'RC5-DEMO-03', baseCentiC: -2100, noiseCentiC: 60, events: [{ daysAgo: 12, hour: 4, minutes: 20, deltaCentiC: 500 }] },
  { name: 'Steam table', type: 'hot-holding', serial: 'TX232-DEMO-04', baseCentiC: 6400, noiseCentiC: 120, events: [{ daysAgo: 6, hour: 13, minutes: 40, deltaCentiC: -1000 }] },
];

/**
 * Fills a fresh data folder with a believable restaurant: an organization and its location, an
 * administrator, a manager and a cook, four monitored units with loggers, a month of five-minute
 * readings (through storeReadings) with a few excursions and brief door-open blips, checklists done,
 * late and missed, a passed and a failed cooling log, calibrations, inventory and tasks. Everything
 * goes through the contract or the readings seam, as a person would; the clock is the seeder's.
 * Deterministic: the same `endMs` and `days` give the same restaurant.
 */
export async function seedDemo(dataDir: string, options: { days?: number; endMs?: number } = {}): Promise<DemoSeedResult> {
  const days = options.days ?? 30;
  if (!Number.isInteger(days) || days < 1 || days > 366) throw new OpsFlowError('BAD_INPUT', '--days is a whole number of days, 1 to 366.');
  if (existsSync(join(dataDir, DB_FILE_NAME))) {
    throw new OpsFlowError('CONFLICT', `${dataDir} already holds OpsFlow data: demo seed fills only a fresh folder (give an empty or new --data-dir).`);
  }
  const endMs = Math.floor((options.endMs ?? Date.now()) / MINUTE) * MINUTE;
  const toDay = dayInZone(endMs, TIME_ZONE);
  let fromDay = toDay;
  for (let i = 0; i < days - 1; i++) fromDay = dayInZone(startOfDayInZone(fromDay, TIME_ZONE)! - HOUR, TIME_ZONE);
  const startMs = startOfDayInZone(fromDay, TIME_ZONE)!;

  let clock = startMs;
  const engine = await Engine.open({ dataDir, log: silentLogger, now: () => clock });
  const random = demoRandom(days * 7919 + 17);
  try {
    const tokens: string[] = [];
    /** The demo's people work the whole month: moving the clock does not lock them out. */
    const at = (ms: number) => {
      clock = Math.round(ms);
      for (const s of engine.context.sessions.all()) engine.context.sessions.touch(s);
    };
    const call = async <M extends MethodName>(method: M, input: InputOf<M>, token = tokens[0]!): Promise<OutputOf<M>> => {
      const result = await engine.dispatch({ method, input, token });
      if (!result.ok) throw new OpsFlowError(result.error.code, `Demo seed: ${method} was refused: ${result.error.message}`);
      return result.output as OutputOf<M>;
    };

    const admin = await call('setup.create', {
      organizationName: 'Harbor Street Hospitality',
      location: { name: 'Harbor Street Kitchen', address: '12 Harbor Street, Portland ME', timeZone: TIME_ZONE, temperatureUnit: 'F' },
      admin: DEMO_ADMIN,
    });
    tokens.push(admin.token);
    const ctx = engine.context;
    const locationId = ctx.identity()!.homeLocationId;
    const second = await call('locations.create', { name: 'Harbor Street Commissary', address: '3 Wharf Lane, Portland ME', timeZone: TIME_ZONE, temperatureUnit: 'F' });
    for (const person of [
      { ...DEMO_MANAGER, role: 'LOCATION_MANAGER' as const },
      { ...DEMO_STAFF, role: 'STAFF' as const },
    ]) {
      await call('users.create', { username: person.username, displayName: person.displayName, role: person.role, locationIds: [locationId], password: person.password });
      tokens.push((await call('auth.signIn', { username: person.username, password: person.password }, '')).token);
    }
    const [, manager, staff] = tokens as [string, string, string];

    // Units, their loggers, calibrations (one due soon, one overdue by now).
    let readingsStored = 0;
    const sensorIds: string[] = [];
    for (const [i, u] of UNITS.entries()) {
      const unit = await call('haccp.addUnit', { name: u.name, type: u.type, locationId });
      const sensorId = ensureSensor(ctx, { deviceSerial: u.serial, deviceFamily: 'elitech', channel: 'internal' }, { name: `${u.name} logger`, intervalS: READING_INTERVAL_MS / 1000 });
      await call('haccp.assignSensor', { sensorId, unitId: unit.id });
      const dueMs = [endMs + 200 * DAY, endMs + 12 * DAY, endMs - 3 * DAY, null][i]!;
      if (dueMs !== null) await call('sensors.calibrate', { sensorId, offsetCentiC: [0, -20, 30][i]!, dueMs, note: 'Ice-point check against a reference thermometer' });
      sensorIds.push(sensorId);
    }

    // Checklists: opening (daily, by 11:00) and a twice-daily line check.
    const opening = await call('checklists.saveTemplate', {
      name: 'Opening checks',
      kind: 'opening',
      items: [
        { label: 'Walk-in cooler at or below 41 °F', type: 'temperature', limit: { bound: 'max', centiC: 500 } },
        { label: 'Hand sinks stocked', type: 'yesNo', expected: true },
      ],
      schedule: { kind: 'times', slots: [{ label: 'Morning', opens: '06:00', due: '11:00' }] },
      active: true,
    });
    const line = await call('checklists.saveTemplate', {
      name: 'Line check',
      kind: 'line',
      items: [
        { label: 'Steam table at or above 135 °F', type: 'temperature', limit: { bound: 'min', centiC: 5700 } },
        { label: 'Line reach-in at or below 41 °F', type: 'temperature', limit: { bound: 'max', centiC: 500 } },
      ],
      schedule: { kind: 'times', slots: [{ label: 'Lunch', opens: '11:00', due: '12:30' }, { label: 'Dinner', opens: '17:00', due: '18:30' }] },
      active: true,
    });

    for (let day = fromDay; day <= toDay; day = nextDay(day)) {
      // Wall-clock times: a day the clocks change is 23 or 25 hours long.
      const wall = (hours: number) => wallTimeInZone(day, Math.round(hours * 60), TIME_ZONE)!;
      const plan: { templateId: string; items: typeof opening.items; slot: number; atMs: number }[] = [];
      const roll = random();
      // About one opening check in twelve is forgotten, one in ten done late.
      if (roll > 0.08) plan.push({ templateId: opening.id, items: opening.items, slot: 0, atMs: wall(roll > 0.9 ? 11.5 : 7 + random()) });
      for (const slot of [0, 1]) if (random() > 0.06) plan.push({ templateId: line.id, items: line.items, slot, atMs: wall(slot === 0 ? 11.75 : 17.75) });
      const toSign: string[] = [];
      for (const p of plan.sort((a, b) => a.atMs - b.atMs)) {
        if (p.atMs > endMs) continue;
        at(p.atMs);
        const answers = p.items.map((item) => ({ itemId: item.id, value: item.type === 'temperature' ? (item.limit.bound === 'max' ? 300 : 6300) : true, failAction: null }));
        const record = await call('checklists.complete', { templateId: p.templateId, day, slot: p.slot, answers, note: '' }, staff);
        if (random() > 0.3) toSign.push(record.id);
      }
      // The manager signs the day's records before leaving.
      if (wall(21) <= endMs) {
        at(wall(21));
        for (const completionId of toSign) await call('checklists.signOff', { completionId, note: '' }, manager);
      }
    }

    // A month of readings, one logger at a time, all through the readings seam.
    at(endMs);
    for (const [i, u] of UNITS.entries()) {
      const readings: RawReading[] = [];
      for (let atMs = startMs; atMs <= endMs; atMs += READING_INTERVAL_MS) {
        let temp = u.baseCentiC + Math.round((random() - 0.5) * 2 * u.noiseCentiC);
        for (const e of u.events) {
          const from = startOfDayInZone(dayInZone(endMs - e.daysAgo * DAY, TIME_ZONE), TIME_ZONE)! + e.hour * HOUR;
          if (atMs >= from && atMs < from + e.minutes * MINUTE) temp += e.deltaCentiC;
        }
        readings.push({ atMs, rawCentiC: temp });
      }
      // The line reach-in is out of range right now: an open excursion for the new user to find.
      if (u.type === 'reach-in-cooler') for (const r of readings.slice(-10)) r.rawCentiC = 620;
      readingsStored += storeReadings(ctx, sensorIds[i]!, 'download', readings).added;
    }

    // Corrective actions: every excursion that is over has one, recorded by the cook; the manager signed
    // all but the latest, which awaits sign-off. The one still open has none yet.
    const finished = (await call('haccp.excursions', { locationId })).filter((e) => e.endMs !== null).sort((a, b) => a.startMs - b.startMs);
    let followUpOf: { actionId: string; unit: string } | null = null;
    for (const [i, e] of finished.entries()) {
      const what = CORRECTIVE_BY_TYPE[UNITS.find((u) => u.name === e.unit)!.type];
      at(e.endMs! + 20 * MINUTE);
      const action = await call('haccp.recordCorrectiveAction', { sensorId: e.sensorId, excursionStartMs: e.startMs, ...what }, staff);
      if (what.action === 'equipmentRepaired') followUpOf = { actionId: action.id, unit: e.unit };
      if (i < finished.length - 1) {
        at(e.endMs! + 3 * HOUR);
        await call('haccp.signOffCorrectiveAction', { actionId: action.id, note: 'Checked the product and the unit myself.' }, manager);
      }
    }
    at(endMs);
    if (followUpOf) {
      await call('tasks.create', {
        locationId,
        title: `Have the ${followUpOf.unit.toLowerCase()} compressor serviced`,
        type: 'maintenance',
        priority: 'high',
        assignee: { role: 'LOCATION_MANAGER' },
        dueAtMs: endMs + 3 * DAY,
        origin: { kind: 'correctiveAction', ref: followUpOf.actionId },
      });
    }

    // Cooling: a stock pot that passed, and a batch of rice that did not (discarded).
    const cool = async (daysAgo: number, food: string, temps: [number, number][], action: 'discarded' | null) => {
      const t0 = startOfDayInZone(dayInZone(endMs - daysAgo * DAY, TIME_ZONE), TIME_ZONE)! + 15 * HOUR;
      if (t0 + 7 * HOUR > endMs) return;
      const log = await call('cooling.start', { process: 'cooling', food, first: { tempCentiC: temps[0]![1], atMs: t0 } }, staff);
      for (const [h, c] of temps.slice(1)) await call('cooling.addReading', { logId: log.id, reading: { tempCentiC: c, atMs: t0 + h * HOUR } }, staff);
      if (action) await call('cooling.recordAction', { logId: log.id, action, note: 'Missed the 2-hour stage; thrown out.' }, manager);
    };
    await cool(8, 'Chicken stock, 20 qt', [[0, 6200], [1.5, 1900], [4.5, 400]], null);
    await cool(4, 'Steamed rice, 2 hotel pans', [[0, 6000], [2.5, 2400], [5, 600]], 'discarded');

    // Inventory: suppliers, items, a delivery, use, waste, a count and a transfer still on its way.
    const supplier = await call('inventory.saveSupplier', { supplierId: null, fields: { name: 'Casco Bay Produce', contact: 'Pat Rowe', phone: '207-555-0142', email: 'orders@cascobay.example', active: true } });
    const itemIds: string[] = [];
    for (const [name, base] of [['Whole milk', 'ml'], ['Chicken thighs', 'g'], ['Romaine hearts', 'each']] as const) {
      const item = await call('inventory.saveItem', { itemId: null, fields: demoItem(name, base, supplier.id) });
      itemIds.push(item.id);
    }
    at(endMs - 5 * DAY);
    await call('inventory.receive', {
      locationId,
      supplierId: supplier.id,
      note: 'Tuesday delivery',
      lines: itemIds.map((itemId, i) => ({
        itemId,
        packName: 'case',
        qty: 4,
        lot: `L${2601 + i}`,
        expiresOn: dayInZone(endMs + (6 + i) * DAY, TIME_ZONE),
        unitCostMilliCents: 2_500_000,
        // Walk-in food is TCS: each line's probe temperature at the door, 2.8 °C to 3.6 °C (37 °F to 38.5 °F).
        receivingCheck: { holding: 'cold' as const, tempCentiC: 280 + 40 * (i % 3), receivedFrozen: false, decision: null, correctiveAction: '' },
      })),
    });
    at(endMs - 3 * DAY);
    await call('inventory.use', { locationId, itemId: itemIds[1]!, packName: 'case', qty: 1, note: 'Lunch prep' });
    await call('inventory.waste', { locationId, itemId: itemIds[2]!, packName: 'case', qty: 1, reason: 'spoiled', note: 'Wilted' });
    at(endMs - 2 * DAY);
    const count = await call('inventory.startCount', { locationId, storageArea: 'Walk-in', blind: true });
    for (const itemId of itemIds) await call('inventory.enterCount', { countId: count.id, itemId, packName: 'case', qty: 3 });
    await call('inventory.submitCount', { countId: count.id });
    await call('inventory.approveCount', { countId: count.id });
    at(endMs - DAY);
    // A busy service leaves romaine below its reorder point: a low-stock alert, and the manager's reorder task.
    await call('inventory.use', { locationId, itemId: itemIds[2]!, packName: 'each', qty: 60, note: 'Caesar salads, Saturday' });
    await call('tasks.create', { locationId, title: 'Reorder romaine hearts', type: 'inventory', priority: 'high', assignee: { role: 'LOCATION_MANAGER' }, dueAtMs: endMs, origin: { kind: 'lowStock', ref: itemIds[2]! } }, manager);
    at(endMs - HOUR);
    await call('inventory.transfer', { fromLocationId: locationId, toLocationId: second.id, note: 'For the commissary', lines: [{ itemId: itemIds[0]!, packName: 'case', qty: 1 }] });

    // Tasks.
    at(endMs);
    for (const [title, dueInDays] of [['Deep-clean the walk-in condenser coil', 2], ['Replace the freezer door gasket', 5], ['Calibrate the steam table probe', -1]] as const) {
      await call('tasks.create', { locationId, title, type: 'maintenance', dueAtMs: endMs + dueInDays * DAY });
    }

    const excursions = (await call('haccp.excursions', { locationId })).length;
    return { locationId, locationName: 'Harbor Street Kitchen', fromDay, toDay, admin: { username: DEMO_ADMIN.username, password: DEMO_ADMIN.password }, readings: readingsStored, excursions };
  } finally {
    engine.close();
  }
}
