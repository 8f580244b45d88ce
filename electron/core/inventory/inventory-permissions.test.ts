import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../domain/contract';
import type { Role } from '../../../domain/auth/roles';
import type { Engine } from '../engine';
import { addUser, auditActions, call, closeTestEngines, dataSnapshot, freshSetUpEngine } from '../testing/test-engine';
import { FLOUR, addItem } from './inventory-fixture';

/**
 * Who may do what with stock, written out by hand from the issue (not derived from the permission
 * table): STAFF record usage, waste and counts; MANAGER and up receive, transfer, approve counts
 * and edit the catalog; AUDITOR (and the compliance officer, who has no stock duties) only reads.
 */
const ROLES = ['TENANT_ADMIN', 'LOCATION_MANAGER', 'COMPLIANCE_OFFICER', 'MANAGER', 'STAFF', 'AUDITOR'] as const;
type Column = (typeof ROLES)[number];
type Action = 'read' | 'use' | 'waste' | 'count' | 'receive' | 'transfer' | 'approveCount' | 'editCatalog' | 'reverse';

const MAY: Record<Action, Column[]> = {
  read: ['TENANT_ADMIN', 'LOCATION_MANAGER', 'COMPLIANCE_OFFICER', 'MANAGER', 'STAFF', 'AUDITOR'],
  use: ['TENANT_ADMIN', 'LOCATION_MANAGER', 'MANAGER', 'STAFF'],
  waste: ['TENANT_ADMIN', 'LOCATION_MANAGER', 'MANAGER', 'STAFF'],
  count: ['TENANT_ADMIN', 'LOCATION_MANAGER', 'MANAGER', 'STAFF'],
  receive: ['TENANT_ADMIN', 'LOCATION_MANAGER', 'MANAGER'],
  transfer: ['TENANT_ADMIN', 'LOCATION_MANAGER', 'MANAGER'],
  approveCount: ['TENANT_ADMIN', 'LOCATION_MANAGER', 'MANAGER'],
  editCatalog: ['TENANT_ADMIN', 'LOCATION_MANAGER', 'MANAGER'],
  reverse: ['TENANT_ADMIN', 'LOCATION_MANAGER', 'MANAGER'],
};

let engine: Engine;
let admin: SessionInfo;
let here: string;
let uptown: string;
let flour: string;
const sessions = new Map<Role, SessionInfo>();

beforeAll(async () => {
  ({ engine, admin } = await freshSetUpEngine());
  here = engine.context.identity()!.homeLocationId;
  uptown = (await call(engine, 'locations.create', { name: 'Uptown', address: '', timeZone: 'America/New_York', temperatureUnit: 'F' }, admin.token)).id;
  for (const role of ROLES) sessions.set(role, (await addUser(engine, admin.token, { username: `u-${role.toLowerCase()}`, role })).session);
  flour = await addItem(engine, admin.token, FLOUR);
  await call(engine, 'inventory.receive', { locationId: here, supplierId: null, note: '', lines: [{ itemId: flour, packName: 'sack', qty: 40, lot: '', expiresOn: null }] }, admin.token);
});
afterAll(closeTestEngines);

/**
 * One real call per action, as the role would make it from the screens: what the call needs is set
 * up first (by the admin), so the call itself is all that happens between the two snapshots.
 */
interface Attempt {
  method: string;
  input: unknown;
  /** Undoes what an allowed call left open (a count), so the next role starts alike. */
  after?: (ok: boolean, output: unknown) => Promise<unknown>;
}

async function prepare(action: Action, role: Column): Promise<Attempt> {
  switch (action) {
    case 'read':
      return { method: 'inventory.onHand', input: { locationId: here } };
    case 'use':
      return { method: 'inventory.use', input: { locationId: here, itemId: flour, packName: 'g', qty: 10, note: '' } };
    case 'waste':
      return { method: 'inventory.waste', input: { locationId: here, itemId: flour, packName: 'g', qty: 10, reason: 'dropped', note: '' } };
    case 'count':
      return {
        method: 'inventory.startCount',
        input: { locationId: here, storageArea: `Area of ${role}` },
        after: async (ok, output) => ok && call(engine, 'inventory.discardCount', { countId: (output as { id: string }).id }, admin.token),
      };
    case 'receive':
      return { method: 'inventory.receive', input: { locationId: here, supplierId: null, note: '', lines: [{ itemId: flour, packName: 'kg', qty: 1, lot: '', expiresOn: null }] } };
    case 'transfer':
      return { method: 'inventory.transfer', input: { fromLocationId: here, toLocationId: uptown, note: '', lines: [{ itemId: flour, packName: 'g', qty: 1 }] } };
    case 'approveCount': {
      const count = await call(engine, 'inventory.startCount', { locationId: here, storageArea: '' }, admin.token);
      await call(engine, 'inventory.submitCount', { countId: count.id }, admin.token);
      return { method: 'inventory.approveCount', input: { countId: count.id }, after: async (ok) => ok || call(engine, 'inventory.discardCount', { countId: count.id }, admin.token) };
    }
    case 'editCatalog':
      return { method: 'inventory.saveItem', input: { itemId: flour, fields: { ...FLOUR, parBase: 120_000 } } };
    case 'reverse': {
      const [used] = await call(engine, 'inventory.use', { locationId: here, itemId: flour, packName: 'g', qty: 1, note: '' }, admin.token);
      return { method: 'inventory.reverse', input: { movementId: used!.id, reason: 'test' } };
    }
  }
}

describe('inventory permissions, role by role', () => {
  for (const role of ROLES) {
    it(`a ${role} may do exactly what the issue gives that role; each refusal changes nothing and is audited`, async () => {
      const token = sessions.get(role)!.token;
      for (const action of Object.keys(MAY) as Action[]) {
        const allowed = MAY[action].includes(role);
        const { method, input, after } = await prepare(action, role);
        const before = dataSnapshot(engine);
        const result = await engine.dispatch({ method, input, token });
        if (allowed) expect(result, `${role} ${action}`).toMatchObject({ ok: true });
        else {
          expect(result, `${role} ${action}`).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
          expect(auditActions(engine).at(-1), `${role} ${action}`).toMatchObject({ action: 'security.permissionDenied', risk: 'HIGH', actor_id: sessions.get(role)!.user.id });
          expect(dataSnapshot(engine), `${role} ${action}`).toBe(before);
        }
        await after?.(result.ok, result.ok ? result.output : null);
      }
    });
  }
});

describe('inventory is scoped to the caller’s locations', () => {
  it('a manager of Downtown can neither see nor move Uptown’s stock; each attempt is NOT_FOUND, audited, and changes nothing', async () => {
    const manager = sessions.get('MANAGER')!.token;
    const staff = sessions.get('STAFF')!.token;
    const attempts: [string, string, unknown][] = [
      [manager, 'inventory.onHand', { locationId: uptown }],
      [manager, 'inventory.history', { locationId: uptown, itemId: flour }],
      [manager, 'inventory.receive', { locationId: uptown, supplierId: null, note: '', lines: [{ itemId: flour, packName: 'kg', qty: 1, lot: '', expiresOn: null }] }],
      [staff, 'inventory.use', { locationId: uptown, itemId: flour, packName: 'g', qty: 1, note: '' }],
      [staff, 'inventory.startCount', { locationId: uptown, storageArea: '' }],
      [manager, 'inventory.transfer', { fromLocationId: uptown, toLocationId: here, note: '', lines: [{ itemId: flour, packName: 'g', qty: 1 }] }],
    ];
    for (const [token, method, input] of attempts) {
      const before = dataSnapshot(engine);
      const result = await engine.dispatch({ method, input, token });
      expect(result, method).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'That location does not exist or is not one of yours.' } });
      expect(auditActions(engine).at(-1), method).toMatchObject({ action: 'security.permissionDenied', risk: 'HIGH', summary: `Refused ${method}: the stock of "Uptown", a location the caller is not granted` });
      expect(dataSnapshot(engine), method).toBe(before);
    }
  });

  it('a transfer from Downtown to Uptown cannot be confirmed by Downtown, only by someone at Uptown', async () => {
    const manager = sessions.get('MANAGER')!.token;
    const sent = await call(engine, 'inventory.transfer', { fromLocationId: here, toLocationId: uptown, note: '', lines: [{ itemId: flour, packName: 'g', qty: 5 }] }, manager);
    expect(await engine.dispatch({ method: 'inventory.confirmTransfer', input: { locationId: uptown, transferId: sent.transferId }, token: manager })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const uptownManager = (await addUser(engine, admin.token, { username: 'upman', role: 'MANAGER', locationIds: [uptown] })).session;
    await call(engine, 'inventory.confirmTransfer', { locationId: uptown, transferId: sent.transferId }, uptownManager.token);
    const [row] = await call(engine, 'inventory.onHand', { locationId: uptown }, uptownManager.token);
    expect(row).toMatchObject({ onHandBase: 5 });
  });
});
