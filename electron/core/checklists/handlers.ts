import { OpsFlowError } from '../../../domain/errors';
import { judgeAnswers, type ChecklistAnswer, type JudgedAnswer } from '../../../domain/haccp/checklist-answers';
import type { ChecklistCompletionFact } from '../../../domain/haccp/checklist-facts';
import type { ChecklistCompletionsRow } from '../../../domain/haccp/checklist-rows';
import { occurrencesOnDay } from '../../../domain/haccp/checklist-schedule';
import { CHECKLIST_KIND_WORDS, type ChecklistItem, type ChecklistKind } from '../../../domain/haccp/checklist-templates';
import { dayInZone } from '../../../domain/time/calendar-days';
import type { HandlerMap } from '../handler';
import { amendmentOf, completionRow, completionRowsOfDays, newFactId, recordCompletion, recordNotFound, recordSignoff, recordView, signoffOf } from './records';
import { checklistCompliance, checklistDay } from './checklist-day';
import { stationLocation } from './station-location';
import { newTemplateId, saveTemplate, templateNotFound, templateRow, templateRows, templateView } from './templates';

function judged(kind: ChecklistKind, items: ChecklistItem[], answers: ChecklistAnswer[]): JudgedAnswer[] {
  const result = judgeAnswers(kind, items, answers);
  if ('problem' in result) throw new OpsFlowError('BAD_INPUT', result.problem);
  return result.answers;
}

/** "Opening checks (AM) of 2026-11-25" */
function occurrenceName(row: Pick<ChecklistCompletionsRow, 'template_name' | 'slot_label' | 'day'>): string {
  return `"${row.template_name}"${row.slot_label ? ` (${row.slot_label})` : ''} of ${row.day}`;
}

function failedWords(answers: JudgedAnswer[]): string {
  const failed = answers.filter((a) => !a.ok);
  if (failed.length === 0) return 'all items passed';
  const rejected = failed.filter((a) => a.failAction?.choice === 'reject').length;
  return `${failed.length} of ${answers.length} items failed${rejected > 0 ? ` (${rejected} rejected)` : ''}`;
}

export const checklistHandlers: HandlerMap<
  'checklists.templates' | 'checklists.saveTemplate' | 'checklists.day' | 'checklists.complete' | 'checklists.amend' | 'checklists.signOff' | 'checklists.missed'
> = {
  'checklists.templates'(_input, call) {
    const { locationId } = stationLocation(call, 'see its checklists');
    return templateRows(call.ctx, locationId).map(templateView);
  },

  'checklists.saveTemplate'(input, call) {
    const { locationId, tenantId } = stationLocation(call, 'set up its checklists');
    const before = input.id ? templateRow(call.ctx, locationId, input.id) : undefined;
    if (input.id && !before) throw templateNotFound();
    const schedule = input.schedule.kind === 'daily' ? 'daily' : input.schedule.slots.map((s) => `${s.label || 'due'} ${s.opens}–${s.due}`).join(', ');
    const id = before?.id ?? newTemplateId();
    call.commit(
      {
        action: 'checklists.saveTemplate',
        summary: `${before ? 'Changed' : 'Created'} ${CHECKLIST_KIND_WORDS[input.kind].toLowerCase()} checklist "${input.name}": ${input.items.length} items, ${schedule}${input.active ? '' : ', retired'}`,
        risk: 'MEDIUM',
        entityType: 'checklist',
        entityId: id,
        locationId,
      },
      () => saveTemplate(call.ctx, tenantId, locationId, id, input),
    );
    return templateView(templateRow(call.ctx, locationId, id)!);
  },

  'checklists.day'({ day }, call) {
    const { locationId, timeZone } = stationLocation(call, 'see its checklists');
    return checklistDay(call.ctx, locationId, timeZone, day ?? dayInZone(call.ctx.now(), timeZone));
  },

  'checklists.complete'(input, call) {
    const { locationId, tenantId, timeZone } = stationLocation(call, 'fill in its checklists');
    const store = call.ctx;
    const row = templateRow(store, locationId, input.templateId);
    if (!row || row.active !== 1) throw templateNotFound();
    const template = templateView(row);
    const occurrence = occurrencesOnDay(template, input.day, timeZone)[input.slot];
    if (!occurrence) throw new OpsFlowError('NOT_FOUND', 'That checklist is not due at that time.');
    const now = store.now();
    if (now < occurrence.opensAtMs) throw new OpsFlowError('BAD_INPUT', 'This checklist is not open yet; fill it in once its time has come.');
    const earlier = completionRowsOfDays(store, locationId, [input.day]).find((r) => r.template_id === template.id && r.slot === input.slot);
    if (earlier) {
      throw new OpsFlowError('CONFLICT', `This checklist was already completed by ${earlier.actor_name}. To correct it, record an amendment.`);
    }
    const answers = judged(template.kind, template.items, input.answers);
    const actor = call.actor();
    const fact: ChecklistCompletionFact = {
      id: newFactId(),
      templateId: template.id,
      templateName: template.name,
      kind: template.kind,
      day: input.day,
      slot: input.slot,
      slotLabel: occurrence.label,
      opensAtMs: occurrence.opensAtMs,
      dueAtMs: occurrence.dueAtMs,
      completedAtMs: now,
      actorId: actor.id,
      actorName: actor.name,
      items: template.items,
      answers,
      amends: null,
      note: input.note,
    };
    const late = now > occurrence.dueAtMs;
    call.commit(
      {
        action: 'checklists.complete',
        summary: `Completed ${occurrenceName({ template_name: fact.templateName, slot_label: fact.slotLabel, day: fact.day })}${late ? ', late' : ''}: ${failedWords(answers)}`,
        risk: answers.some((a) => !a.ok) || late ? 'MEDIUM' : 'LOW',
        entityType: 'checklistRecord',
        entityId: fact.id,
        locationId,
      },
      () => recordCompletion(store, tenantId, locationId, fact),
    );
    return recordView(store, completionRow(store, locationId, fact.id)!);
  },

  'checklists.amend'(input, call) {
    const { locationId, tenantId } = stationLocation(call, 'correct its checklists');
    const store = call.ctx;
    const original = completionRow(store, locationId, input.completionId);
    if (!original) throw recordNotFound();
    if (amendmentOf(store, original.id)) throw new OpsFlowError('CONFLICT', 'This record was already corrected; correct its latest version.');
    if (signoffOf(store, original.id) && !call.session!.permissions.has('haccp.signoff')) {
      call.refuse(
        new OpsFlowError('FORBIDDEN', 'This record is signed and locked. Only someone who may sign off records can correct it, with an amendment.'),
        `${occurrenceName(original)} is signed off`,
        { entityType: 'checklistRecord', entityId: original.id, locationId },
      );
    }
    const items = JSON.parse(original.items_json) as ChecklistItem[];
    const answers = judged(original.kind as ChecklistKind, items, input.answers);
    const actor = call.actor();
    const fact: ChecklistCompletionFact = {
      id: newFactId(),
      templateId: original.template_id,
      templateName: original.template_name,
      kind: original.kind as ChecklistKind,
      day: original.day,
      slot: original.slot,
      slotLabel: original.slot_label,
      opensAtMs: original.opens_at_ms,
      dueAtMs: original.due_at_ms,
      completedAtMs: store.now(),
      actorId: actor.id,
      actorName: actor.name,
      items,
      answers,
      amends: original.id,
      note: input.note,
    };
    call.commit(
      {
        action: 'checklists.amend',
        summary: `Corrected ${occurrenceName(original)} (record by ${original.actor_name}): ${failedWords(answers)}. Reason: ${input.note}`,
        risk: 'MEDIUM',
        entityType: 'checklistRecord',
        entityId: fact.id,
        locationId,
      },
      () => recordCompletion(store, tenantId, locationId, fact),
    );
    return recordView(store, completionRow(store, locationId, fact.id)!);
  },

  'checklists.signOff'(input, call) {
    const { locationId, tenantId } = stationLocation(call, 'sign off its checklists');
    const store = call.ctx;
    const record = completionRow(store, locationId, input.completionId);
    if (!record) throw recordNotFound();
    const signed = signoffOf(store, record.id);
    if (signed) throw new OpsFlowError('CONFLICT', `This record was already signed off by ${signed.actor_name}.`);
    if (amendmentOf(store, record.id)) throw new OpsFlowError('CONFLICT', 'This record was corrected since; sign off its latest version.');
    const actor = call.actor();
    const fact = { id: newFactId(), completionId: record.id, atMs: store.now(), actorId: actor.id, actorName: actor.name, note: input.note };
    call.commit(
      {
        action: 'checklists.signOff',
        summary: `Signed off ${occurrenceName(record)} (completed by ${record.actor_name})${input.note ? `. Note: ${input.note}` : ''}`,
        risk: 'MEDIUM',
        entityType: 'checklistRecord',
        entityId: record.id,
        locationId,
      },
      () => recordSignoff(store, tenantId, locationId, fact),
    );
    return recordView(store, record);
  },

  'checklists.missed'({ fromDay, toDay }, call) {
    const { locationId, timeZone } = stationLocation(call, 'see its checklists');
    return checklistCompliance(call.ctx, locationId, timeZone, fromDay, toDay);
  },
};
