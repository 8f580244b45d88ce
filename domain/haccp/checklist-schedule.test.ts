import { describe, expect, it } from 'vitest';
import { missedChecklists, occurrenceKey, occurrenceState, occurrencesOnDay, type ScheduledTemplate } from './checklist-schedule';

const NY = 'America/New_York';
const utc = (iso: string) => Date.parse(iso);

const opening: ScheduledTemplate = {
  id: 'open',
  name: 'Opening checks',
  schedule: { kind: 'times', slots: [{ label: 'AM', opens: '06:00', due: '10:00' }] },
  active: true,
  createdAtMs: utc('2026-11-01T00:00:00Z'),
};
const line: ScheduledTemplate = {
  id: 'line',
  name: 'Line check',
  schedule: {
    kind: 'times',
    slots: [
      { label: 'AM', opens: '10:30', due: '11:30' },
      { label: 'PM', opens: '16:30', due: '17:30' },
    ],
  },
  active: true,
  createdAtMs: utc('2026-11-01T00:00:00Z'),
};
const receiving: ScheduledTemplate = { id: 'recv', name: 'Receiving check', schedule: { kind: 'daily' }, active: true, createdAtMs: utc('2026-11-01T00:00:00Z') };

describe('due windows in the location’s time zone', () => {
  it('opening checks due by 10:00 in New York are due at 15:00 UTC in winter and 14:00 UTC in summer', () => {
    expect(occurrencesOnDay(opening, '2026-11-25', NY)).toEqual([
      { templateId: 'open', day: '2026-11-25', slot: 0, label: 'AM', opensAtMs: utc('2026-11-25T11:00:00Z'), dueAtMs: utc('2026-11-25T15:00:00Z') },
    ]);
    expect(occurrencesOnDay(opening, '2026-07-01', NY)[0]!.dueAtMs).toBe(utc('2026-07-01T14:00:00Z'));
  });

  it('on the day the clocks go back (1 Nov 2026 in New York) 06:00 is still 06:00 there', () => {
    expect(occurrencesOnDay(opening, '2026-11-01', NY)[0]!.opensAtMs).toBe(utc('2026-11-01T11:00:00Z'));
    expect(occurrencesOnDay(opening, '2026-03-08', NY)[0]!.opensAtMs).toBe(utc('2026-03-08T10:00:00Z'));
  });

  it('a daily checklist opens at midnight there and is due by the last millisecond of the day', () => {
    expect(occurrencesOnDay(receiving, '2026-11-25', NY)).toEqual([
      { templateId: 'recv', day: '2026-11-25', slot: 0, label: '', opensAtMs: utc('2026-11-25T05:00:00Z'), dueAtMs: utc('2026-11-26T05:00:00Z') - 1 },
    ]);
  });

  it('AM and PM slots are two occurrences a day', () => {
    expect(occurrencesOnDay(line, '2026-11-25', NY).map((o) => [o.label, o.slot])).toEqual([
      ['AM', 0],
      ['PM', 1],
    ]);
  });
});

describe('an occurrence’s state at an instant', () => {
  const o = occurrencesOnDay(opening, '2026-11-25', NY)[0]!;
  it('upcoming before it opens, open until exactly its due time, missed one millisecond after', () => {
    expect(occurrenceState(o, null, o.opensAtMs - 1)).toBe('upcoming');
    expect(occurrenceState(o, null, o.opensAtMs)).toBe('open');
    expect(occurrenceState(o, null, o.dueAtMs)).toBe('open');
    expect(occurrenceState(o, null, o.dueAtMs + 1)).toBe('missed');
  });
  it('completed exactly at its due time is on time; one millisecond later is late', () => {
    expect(occurrenceState(o, o.dueAtMs, o.dueAtMs + 5)).toBe('done');
    expect(occurrenceState(o, o.dueAtMs + 1, o.dueAtMs + 5)).toBe('late');
  });
});

describe('missedChecklists: the compliance events, with an injected clock', () => {
  const templates = [opening, line, receiving];
  const from = utc('2026-11-25T05:00:00Z'); // midnight in New York

  it('at 10:00 sharp the opening checks are not missed yet; at 10:00:00.001 they are', () => {
    const at10 = utc('2026-11-25T15:00:00Z');
    expect(missedChecklists({ templates, firstCompletions: new Map(), timeZone: NY, fromMs: from, nowMs: at10 })).toEqual([]);
    expect(missedChecklists({ templates, firstCompletions: new Map(), timeZone: NY, fromMs: from, nowMs: at10 + 1 })).toEqual([
      { templateId: 'open', templateName: 'Opening checks', day: '2026-11-25', slot: 0, label: 'AM', dueAtMs: at10, kind: 'missed', completedAtMs: null },
    ]);
  });

  it('a whole day: one done on time, one late, the rest missed; a retired template counts for nothing', () => {
    const done = new Map([
      [occurrenceKey({ templateId: 'open', day: '2026-11-25', slot: 0 }), utc('2026-11-25T14:00:00Z')],
      [occurrenceKey({ templateId: 'line', day: '2026-11-25', slot: 0 }), utc('2026-11-25T16:45:00Z')],
    ]);
    const events = missedChecklists({
      templates: [...templates, { ...opening, id: 'old', name: 'Old checks', active: false }],
      firstCompletions: done,
      timeZone: NY,
      fromMs: from,
      nowMs: utc('2026-11-26T05:00:00Z'),
    });
    expect(events.map((e) => [e.templateName, e.label, e.kind])).toEqual([
      ['Line check', 'AM', 'late'],
      ['Line check', 'PM', 'missed'],
      ['Receiving check', '', 'missed'],
    ]);
    expect(events[0]!.completedAtMs).toBe(utc('2026-11-25T16:45:00Z'));
  });

  it('occurrences that opened before the template existed are never missed', () => {
    const created = { ...opening, createdAtMs: utc('2026-11-25T11:00:01Z') };
    expect(missedChecklists({ templates: [created], firstCompletions: new Map(), timeZone: NY, fromMs: from, nowMs: utc('2026-11-26T20:00:00Z') }).map((e) => e.day)).toEqual(['2026-11-26']);
  });
});
