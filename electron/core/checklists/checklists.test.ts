import { afterEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../../domain/contract';
import { decodeCompletionBatch, decodeSignoffBatch, encodeCompletionBatch, encodeSignoffBatch } from '../../../domain/haccp/checklist-facts';
import { TEMPLATE_PRESETS } from '../../../domain/haccp/checklist-templates';
import { centiCFromFahrenheit as F } from '../../../domain/haccp/food-code-temperatures';
import { logDocName } from '../../../domain/sync/doc-names';
import { BATCH_KIND, FACT_BATCHES_MAP, batchKind } from '../../../domain/sync/fact-batch';
import type { Engine } from '../engine';
import { TEST_ADMIN, TEST_PASSWORD, addUser, auditActions, call, closeTestEngines, dataSnapshot, failure, freshSetUpEngine, rowCount } from '../testing/test-engine';

afterEach(closeTestEngines);

// The test organization's location is in New York: 07:00 there on 22 Nov 2026 is 12:00 UTC.
const NY_0600 = Date.UTC(2026, 10, 22, 11, 0, 0);
const NY_0700 = Date.UTC(2026, 10, 22, 12, 0, 0);
const NY_1000 = Date.UTC(2026, 10, 22, 15, 0, 0);

const opening = (): InputOf<'checklists.saveTemplate'> => ({ ...TEMPLATE_PRESETS.opening, kind: 'opening', active: true });

/** Answers every item of the opening preset so that all pass. */
function passingAnswers(items: { id: string; type: string }[]) {
  return items.map((item) => ({
    itemId: item.id,
    value: item.type === 'temperature' ? F(38) : item.type === 'yesNo' ? true : item.type === 'number' ? 100 : 'fine',
    failAction: null,
  }));
}

/**
 * A restaurant with a manager, a staff member and an auditor. `at` moves the clock and signs everyone
 * in afresh (hours pass between a checklist's steps, longer than the idle lock).
 */
async function restaurant() {
  const { engine, clock, admin } = await freshSetUpEngine();
  const users = { admin: TEST_ADMIN.username, manager: 'mia', staff: 'sam', auditor: 'aud' };
  await addUser(engine, admin.token, { username: users.manager, role: 'MANAGER', displayName: 'Mia Manager' });
  await addUser(engine, admin.token, { username: users.staff, role: 'STAFF', displayName: 'Sam Staff' });
  await addUser(engine, admin.token, { username: users.auditor, role: 'AUDITOR' });
  const p = { admin: '', manager: '', staff: '', auditor: '' };
  const at = async (ms: number) => {
    clock.set(ms);
    for (const [who, username] of Object.entries(users) as [keyof typeof p, string][]) {
      p[who] = (await call(engine, 'auth.signIn', { username, password: who === 'admin' ? TEST_ADMIN.password : TEST_PASSWORD })).token;
    }
  };
  await at(clock.now());
  return { engine, clock, at, p };
}

function factsOf(engine: Engine, atMs: number) {
  const id = engine.context.identity()!;
  const batches = [...engine.context.docs.get(logDocName(id.tenantId, id.homeLocationId, atMs)).getMap<Uint8Array>(FACT_BATCHES_MAP).values()];
  return {
    completions: batches.filter((b) => batchKind(b) === BATCH_KIND.checklistCompletions).flatMap(decodeCompletionBatch),
    signoffs: batches.filter((b) => batchKind(b) === BATCH_KIND.checklistSignoffs).flatMap(decodeSignoffBatch),
  };
}

describe('checklists: staff complete, a manager signs, a signed record is locked', () => {
  it('a staff member completes the opening checks on time and a manager signs them off; both are facts in the log document', async () => {
    const { engine, at, p } = await restaurant();
    const template = await call(engine, 'checklists.saveTemplate', opening(), p.manager);
    expect(template.items.every((i) => i.id.length > 0)).toBe(true);

    await at(NY_0600 - 1);
    const early = await call(engine, 'checklists.day', {}, p.staff);
    expect(early.day).toBe('2026-11-22');
    expect(early.occurrences.map((o) => [o.templateName, o.label, o.state, o.dueAtMs])).toEqual([['Opening checks', 'AM', 'upcoming', NY_1000]]);
    expect(await failure(engine, 'checklists.complete', { templateId: template.id, day: '2026-11-22', slot: 0, answers: passingAnswers(template.items), note: '' }, p.staff)).toBe('BAD_INPUT');

    await at(NY_1000);
    const record = await call(engine, 'checklists.complete', { templateId: template.id, day: '2026-11-22', slot: 0, answers: passingAnswers(template.items), note: '' }, p.staff);
    expect(record).toMatchObject({ actorName: 'Sam Staff', failedItems: 0, signoff: null, amends: null, completedAtMs: NY_1000 });
    expect((await call(engine, 'checklists.day', { day: '2026-11-22' }, p.staff)).occurrences[0]!.state).toBe('done');
    expect(await failure(engine, 'checklists.complete', { templateId: template.id, day: '2026-11-22', slot: 0, answers: passingAnswers(template.items), note: '' }, p.staff)).toBe('CONFLICT');

    await at(NY_1000 + 60_000);
    const signed = await call(engine, 'checklists.signOff', { completionId: record.id, note: 'Looks right' }, p.manager);
    expect(signed.signoff).toMatchObject({ actorName: 'Mia Manager', note: 'Looks right', atMs: NY_1000 + 60_000 });
    expect(await failure(engine, 'checklists.signOff', { completionId: record.id, note: '' }, p.manager)).toBe('CONFLICT');

    expect(factsOf(engine, NY_1000)).toMatchObject({
      completions: [expect.objectContaining({ id: record.id, templateName: 'Opening checks', actorName: 'Sam Staff', amends: null })],
      signoffs: [expect.objectContaining({ completionId: record.id, actorName: 'Mia Manager' })],
    });
    expect(auditActions(engine).filter((a) => a.action.startsWith('checklists.')).map((a) => [a.action, a.summary])).toEqual([
      ['checklists.saveTemplate', 'Created opening checklist "Opening checks": 3 items, AM 06:00–10:00'],
      ['checklists.complete', 'Completed "Opening checks" (AM) of 2026-11-22: all items passed'],
      ['checklists.signOff', 'Signed off "Opening checks" (AM) of 2026-11-22 (completed by Sam Staff). Note: Looks right'],
    ]);
  });

  it('STAFF cannot sign off, and cannot correct a signed record: each refusal is audited and changes nothing', async () => {
    const { engine, at, p } = await restaurant();
    const template = await call(engine, 'checklists.saveTemplate', opening(), p.manager);
    await at(NY_0700);
    const record = await call(engine, 'checklists.complete', { templateId: template.id, day: '2026-11-22', slot: 0, answers: passingAnswers(template.items), note: '' }, p.staff);

    let before = dataSnapshot(engine);
    expect(await failure(engine, 'checklists.signOff', { completionId: record.id, note: '' }, p.staff)).toBe('FORBIDDEN');
    expect(dataSnapshot(engine)).toBe(before);

    await call(engine, 'checklists.signOff', { completionId: record.id, note: '' }, p.manager);
    before = dataSnapshot(engine);
    const completions = rowCount(engine, 'checklist_completions');
    const fix = { completionId: record.id, answers: passingAnswers(template.items).map((a, i) => (i === 2 ? { ...a, value: 150 } : a)), note: 'Wrong strip read' };
    expect(await failure(engine, 'checklists.amend', fix, p.staff)).toBe('FORBIDDEN');
    expect(dataSnapshot(engine)).toBe(before);
    expect(rowCount(engine, 'checklist_completions')).toBe(completions);
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'security.permissionDenied', risk: 'HIGH', summary: expect.stringContaining('is signed off') });

    // A manager corrects it with an amendment: the signed record stays as it was.
    const amendment = await call(engine, 'checklists.amend', fix, p.manager);
    expect(amendment).toMatchObject({ amends: record.id, signoff: null, note: 'Wrong strip read' });
    const day = await call(engine, 'checklists.day', { day: '2026-11-22' }, p.staff);
    expect(day.occurrences[0]!.records.map((r) => [r.id, r.signoff !== null, r.answers[2]!.value])).toEqual([
      [record.id, true, 100],
      [amendment.id, false, 150],
    ]);
    expect(await failure(engine, 'checklists.amend', fix, p.manager)).toBe('CONFLICT');
    // The amendment is not signed yet, so staff may correct it in turn: always its latest version.
    const again = await call(engine, 'checklists.amend', { ...fix, completionId: amendment.id, note: 'Typo' }, p.staff);
    expect(again.amends).toBe(amendment.id);
  });

  it('an unsigned record a staff member got wrong is corrected by an amendment, never edited', async () => {
    const { engine, at, p } = await restaurant();
    const template = await call(engine, 'checklists.saveTemplate', opening(), p.manager);
    await at(NY_0700);
    const record = await call(engine, 'checklists.complete', { templateId: template.id, day: '2026-11-22', slot: 0, answers: passingAnswers(template.items), note: '' }, p.staff);
    const amendment = await call(engine, 'checklists.amend', { completionId: record.id, answers: passingAnswers(template.items), note: 'Forgot the note' }, p.staff);
    expect(factsOf(engine, NY_0700).completions.map((c) => [c.id, c.amends])).toEqual(expect.arrayContaining([[record.id, null], [amendment.id, record.id]]));
    // Signing the older version is refused: sign what is in force.
    expect(await failure(engine, 'checklists.signOff', { completionId: record.id, note: '' }, p.manager)).toBe('CONFLICT');
    await call(engine, 'checklists.signOff', { completionId: amendment.id, note: '' }, p.manager);
  });
});

describe('receiving check (3-202.11): a failed item asks for rejection or a corrective action', () => {
  it('warm chicken is refused without an action, and recorded with the rejection and its note', async () => {
    const { engine, at, p } = await restaurant();
    const template = await call(engine, 'checklists.saveTemplate', { ...TEMPLATE_PRESETS.receiving, kind: 'receiving', active: true }, p.admin);
    await at(NY_0700);
    const [cold, hot, frozen, invoice] = template.items;
    const answers = [
      { itemId: cold!.id, value: F(45), failAction: null },
      { itemId: hot!.id, value: F(140), failAction: null },
      { itemId: frozen!.id, value: true, failAction: null },
      { itemId: invoice!.id, value: 'INV-88', failAction: null },
    ];
    const input = { templateId: template.id, day: '2026-11-22', slot: 0, answers, note: '' };
    const before = dataSnapshot(engine);
    const refused = await engine.dispatch({ method: 'checklists.complete', input, token: p.staff });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: '"Refrigerated TCS food temperature" failed: reject the delivery or record a corrective action.' } });
    expect(dataSnapshot(engine)).toBe(before);

    answers[0] = { ...answers[0]!, failAction: { choice: 'reject', note: 'Chicken at 45 °F, sent back with the driver' } } as never;
    const record = await call(engine, 'checklists.complete', input, p.staff);
    expect(record.failedItems).toBe(1);
    expect(record.answers[0]).toEqual({ itemId: cold!.id, value: F(45), ok: false, failAction: { choice: 'reject', note: 'Chicken at 45 °F, sent back with the driver' } });
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'checklists.complete', risk: 'MEDIUM', summary: 'Completed "Receiving check" of 2026-11-22: 1 of 4 items failed (1 rejected)' });
  });
});

describe('templates are mutable state, records keep what they answered', () => {
  it('renaming an item later leaves the record as it was; only managers and up may change templates', async () => {
    const { engine, at, p } = await restaurant();
    const template = await call(engine, 'checklists.saveTemplate', opening(), p.manager);
    await at(NY_0700);
    await call(engine, 'checklists.complete', { templateId: template.id, day: '2026-11-22', slot: 0, answers: passingAnswers(template.items), note: '' }, p.staff);
    const renamed = await call(engine, 'checklists.saveTemplate', { ...opening(), id: template.id, items: template.items.map((i, n) => (n === 0 ? { ...i, label: 'Cooler 1' } : i)) }, p.manager);
    expect(renamed.items[0]!.label).toBe('Cooler 1');
    expect(renamed.createdAtMs).toBe(template.createdAtMs);
    const day = await call(engine, 'checklists.day', { day: '2026-11-22' }, p.auditor);
    expect(day.occurrences[0]!.records[0]!.items[0]!.label).toBe('Walk-in cooler temperature');
    expect(day.occurrences[0]!.items[0]!.label).toBe('Cooler 1');

    for (const token of [p.staff, p.auditor]) expect(await failure(engine, 'checklists.saveTemplate', opening(), token)).toBe('FORBIDDEN');
    expect(await failure(engine, 'checklists.complete', { templateId: template.id, day: '2026-11-22', slot: 0, answers: [], note: '' }, p.auditor)).toBe('FORBIDDEN');
    expect(await failure(engine, 'checklists.saveTemplate', { ...opening(), schedule: { kind: 'times', slots: [{ label: 'AM', opens: '10:00', due: '09:00' }] } }, p.manager)).toBe('BAD_INPUT');
    expect(await failure(engine, 'checklists.saveTemplate', { ...opening(), id: 'no-such-template' }, p.manager)).toBe('NOT_FOUND');
  });
});

describe('missed and late checklists', () => {
  it('the opening checks not done by 10:00 are missed; done at 11:00 the next day they are late', async () => {
    const { engine, at, p } = await restaurant();
    await at(Date.UTC(2026, 10, 22, 5, 0, 0)); // midnight in New York
    const template = await call(engine, 'checklists.saveTemplate', opening(), p.manager);
    await at(NY_1000);
    expect(await call(engine, 'checklists.missed', { fromDay: '2026-11-22', toDay: '2026-11-22' }, p.staff)).toEqual([]);
    await at(NY_1000 + 1);
    expect(await call(engine, 'checklists.missed', { fromDay: '2026-11-22', toDay: '2026-11-22' }, p.staff)).toEqual([
      expect.objectContaining({ templateName: 'Opening checks', day: '2026-11-22', kind: 'missed', dueAtMs: NY_1000 }),
    ]);
    expect((await call(engine, 'checklists.day', {}, p.staff)).occurrences[0]!.state).toBe('missed');

    const nextDay11 = NY_1000 + 86_400_000 + 3_600_000;
    await at(nextDay11);
    await call(engine, 'checklists.complete', { templateId: template.id, day: '2026-11-23', slot: 0, answers: passingAnswers(template.items), note: '' }, p.staff);
    expect(auditActions(engine).at(-1)!.summary).toBe('Completed "Opening checks" (AM) of 2026-11-23, late: all items passed');
    expect((await call(engine, 'checklists.missed', { fromDay: '2026-11-22', toDay: '2026-11-23' }, p.staff)).map((e) => [e.day, e.kind, e.completedAtMs])).toEqual([
      ['2026-11-22', 'missed', null],
      ['2026-11-23', 'late', nextDay11],
    ]);
  });
});

describe('records from another PC of the same restaurant', () => {
  it('a completion and its sign-off arriving in the log document show in the day view, once, however often they arrive', async () => {
    const { engine, at, p } = await restaurant();
    const template = await call(engine, 'checklists.saveTemplate', opening(), p.manager);
    await at(NY_0700);
    const id = engine.context.identity()!;
    const fact = {
      id: 'remote-completion-1',
      templateId: template.id,
      templateName: template.name,
      kind: 'opening' as const,
      day: '2026-11-22',
      slot: 0,
      slotLabel: 'AM',
      opensAtMs: NY_0600,
      dueAtMs: NY_1000,
      completedAtMs: NY_0700,
      actorId: null,
      actorName: 'Kim at the kitchen PC',
      items: template.items,
      answers: passingAnswers(template.items).map((a) => ({ ...a, ok: true })),
      amends: null,
      note: '',
    };
    const arrive = (batch: Uint8Array) =>
      engine.context.docs.change(logDocName(id.tenantId, id.homeLocationId, NY_0700), (doc) => doc.getMap<Uint8Array>(FACT_BATCHES_MAP).set(`remote-${batch.length}-${batch[0]}`, batch));
    arrive(encodeCompletionBatch([fact]));
    arrive(encodeSignoffBatch([{ id: 'remote-signoff-1', completionId: fact.id, atMs: NY_0700 + 1, actorId: null, actorName: 'Lee Manager', note: '' }]));
    arrive(encodeCompletionBatch([fact, fact]).slice()); // the same completion again, in another batch

    const day = await call(engine, 'checklists.day', { day: '2026-11-22' }, p.staff);
    expect(day.occurrences[0]!.state).toBe('done');
    expect(day.occurrences[0]!.records.map((r) => [r.id, r.actorName, r.signoff?.actorName])).toEqual([['remote-completion-1', 'Kim at the kitchen PC', 'Lee Manager']]);
    expect(await failure(engine, 'checklists.complete', { templateId: template.id, day: '2026-11-22', slot: 0, answers: passingAnswers(template.items), note: '' }, p.staff)).toBe('CONFLICT');
  });
});
