import { REPORT_FILE_MAX_BYTES } from '../../../domain/contract/report';
import { OpsFlowError } from '../../../domain/errors';
import type { HandlerMap } from '../handler';
import { visibleLocations } from '../sensors/sensor-views';
import { archiveStatus } from './archive-status';
import { makeReport, reportFileStem } from './report-file';

export const reportHandlers: HandlerMap<'report.haccp' | 'report.archiveStatus'> = {
  async 'report.haccp'(input, call) {
    if (!visibleLocations(call).includes(input.locationId)) {
      call.refuse(new OpsFlowError('NOT_FOUND', 'There is no such location.'), 'asked for the HACCP report of a location not granted to them', { entityType: 'location', entityId: input.locationId });
    }
    const pdf = input.format === 'pdf';
    const made = await makeReport(call.ctx, { locationId: input.locationId, fromDay: input.fromDay, toDay: input.toDay, twiceDaily: input.twiceDaily, asOfMs: call.ctx.now() }, { paper: input.paper, pdf, csv: !pdf });
    const bytes = pdf ? made.pdf! : Buffer.from(made.csv!, 'utf8');
    if (bytes.length > REPORT_FILE_MAX_BYTES) {
      throw new OpsFlowError('BAD_INPUT', `This report is ${(bytes.length / 1048576).toFixed(1)} MB, more than the ${REPORT_FILE_MAX_BYTES / 1048576} MB the app can hand over: choose a shorter range, or use "opsflow report haccp" on this computer.`);
    }
    call.audit({
      action: 'report.haccp',
      summary: `Made the HACCP report of ${made.report.location.name} from ${input.fromDay} to ${input.toDay} (${input.format.toUpperCase()}, digest ${made.stamp.digest.slice(0, 16)})`,
      risk: 'LOW',
      entityType: 'location',
      entityId: input.locationId,
      locationId: input.locationId,
    });
    return {
      fileName: `${reportFileStem(made.report)}.${input.format}`,
      mimeType: pdf ? 'application/pdf' : 'text/csv',
      base64: bytes.toString('base64'),
      sizeBytes: bytes.length,
      digest: made.stamp.digest,
    };
  },
  'report.archiveStatus'(_input, call) {
    return archiveStatus(call.ctx, visibleLocations(call));
  },
};
