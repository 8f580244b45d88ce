import { useEffect, useState } from 'react';
import type { DeviceView, DownloadProgress } from '../../domain/contract/index';
import { useApiQuery } from '../bridge/use-api-query';
import { useEvent } from '../bridge/use-event';

/**
 * The devices plugged into this PC, fetched again whenever one is plugged, identified, fails or
 * finishes, and when sensors or readings change: a device's first readings create its sensors.
 */
export function useDevices(enabled = true) {
  return useApiQuery('devices.list', {}, { enabled, refreshOn: ['devices', 'sensors', 'readings', 'settings'], refreshGapMs: 300 });
}

/**
 * Download progress by device, from 'devices.progress' pushes: they come per page, far more often
 * than the list is worth fetching. Entries of devices no longer downloading are dropped, so the
 * next download starts from zero rather than from the last one's 100%.
 */
export function useDownloadProgress(devices: DeviceView[] | undefined): Record<string, DownloadProgress> {
  const [progress, setProgress] = useState<Record<string, DownloadProgress>>({});

  useEvent('devices.progress', ({ deviceId, done, total, etaMs }) =>
    setProgress((current) => ({ ...current, [deviceId]: { done, total, etaMs } })),
  );

  useEffect(() => {
    if (!devices) return;
    setProgress((current) => {
      const keep = Object.entries(current).filter(([id]) => devices.some((d) => d.id === id && d.status === 'downloading'));
      return keep.length === Object.keys(current).length ? current : Object.fromEntries(keep);
    });
  }, [devices]);

  return progress;
}

/** The latest thing the device manager said ("Elitech RC-4 plugged in."), with when it said it. */
export function useLatestDeviceMessage(): { message: string; atMs: number } | null {
  const [latest, setLatest] = useState<{ message: string; atMs: number } | null>(null);
  useEvent('devices.changed', ({ message }) => {
    if (message) setLatest({ message, atMs: Date.now() });
  });
  return latest;
}
