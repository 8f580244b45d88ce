import { RISKS, type Risk } from '../../domain/audit/entry';
import type { AuditFilter } from '../../domain/contract/index';

/** The filter form as typed: strings, "" meaning "any". */
export interface AuditFilterForm {
  actorId: string;
  action: string;
  risk: string;
  /** yyyy-mm-dd from <input type="date">, in this PC's time zone. */
  fromDate: string;
  toDate: string;
}

export const EMPTY_FILTER_FORM: AuditFilterForm = { actorId: '', action: '', risk: '', fromDate: '', toDate: '' };

function localDayStartMs(date: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])).getTime();
}

const DAY_MS = 86_400_000;

/** Turns the form into the contract's filter; a "to" date includes that whole day. */
export function toAuditFilter(form: AuditFilterForm): AuditFilter {
  const filter: AuditFilter = {};
  if (form.actorId) filter.actorId = form.actorId;
  if (form.action.trim()) filter.action = form.action.trim();
  if ((RISKS as readonly string[]).includes(form.risk)) filter.risk = form.risk as Risk;
  const fromMs = localDayStartMs(form.fromDate);
  const toStartMs = localDayStartMs(form.toDate);
  if (fromMs !== undefined) filter.fromMs = fromMs;
  if (toStartMs !== undefined) filter.toMs = toStartMs + DAY_MS - 1;
  return filter;
}

export function checkFilterForm(form: AuditFilterForm): string | null {
  const fromMs = localDayStartMs(form.fromDate);
  const toMs = localDayStartMs(form.toDate);
  if (fromMs !== undefined && toMs !== undefined && fromMs > toMs) return 'The "from" date is after the "to" date.';
  return null;
}
