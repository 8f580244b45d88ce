import type { ChecklistDayView, ChecklistOccurrenceView } from '../../../domain/contract/checklists';
import type { ChecklistCompletionsRow } from '../../../domain/haccp/checklist-rows';
import { missedChecklists, occurrenceKey, occurrenceState, occurrencesOnDay, type ChecklistCompliance } from '../../../domain/haccp/checklist-schedule';
import { nextDay, startOfDayInZone } from '../../../domain/time/calendar-days';
import type { Store } from '../store';
import { completionRowsOfDays, recordView } from './records';
import { templateRows, templateView } from './templates';

/** The checklists due on a calendar day at a location, with what was recorded and where each stands now. */
export function checklistDay(store: Store, locationId: string, timeZone: string, day: string): ChecklistDayView {
  const now = store.now();
  const records = completionRowsOfDays(store, locationId, [day]);
  const byOccurrence = new Map<string, ChecklistCompletionsRow[]>();
  for (const r of records) {
    const key = occurrenceKey({ templateId: r.template_id, day: r.day, slot: r.slot });
    byOccurrence.set(key, [...(byOccurrence.get(key) ?? []), r]);
  }
  const occurrences: ChecklistOccurrenceView[] = [];
  for (const row of templateRows(store, locationId)) {
    const template = templateView(row);
    for (const o of occurrencesOnDay(template, day, timeZone)) {
      const done = byOccurrence.get(occurrenceKey(o)) ?? [];
      // A retired template still shows what was recorded against it, and nothing else.
      if (!template.active && done.length === 0) continue;
      occurrences.push({
        templateId: template.id,
        templateName: template.name,
        kind: template.kind,
        day,
        slot: o.slot,
        label: o.label,
        opensAtMs: o.opensAtMs,
        dueAtMs: o.dueAtMs,
        state: occurrenceState(o, done[0]?.completed_at_ms ?? null, now),
        items: template.items,
        records: done.map((r) => recordView(store, r)),
      });
    }
  }
  occurrences.sort((a, b) => a.dueAtMs - b.dueAtMs || a.templateName.localeCompare(b.templateName));
  return { day, timeZone, occurrences };
}

/** Missed and late checklists at a location between two calendar days there (both included), up to now. */
export function checklistCompliance(store: Store, locationId: string, timeZone: string, fromDay: string, toDay: string): ChecklistCompliance[] {
  const fromMs = startOfDayInZone(fromDay, timeZone)!;
  const nowMs = Math.min(store.now(), startOfDayInZone(nextDay(toDay), timeZone)!);
  const first = store.q.all(
      store.db
        .selectFrom('checklist_completions')
        .select(['template_id', 'day', 'slot', (eb) => eb.fn.min<number>('completed_at_ms').as('first_ms')])
        .where('location_id', '=', locationId)
        .where('day', '>=', fromDay)
        .where('day', '<=', toDay)
        .groupBy(['template_id', 'day', 'slot']),
    );
  const firstCompletions = new Map(first.map((r) => [occurrenceKey({ templateId: r.template_id, day: r.day, slot: r.slot }), r.first_ms]));
  const templates = templateRows(store, locationId).map(templateView);
  return missedChecklists({ templates, firstCompletions, timeZone, fromMs, nowMs });
}
