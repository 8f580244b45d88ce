import { AUDIT_CATEGORY_IDS, type AuditCategory } from '../../domain/audit/action-words';
import { RISKS, type Risk } from '../../domain/audit/entry';
import type { AuditFilter } from '../../domain/contract/index';
import { nextDay, startOfDayInZone } from '../../domain/time/calendar-days';

/** The filter form as typed: strings, "" meaning "any". */
export interface AuditFilterForm {
  actorId: string;
  /** One of AUDIT_CATEGORIES, or "" for every category. */
  category: string;
  risk: string;
  /** Calendar days as "2025-03-01" (DateField), in this PC's location's time zone; "" for none. */
  fromDate: string;
  toDate: string;
}

export const EMPTY_FILTER_FORM: AuditFilterForm = { actorId: '', category: '', risk: '', fromDate: '', toDate: '' };

/** Turns the form into the contract's filter; a "to" date includes that whole day. */
export function toAuditFilter(form: AuditFilterForm, timeZone: string | undefined): AuditFilter {
  const filter: AuditFilter = {};
  if (form.actorId) filter.actorId = form.actorId;
  if ((AUDIT_CATEGORY_IDS as string[]).includes(form.category)) filter.categories = [form.category as AuditCategory];
  if ((RISKS as readonly string[]).includes(form.risk)) filter.risk = form.risk as Risk;
  const fromMs = form.fromDate ? startOfDayInZone(form.fromDate, timeZone) : null;
  const endMs = form.toDate ? startOfDayInZone(nextDay(form.toDate), timeZone) : null;
  if (fromMs !== null) filter.fromMs = fromMs;
  if (endMs !== null) filter.toMs = endMs - 1;
  return filter;
}

/** A problem with the dates, as a sentence; `pattern` is how the user types a date ("dd/mm/yyyy"). */
export function checkFilterForm(form: AuditFilterForm, pattern: string): string | null {
  if (form.fromDate && startOfDayInZone(form.fromDate) === null) return `Enter the "from" date as ${pattern}.`;
  if (form.toDate && startOfDayInZone(form.toDate) === null) return `Enter the "to" date as ${pattern}.`;
  if (form.fromDate && form.toDate && form.fromDate > form.toDate) return 'The "from" date is after the "to" date.';
  return null;
}
