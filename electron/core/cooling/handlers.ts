import { OpsFlowError } from '../../../domain/errors';
import { startProblem, type ProbeReading } from '../../../domain/haccp/cooling';
import type { CoolingEventFact } from '../../../domain/haccp/cooling-facts';
import { stationLocation } from '../checklists/station-location';
import type { CallContext } from '../context';
import type { HandlerMap } from '../handler';
import { coolingLogIds, coolingLogNotFound, coolingLogViews, newCoolingId, recordCoolingEvents, startRow } from './cooling-logs';

/** A probe reading may be entered a little after it was taken, never ahead of the clock. */
const CLOCK_SLACK_MS = 60_000;

type ReadingInput = { tempCentiC: number; atMs: number } | { sensorId: string; atMs: number };

/** The reading as given, or a sensor's stored reading at that exact time (a sensor of this location). */
function resolveReading(call: CallContext, locationId: string, input: ReadingInput): ProbeReading & { sensorId: string | null } {
  if (input.atMs > call.ctx.now() + CLOCK_SLACK_MS) throw new OpsFlowError('BAD_INPUT', 'A reading cannot be in the future: check the time.');
  if ('tempCentiC' in input) return { atMs: input.atMs, tempCentiC: input.tempCentiC, sensorId: null };
  const { ctx } = call;
  const stored = ctx.q.first(
    ctx.db
      .selectFrom('readings')
      .innerJoin('sensors', 'sensors.id', 'readings.sensor_id')
      .select(['readings.temp_centi_c'])
      .where('readings.sensor_id', '=', input.sensorId)
      .where('readings.at_ms', '=', input.atMs)
      .where('sensors.location_id', '=', locationId),
  );
  if (!stored) throw new OpsFlowError('NOT_FOUND', 'That sensor has no stored reading at that time at this location.');
  return { atMs: input.atMs, tempCentiC: stored.temp_centi_c, sensorId: input.sensorId };
}

function temperatureWords(centiC: number): string {
  return `${((centiC * 9) / 500 + 32).toFixed(1)} °F (${(centiC / 100).toFixed(1)} °C)`;
}

const PROCESS_WORDS = { cooling: 'cooling', reheating: 'reheating' } as const;

export const coolingHandlers: HandlerMap<'cooling.list' | 'cooling.start' | 'cooling.addReading' | 'cooling.recordAction'> = {
  'cooling.list'({ days }, call) {
    const { locationId } = stationLocation(call, 'see its cooling logs');
    const now = call.ctx.now();
    return coolingLogViews(call.ctx, coolingLogIds(call.ctx, locationId, now - days * 86_400_000), now);
  },

  'cooling.start'(input, call) {
    const { locationId, tenantId } = stationLocation(call, 'keep its cooling logs');
    const first = resolveReading(call, locationId, input.first);
    const problem = startProblem(input.process, first);
    if (problem) throw new OpsFlowError('BAD_INPUT', problem);
    const actor = call.actor();
    const logId = newCoolingId();
    const base = { logId, actorId: actor.id, actorName: actor.name };
    const facts: CoolingEventFact[] = [
      { ...base, id: newCoolingId(), type: 'start', atMs: first.atMs, process: input.process, food: input.food },
      { ...base, id: newCoolingId(), type: 'reading', atMs: first.atMs, tempCentiC: first.tempCentiC, sensorId: first.sensorId },
    ];
    call.commit(
      {
        action: 'cooling.start',
        summary: `Started a ${PROCESS_WORDS[input.process]} log for "${input.food}" at ${temperatureWords(first.tempCentiC)}`,
        risk: 'LOW',
        entityType: 'coolingLog',
        entityId: logId,
        locationId,
      },
      () => recordCoolingEvents(call.ctx, tenantId, locationId, facts),
    );
    return coolingLogViews(call.ctx, [logId], call.ctx.now())[0]!;
  },

  'cooling.addReading'({ logId, reading }, call) {
    const { locationId, tenantId } = stationLocation(call, 'keep its cooling logs');
    const start = startRow(call.ctx, locationId, logId);
    if (!start) throw coolingLogNotFound();
    const r = resolveReading(call, locationId, reading);
    // The first reading starts the clock: an earlier one would move the deadlines after the fact.
    if (r.atMs < start.at_ms) throw new OpsFlowError('BAD_INPUT', "A reading cannot be earlier than the log's first reading.");
    const actor = call.actor();
    const fact: CoolingEventFact = { id: newCoolingId(), logId, type: 'reading', atMs: r.atMs, tempCentiC: r.tempCentiC, sensorId: r.sensorId, actorId: actor.id, actorName: actor.name };
    const before = coolingLogViews(call.ctx, [logId], call.ctx.now())[0]!;
    call.commit(
      {
        action: 'cooling.addReading',
        summary: `Recorded ${temperatureWords(r.tempCentiC)} on the ${PROCESS_WORDS[before.process]} log for "${before.food}"${r.sensorId ? ' (from a sensor)' : ''}`,
        risk: 'LOW',
        entityType: 'coolingLog',
        entityId: logId,
        locationId,
      },
      () => recordCoolingEvents(call.ctx, tenantId, locationId, [fact]),
    );
    return coolingLogViews(call.ctx, [logId], call.ctx.now())[0]!;
  },

  'cooling.recordAction'({ logId, action, note }, call) {
    const { locationId, tenantId } = stationLocation(call, 'keep its cooling logs');
    if (!startRow(call.ctx, locationId, logId)) throw coolingLogNotFound();
    if (action === 'other' && note === '') throw new OpsFlowError('BAD_INPUT', 'Say what was done.');
    const actor = call.actor();
    const view = coolingLogViews(call.ctx, [logId], call.ctx.now())[0]!;
    const fact: CoolingEventFact = { id: newCoolingId(), logId, type: 'action', atMs: call.ctx.now(), action, note, actorId: actor.id, actorName: actor.name };
    call.commit(
      {
        action: 'cooling.recordAction',
        summary: `Corrective action on the ${PROCESS_WORDS[view.process]} log for "${view.food}": ${action}${note ? `. Note: ${note}` : ''}`,
        risk: 'MEDIUM',
        entityType: 'coolingLog',
        entityId: logId,
        locationId,
      },
      () => recordCoolingEvents(call.ctx, tenantId, locationId, [fact]),
    );
    return coolingLogViews(call.ctx, [logId], call.ctx.now())[0]!;
  },
};
