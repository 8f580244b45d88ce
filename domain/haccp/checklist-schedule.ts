import { dayInZone, nextDay, startOfDayInZone, wallTimeInZone } from '../time/calendar-days';
import { minutesOfDay, type ChecklistSchedule } from './checklist-templates';

/**
 * When checklists are due. Every time is a wall-clock time at the location, so "opening checks due
 * by 10:00" means 10:00 there, in summer and winter alike, whatever zone the PC is set to.
 */
export interface ChecklistOccurrence {
  templateId: string;
  day: string;
  slot: number;
  /** "AM", "PM", or "" for a daily checklist. */
  label: string;
  opensAtMs: number;
  /** On time when completed at or before this instant. */
  dueAtMs: number;
}

export interface ScheduledTemplate {
  id: string;
  name: string;
  schedule: ChecklistSchedule;
  active: boolean;
  createdAtMs: number;
}

/** The occurrences of one template on one calendar day at the location. */
export function occurrencesOnDay(template: Pick<ScheduledTemplate, 'id' | 'schedule'>, day: string, timeZone: string): ChecklistOccurrence[] {
  const midnight = startOfDayInZone(day, timeZone);
  if (midnight === null) return [];
  if (template.schedule.kind === 'daily') {
    // Due by the end of the day: the last millisecond before the next midnight there.
    const end = startOfDayInZone(nextDay(day), timeZone)!;
    return [{ templateId: template.id, day, slot: 0, label: '', opensAtMs: midnight, dueAtMs: end - 1 }];
  }
  return template.schedule.slots.map((s, slot) => ({
    templateId: template.id,
    day,
    slot,
    label: s.label,
    opensAtMs: wallTimeInZone(day, minutesOfDay(s.opens), timeZone)!,
    dueAtMs: wallTimeInZone(day, minutesOfDay(s.due), timeZone)!,
  }));
}

/** Where an occurrence stands at `nowMs`, given when (if at all) it was first completed. */
export type OccurrenceState = 'upcoming' | 'open' | 'missed' | 'done' | 'late';

export function occurrenceState(occurrence: Pick<ChecklistOccurrence, 'opensAtMs' | 'dueAtMs'>, firstCompletedAtMs: number | null, nowMs: number): OccurrenceState {
  if (firstCompletedAtMs !== null) return firstCompletedAtMs <= occurrence.dueAtMs ? 'done' : 'late';
  if (nowMs > occurrence.dueAtMs) return 'missed';
  return nowMs < occurrence.opensAtMs ? 'upcoming' : 'open';
}

/** "Due by 10:00 — 25 min left", "Missed (was due 10:00)"… in words for the screen, given the formatted due time. */
export function occurrenceStateWords(state: OccurrenceState, dueText: string, remainingMs: number): string {
  switch (state) {
    case 'upcoming':
      return `Not open yet; due by ${dueText}`;
    case 'open':
      return `Due by ${dueText} (${durationWords(remainingMs)} left)`;
    case 'missed':
      return `Missed: was due by ${dueText}`;
    case 'done':
      return 'Done on time';
    case 'late':
      return `Done late: was due by ${dueText}`;
  }
}

/** "2 h 5 min", "45 min", "less than a minute". */
export function durationWords(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? (m > 0 ? `${h} h ${m} min` : `${h} h`) : `${m} min`;
}

/** The calendar days at the location from one instant to another, both included. */
export function daysBetween(fromMs: number, toMs: number, timeZone: string): string[] {
  const days: string[] = [];
  const last = dayInZone(toMs, timeZone);
  for (let day = dayInZone(fromMs, timeZone); day <= last; day = nextDay(day)) days.push(day);
  return days;
}

export interface ChecklistCompliance {
  templateId: string;
  templateName: string;
  day: string;
  slot: number;
  label: string;
  dueAtMs: number;
  kind: 'missed' | 'late';
  /** When it was done, for a late one. */
  completedAtMs: number | null;
}

/**
 * Missed and late checklists, the compliance events of checklists: every occurrence of an active
 * template due in [fromMs, nowMs) whose first completion is missing (missed) or after its due time
 * (late). An occurrence still open at `nowMs` is neither. Occurrences that opened before their
 * template was created are not counted: nobody could have done them. Pure: the clock is injected,
 * so the alerts can raise "checklist missed" from it and tests can stand at any instant.
 */
export function missedChecklists(input: {
  templates: readonly ScheduledTemplate[];
  /** First completion time of each occurrence, by `occurrenceKey`. */
  firstCompletions: ReadonlyMap<string, number>;
  timeZone: string;
  fromMs: number;
  nowMs: number;
}): ChecklistCompliance[] {
  const out: ChecklistCompliance[] = [];
  if (input.nowMs <= input.fromMs) return out;
  const days = daysBetween(input.fromMs, input.nowMs, input.timeZone);
  for (const template of input.templates) {
    if (!template.active) continue;
    for (const day of days) {
      for (const o of occurrencesOnDay(template, day, input.timeZone)) {
        if (o.dueAtMs < input.fromMs || o.dueAtMs >= input.nowMs || o.opensAtMs < template.createdAtMs) continue;
        const completedAtMs = input.firstCompletions.get(occurrenceKey(o)) ?? null;
        const state = occurrenceState(o, completedAtMs, input.nowMs);
        if (state !== 'missed' && state !== 'late') continue;
        out.push({ templateId: template.id, templateName: template.name, day, slot: o.slot, label: o.label, dueAtMs: o.dueAtMs, kind: state, completedAtMs });
      }
    }
  }
  return out.sort((a, b) => a.dueAtMs - b.dueAtMs || a.templateName.localeCompare(b.templateName));
}

export function occurrenceKey(o: { templateId: string; day: string; slot: number }): string {
  return `${o.templateId}/${o.day}/${o.slot}`;
}
