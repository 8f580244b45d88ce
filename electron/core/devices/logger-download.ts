import { OpsFlowError } from '../../../domain/errors';
import type { AuditActor } from '../audit/audit-writer';
import type { StoreReadingsResult } from '../readings/store-readings';
import type { DeviceManager } from './device-manager';
import { deviceKind, deviceLabel } from './device-views';
import type { StoredDownload } from './logger-storage';
import { deviceGone, deviceStillIdentifying } from './device-errors';

/**
 * Downloads a plugged logger for a person (or the command line) and answers with what was stored.
 * A device that cannot be downloaded now is refused with a sentence saying why, before any I/O.
 */
export async function downloadLogger(
  manager: DeviceManager<StoredDownload, AuditActor>,
  deviceId: string,
  actor: AuditActor,
  /** The location's zone, which the logger's clock is read in (it may have been set up since the manager started). */
  timeZone: string,
): Promise<StoreReadingsResult> {
  const device = manager.devices().find((d) => d.id === deviceId);
  if (!device) throw deviceGone(deviceId);
  if (device.status === 'identifying') {
    throw deviceStillIdentifying(deviceId);
  }
  if (deviceKind(device) !== 'logger') {
    throw new OpsFlowError('BAD_INPUT', `${deviceLabel(device)} is not a data logger: it is read live and has no stored log to download.`, { deviceId });
  }
  if (manager.isDownloading(deviceId)) {
    throw new OpsFlowError('CONFLICT', 'That logger is being downloaded already. Wait for it to finish.', { deviceId });
  }
  manager.configure({ timeZone });
  const { added, alreadyThere } = await manager.download(deviceId, actor);
  return { added, alreadyThere };
}
