import { OpsFlowError } from '../errors';
import { formatElitechDateTime } from './elitech-frame';
import { ELUSB_MODELS, decodeElUsbConfig, decodeElUsbSamples, elUsbSampleFormat, findElUsbModel, type ElUsbUnit } from './elusb';
import { hexToBytes } from './hex';

/**
 * `opsflow devices decode --protocol elusb`: a configuration block (`--frame config`), or a sample
 * dump (`--frame samples`) read with the model, unit and count of a configuration block
 * (`--config`) or as given (`--model`, `--unit`, `--count`).
 */

export const ELUSB_CAPTURE_FRAMES = ['config', 'samples'] as const;
export type ElUsbCaptureFrame = (typeof ELUSB_CAPTURE_FRAMES)[number];
/** The models a dump can be read as: one per sample layout. */
export const ELUSB_CAPTURE_MODELS = ['EL-USB-1', 'EL-USB-2'] as const;
export type ElUsbCaptureModel = (typeof ELUSB_CAPTURE_MODELS)[number];

export interface ElUsbCaptureInput {
  frame?: string;
  hex?: string;
  /** samples: the configuration block the dump belongs to, as hex. */
  config?: string;
  model?: string;
  unit?: ElUsbUnit;
  count?: number;
}

export function decodeElUsbCapture(input: ElUsbCaptureInput): Record<string, unknown> {
  if (!input.frame || !(ELUSB_CAPTURE_FRAMES as readonly string[]).includes(input.frame)) {
    throw new OpsFlowError('BAD_INPUT', `--protocol elusb needs --frame <${ELUSB_CAPTURE_FRAMES.join('|')}>.`);
  }
  if (!input.hex) throw new OpsFlowError('BAD_INPUT', `--protocol elusb needs --hex <${input.frame === 'config' ? 'configuration block' : 'sample dump'}>.`);
  const bytes = hexToBytes(input.hex);
  if (input.frame === 'config') {
    const c = decodeElUsbConfig(bytes);
    return {
      model: c.model,
      modelId: c.modelId,
      // What OpsFlow reads from it, or null for a model it refuses.
      reads: findElUsbModel(c.modelId)?.samples ?? null,
      name: c.name,
      serialNumber: c.serialNumber,
      firmware: c.firmware,
      start: formatElitechDateTime(c.start),
      startDelayS: c.startDelayS,
      intervalS: c.intervalS,
      samples: c.storedSamples,
      logging: c.logging,
      unit: c.unit,
    };
  }
  const { format, count } = sampleLayout(input, bytes.length);
  return {
    readings: decodeElUsbSamples(bytes, format, count).map((s) => ({
      sample: s.index + 1,
      celsius: s.tempCentiC / 100,
      rh: s.rhCentiPct === undefined ? null : s.rhCentiPct / 100,
    })),
  };
}

function sampleLayout(input: ElUsbCaptureInput, dumpLength: number) {
  if (input.config) {
    if (input.model || input.unit) throw new OpsFlowError('BAD_INPUT', '--config already says the model and unit: leave out --model and --unit.');
    const config = decodeElUsbConfig(hexToBytes(input.config));
    return { format: elUsbSampleFormat(config), count: input.count ?? config.storedSamples };
  }
  const model = ELUSB_MODELS.find((m) => m.name === input.model && m.samples);
  if (!model) {
    throw new OpsFlowError('BAD_INPUT', `--frame samples needs --config <configuration block> or --model <${ELUSB_CAPTURE_MODELS.join('|')}>.`);
  }
  const unit = input.unit ?? 'C';
  const format = elUsbSampleFormat({ modelId: model.id, model: model.name, unit, unitCode: unit === 'C' ? 0 : 1 });
  if (input.count === undefined && dumpLength % format.size !== 0) {
    throw new OpsFlowError('FRAME_TRUNCATED', `The sample dump was cut short: ${dumpLength} bytes is not a whole number of ${format.size}-byte samples.`, {
      length: dumpLength,
    });
  }
  return { format, count: input.count ?? dumpLength / format.size };
}
