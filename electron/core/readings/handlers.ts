import type { ParsedInputOf } from '../../../domain/contract';
import { OpsFlowError } from '../../../domain/errors';
import type { CallContext } from '../context';
import type { HandlerMap } from '../handler';
import { visibleLocations, visibleSensor } from '../sensors/sensor-views';
import { exportReadings } from './export-readings';
import { importReadingsFile, planImport, type ImportRequest } from './import-readings';

/**
 * The location the readings go to: the one named, or this PC's. One the caller is not granted is
 * "not found", like another location's sensor, and the attempt is audited.
 */
function importRequest(input: ParsedInputOf<'readings.import'>, call: CallContext): ImportRequest {
  const locationId = input.locationId ?? call.ctx.identity()?.homeLocationId;
  if (!locationId) throw new OpsFlowError('NOT_SET_UP', 'Set up OpsFlow before importing readings.');
  if (!visibleLocations(call).includes(locationId)) {
    call.refuse(new OpsFlowError('NOT_FOUND', 'That location does not exist or is not yours.'), 'import readings into a location the caller is not granted', { locationId });
  }
  return { text: input.text, fileName: input.fileName, sensorName: input.sensorName, locationId, skipBad: input.skipBad };
}

export const readingsHandlers: HandlerMap<'readings.previewImport' | 'readings.import' | 'readings.export'> = {
  'readings.previewImport'(input, call) {
    return planImport(call.ctx, importRequest(input, call)).view;
  },

  /** The audit entry is written with the readings, in one transaction (see importReadingsFile). */
  'readings.import'(input, call) {
    return importReadingsFile(call.ctx, call.ctx.audit, importRequest(input, call), call.actor());
  },

  'readings.export'({ sensorId, fromMs, toMs }, call) {
    return exportReadings(call.ctx, visibleSensor(call, sensorId), fromMs, toMs);
  },
};
