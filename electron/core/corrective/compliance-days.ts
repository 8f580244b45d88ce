import type { ComplianceDayView } from '../../../domain/contract/corrective';
import { occurrencesOnDay } from '../../../domain/haccp/checklist-schedule';
import { complianceScore, signedInTime, type Share } from '../../../domain/haccp/compliance-score';
import { OUT_OF_RANGE_BITS, VERDICT_JUDGED } from '../../../domain/haccp/verdict';
import { dayInZone, nextDay, startOfDayInZone } from '../../../domain/time/calendar-days';
import { checklistCompliance } from '../checklists/checklist-day';
import { templateRows, templateView } from '../checklists/templates';
import type { EngineContext } from '../context';
import { coolingLogIds, coolingLogViews } from '../cooling/cooling-logs';
import { listExcursions } from '../haccp/excursion-queries';

const DAY_MS = 24 * 3600_000;

function share(): Share {
  return { done: 0, total: 0 };
}

/**
 * The score of a location for each of its last `days` calendar days (today last), from what is
 * stored: the counts go through the one formula in domain/haccp/compliance-score.ts. Today counts
 * only what was due up to now.
 */
export function complianceDays(ctx: EngineContext, locationId: string, days: number): ComplianceDayView[] {
  const zone = ctx.directory.location(locationId)?.time_zone ?? 'UTC';
  const now = ctx.now();
  const today = dayInZone(now, zone);
  const list: string[] = [];
  for (let d = dayInZone(now - (days - 1) * DAY_MS, zone); d <= today; d = nextDay(d)) list.push(d);
  const parts = new Map(list.map((d) => [d, { readings: share(), excursions: share(), checklists: share(), cooling: share() }]));
  const fromMs = startOfDayInZone(list[0]!, zone)!;
  const toMs = startOfDayInZone(nextDay(today), zone)!;

  const countReadings = ctx.sqlite.prepare(
    `SELECT COUNT(*) AS total, COALESCE(SUM((r.flags & ${OUT_OF_RANGE_BITS}) = ${OUT_OF_RANGE_BITS}), 0) AS outOfRange
       FROM readings r JOIN sensors s ON s.id = r.sensor_id
      WHERE s.location_id = ? AND r.at_ms >= ? AND r.at_ms < ? AND (r.flags & ${VERDICT_JUDGED}) = ${VERDICT_JUDGED}`,
  );
  for (const day of list) {
    const { total, outOfRange } = countReadings.get(locationId, startOfDayInZone(day, zone)!, startOfDayInZone(nextDay(day), zone)!) as { total: number; outOfRange: number };
    parts.get(day)!.readings = { done: total - outOfRange, total };
  }

  for (const e of listExcursions(ctx, { locationIds: [locationId], fromMs, toMs })) {
    const p = parts.get(dayInZone(e.startMs, zone));
    if (!p) continue;
    p.excursions.total++;
    if (signedInTime(e, e.correctiveAction?.signoff?.atMs ?? null)) p.excursions.done++;
  }

  for (const row of templateRows(ctx, locationId)) {
    const template = templateView(row);
    if (!template.active) continue;
    for (const day of list) {
      for (const o of occurrencesOnDay(template, day, zone)) if (o.dueAtMs < now && o.opensAtMs >= template.createdAtMs) parts.get(day)!.checklists.total++;
    }
  }
  for (const c of checklistCompliance(ctx, locationId, zone, list[0]!, today)) {
    const p = parts.get(c.day);
    if (p) p.checklists.done--;
  }
  for (const p of parts.values()) p.checklists.done += p.checklists.total;

  for (const log of coolingLogViews(ctx, coolingLogIds(ctx, locationId, fromMs), now)) {
    const p = parts.get(dayInZone(log.verdict.startedAtMs, zone));
    if (!p || log.verdict.state === 'running') continue;
    p.cooling.total++;
    if (log.verdict.state === 'passed') p.cooling.done++;
  }

  return list.map((day) => ({ day, ...complianceScore(parts.get(day)!) }));
}
