import { z } from 'zod';
import { COLD_HOLDING_MAX_CENTI_C, HOT_HOLDING_MIN_CENTI_C } from './food-code-temperatures';

/**
 * Checklist templates are mutable state: one Y.Map per template in the `checklistTemplates` map of
 * the location's ops document. A completion copies the items it answered, so changing a template
 * never changes what was recorded against it.
 */
export const CHECKLIST_OPS_MAP = 'checklistTemplates';

export const CHECKLIST_KINDS = ['opening', 'closing', 'line', 'receiving'] as const;
export type ChecklistKind = (typeof CHECKLIST_KINDS)[number];
export const CHECKLIST_KIND_WORDS: Record<ChecklistKind, string> = {
  opening: 'Opening',
  closing: 'Closing',
  line: 'Line check',
  receiving: 'Receiving',
};

const itemId = z.string().min(1).max(64);
const itemLabel = z.string('An item needs a label.').trim().min(1, 'An item needs a label.').max(200, 'An item label is at most 200 characters.');
const centiC = z.number().int().min(-5000).max(30000);

function itemSchema<I extends z.ZodType<string | undefined>>(id: I) {
  return z.discriminatedUnion('type', [
    /** A probe temperature judged against a limit: at most (cold food) or at least (hot food); exactly at the limit is in range. */
    z.strictObject({ id, label: itemLabel, type: z.literal('temperature'), limit: z.strictObject({ bound: z.enum(['max', 'min']), centiC }) }),
    /** Passes when the answer is the expected one ("Received frozen?" expects yes). */
    z.strictObject({ id, label: itemLabel, type: z.literal('yesNo'), expected: z.boolean() }),
    z.strictObject({ id, label: itemLabel, type: z.literal('number'), min: z.number().finite().nullable(), max: z.number().finite().nullable() }),
    z.strictObject({ id, label: itemLabel, type: z.literal('text') }),
  ]);
}
export const checklistItem = itemSchema(itemId);
/** An item as the editor sends it: a new one has no id yet. */
export const checklistItemDraft = itemSchema(itemId.optional());
export type ChecklistItem = z.infer<typeof checklistItem>;
export type ChecklistItemType = ChecklistItem['type'];
/** An item before it has an id (a preset, a new row in the editor). */
export type ChecklistItemDraft = ChecklistItem extends infer T ? (T extends unknown ? Omit<T, 'id'> : never) : never;

const wallTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time is written as HH:MM, 00:00 to 23:59.');

/** A due window at a set time of day, in the location's time zone: it may be done from `opens` and is due by `due`. */
export const checklistSlot = z
  .strictObject({ label: z.string().trim().max(40, 'A time label is at most 40 characters.'), opens: wallTime, due: wallTime })
  .refine((s) => s.opens < s.due, 'A checklist must open before it is due (the same day).');
export type ChecklistSlot = z.infer<typeof checklistSlot>;

/** Daily: once a day, due by the end of the day. At set times: one due window per slot (AM and PM, say). */
export const checklistSchedule = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('daily') }),
  z.strictObject({ kind: z.literal('times'), slots: z.array(checklistSlot).min(1, 'Give at least one time.').max(12, 'At most 12 times a day.') }),
]);
export type ChecklistSchedule = z.infer<typeof checklistSchedule>;

export const checklistTemplateRecord = z.object({
  name: z.string().max(120),
  kind: z.enum(CHECKLIST_KINDS),
  items: z.array(checklistItem).min(1).max(100),
  schedule: checklistSchedule,
  active: z.boolean(),
  /** Occurrences that open before a template existed are never counted as missed. */
  createdAtMs: z.number().int(),
});
export type ChecklistTemplateRecord = z.infer<typeof checklistTemplateRecord>;

export function minutesOfDay(wall: string): number {
  const [h = 0, m = 0] = wall.split(':').map(Number);
  return h * 60 + m;
}

/** Starting points for the templates editor; item ids are filled in when a template is saved. */
export const TEMPLATE_PRESETS: Record<ChecklistKind, { name: string; items: ChecklistItemDraft[]; schedule: ChecklistSchedule }> = {
  opening: {
    name: 'Opening checks',
    items: [
      { label: 'Walk-in cooler temperature', type: 'temperature', limit: { bound: 'max', centiC: COLD_HOLDING_MAX_CENTI_C } },
      { label: 'Hand sinks stocked with soap and towels', type: 'yesNo', expected: true },
      { label: 'Sanitizer concentration (ppm)', type: 'number', min: 50, max: 200 },
    ],
    schedule: { kind: 'times', slots: [{ label: 'AM', opens: '06:00', due: '10:00' }] },
  },
  closing: {
    name: 'Closing checks',
    items: [
      { label: 'Walk-in cooler temperature', type: 'temperature', limit: { bound: 'max', centiC: COLD_HOLDING_MAX_CENTI_C } },
      { label: 'Food covered, labelled and dated', type: 'yesNo', expected: true },
      { label: 'Notes for the morning shift', type: 'text' },
    ],
    schedule: { kind: 'times', slots: [{ label: 'PM', opens: '21:00', due: '23:30' }] },
  },
  line: {
    name: 'Line check',
    items: [
      { label: 'Cold well temperature', type: 'temperature', limit: { bound: 'max', centiC: COLD_HOLDING_MAX_CENTI_C } },
      { label: 'Hot well temperature', type: 'temperature', limit: { bound: 'min', centiC: HOT_HOLDING_MIN_CENTI_C } },
    ],
    schedule: {
      kind: 'times',
      slots: [
        { label: 'AM', opens: '10:30', due: '11:30' },
        { label: 'PM', opens: '16:30', due: '17:30' },
      ],
    },
  },
  // Food Code 3-202.11: refrigerated TCS food received at 41 °F or below, hot at 135 °F or above, frozen received frozen.
  receiving: {
    name: 'Receiving check',
    items: [
      { label: 'Refrigerated TCS food temperature', type: 'temperature', limit: { bound: 'max', centiC: COLD_HOLDING_MAX_CENTI_C } },
      { label: 'Hot TCS food temperature', type: 'temperature', limit: { bound: 'min', centiC: HOT_HOLDING_MIN_CENTI_C } },
      { label: 'Frozen food received frozen (no signs of thawing)', type: 'yesNo', expected: true },
      { label: 'Supplier and invoice number', type: 'text' },
    ],
    schedule: { kind: 'daily' },
  },
};
