import type { DeviceFamilyName } from '../../domain/contract/devices';
import type { DeviceView, DownloadProgress } from '../../domain/contract/index';
import type { TimeFormat } from '../time/time-format';
import { formatCount } from '../sensors/temperature';

const FAMILY_NAMES: Record<DeviceFamilyName, string> = {
  temper: 'PCsensor TEMPer (USB)',
  temperx232: 'TEMPerX232 (serial)',
  modbus: 'Modbus probes (RS-485)',
  elitech: 'Elitech data logger',
  elusb: 'Lascar EasyLog data logger (USB)',
};

export function familyName(family: DeviceFamilyName | string | null): string {
  if (family === 'import') return 'Readings file';
  return family && family in FAMILY_NAMES ? FAMILY_NAMES[family as DeviceFamilyName] : 'Not recognised';
}

/** Whole percent, never 100 before the last page is in. */
export function progressPercent(progress: DownloadProgress | null): number {
  if (!progress || progress.total <= 0) return 0;
  return Math.min(progress.done >= progress.total ? 100 : 99, Math.floor((progress.done / progress.total) * 100));
}

/** "about 2 min left": rounded, because an estimate that ticks every second reads as precise. */
export function timeLeftText(etaMs: number | null): string {
  if (etaMs === null) return 'estimating time left';
  const seconds = Math.max(0, Math.round(etaMs / 1000));
  if (seconds < 10) return 'a few seconds left';
  if (seconds < 60) return `about ${Math.ceil(seconds / 5) * 5} s left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  return `about ${Math.floor(minutes / 60)} h ${minutes % 60} min left`;
}

/** "2,000 new, 0 already there · 14:02" */
export function lastDownloadText(device: DeviceView, timeZone: string | undefined, time: TimeFormat): string | null {
  const last = device.lastDownload;
  if (!last) return null;
  return `${formatCount(last.added)} new, ${formatCount(last.alreadyThere)} already there · ${time.short(last.atMs, timeZone)}`;
}

export function failureSentence(device: DeviceView): string {
  return device.lastError ?? 'The device stopped answering. Unplug it, plug it in again, and try once more.';
}
