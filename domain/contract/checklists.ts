import { z } from 'zod';
import { checklistAnswer, type JudgedAnswer } from '../haccp/checklist-answers';
import type { ChecklistCompliance, OccurrenceState } from '../haccp/checklist-schedule';
import { CHECKLIST_KINDS, checklistItemDraft, checklistSchedule, type ChecklistItem, type ChecklistKind, type ChecklistSchedule } from '../haccp/checklist-templates';
import { method } from './define';
import { id, optionalTextFor, shortTextFor } from './limits';

/**
 * HACCP checklists at this PC's location: templates (mutable), completions and sign-offs (facts).
 * A signed completion is locked; a correction is an amendment that names the record it corrects.
 */

const calendarDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A day is written as YYYY-MM-DD.');
const note = optionalTextFor('The note', 500);


export const templateInput = z.strictObject({
  /** Absent for a new template. */
  id: id.optional(),
  name: shortTextFor("The checklist's name"),
  kind: z.enum(CHECKLIST_KINDS),
  items: z.array(checklistItemDraft).min(1, 'A checklist needs at least one item.').max(100, 'A checklist has at most 100 items.'),
  schedule: checklistSchedule,
  /** false retires a template (its records stay; it is no longer due). */
  active: z.boolean(),
});

export interface ChecklistTemplateView {
  id: string;
  locationId: string;
  name: string;
  kind: ChecklistKind;
  items: ChecklistItem[];
  schedule: ChecklistSchedule;
  active: boolean;
  createdAtMs: number;
}

export interface ChecklistSignoffView {
  id: string;
  atMs: number;
  actorName: string;
  note: string;
}

/** One completion of an occurrence: the first, or an amendment of an earlier one. */
export interface ChecklistRecordView {
  id: string;
  completedAtMs: number;
  actorName: string;
  items: ChecklistItem[];
  answers: JudgedAnswer[];
  failedItems: number;
  note: string;
  amends: string | null;
  /** Set once a manager signed it: the record is then locked. */
  signoff: ChecklistSignoffView | null;
}

export interface ChecklistOccurrenceView {
  templateId: string;
  templateName: string;
  kind: ChecklistKind;
  day: string;
  slot: number;
  label: string;
  opensAtMs: number;
  dueAtMs: number;
  /** At the time of the call; the screen works it out again as its clock moves. */
  state: OccurrenceState;
  /** The template's items now, for filling it in. */
  items: ChecklistItem[];
  /** Oldest first; the last one is the record in force. */
  records: ChecklistRecordView[];
}

export interface ChecklistDayView {
  day: string;
  timeZone: string;
  occurrences: ChecklistOccurrenceView[];
}

export const checklistMethods = {
  'checklists.templates': method<ChecklistTemplateView[]>()({ input: z.strictObject({}), access: 'haccp.view', mutation: false }),
  'checklists.saveTemplate': method<ChecklistTemplateView>()({ input: templateInput, access: 'haccp.manageChecklists', mutation: true }),
  /** The checklists due on a calendar day at this PC's location (today there when no day is given). */
  'checklists.day': method<ChecklistDayView>()({ input: z.strictObject({ day: calendarDay.optional() }), access: 'haccp.view', mutation: false }),
  'checklists.complete': method<ChecklistRecordView>()({
    input: z.strictObject({ templateId: id, day: calendarDay, slot: z.number().int().min(0).max(11), answers: z.array(checklistAnswer).max(100), note }),
    access: 'haccp.record',
    mutation: true,
  }),
  /** A correction: a new record linked to the one it corrects. Correcting a signed record takes the sign-off permission. */
  'checklists.amend': method<ChecklistRecordView>()({
    input: z.strictObject({ completionId: id, answers: z.array(checklistAnswer).max(100), note: shortTextFor('The reason for the correction', 500) }),
    access: 'haccp.record',
    mutation: true,
  }),
  'checklists.signOff': method<ChecklistRecordView>()({ input: z.strictObject({ completionId: id, note }), access: 'haccp.signoff', mutation: true }),
  /** Missed and late checklists between two calendar days (both included), up to now. */
  'checklists.missed': method<ChecklistCompliance[]>()({
    input: z.strictObject({ fromDay: calendarDay, toDay: calendarDay }).refine((v) => v.fromDay <= v.toDay, 'The first day must not be after the last.'),
    access: 'haccp.view',
    mutation: false,
  }),
};
