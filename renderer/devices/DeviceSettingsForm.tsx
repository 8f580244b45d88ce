import { ErrorAlert } from '../shell/ErrorAlert';
import { Stack, Switch, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Settings } from '../../domain/contract/index';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { notifySuccess } from '../shell/notify';

type DeviceSwitch = 'demoMode' | 'autoDownloadLoggers' | 'restartLoggersAfterDownload';

const SWITCHES: { key: DeviceSwitch; label: string; description: string; on: string; off: string }[] = [
  {
    key: 'demoMode',
    label: 'Demo mode (simulated devices)',
    description: 'Shows a simulated TEMPer2, three Modbus probes and a data logger instead of real devices, to try OpsFlow without hardware.',
    on: 'Demo mode is on: the Devices screen shows simulated devices.',
    off: 'Demo mode is off: OpsFlow uses the devices plugged into this PC.',
  },
  {
    key: 'autoDownloadLoggers',
    label: 'Download loggers as soon as they are plugged in',
    description: 'Otherwise a logger waits on the Devices screen until someone clicks Download.',
    on: 'Loggers are now downloaded as soon as they are plugged in.',
    off: 'Loggers now wait for someone to click Download.',
  },
  {
    key: 'restartLoggersAfterDownload',
    label: 'Restart loggers after a download (erases the logger)',
    description:
      'After the readings are safely stored, OpsFlow sets the logger’s clock and starts a new log, which erases the readings on the logger itself.',
    on: 'Loggers are now restarted after each stored download.',
    off: 'Loggers now keep their readings after a download.',
  },
];

/** This PC's device switches; each applies as soon as it is flipped. */
export function DeviceSettingsForm({ settings, canEdit, onSaved }: { settings: Settings; canEdit: boolean; onSaved(): void }) {
  // The switch moves at once, stays until the re-read settings agree, and moves back if the engine refuses.
  const [shown, setShown] = useState<Partial<Record<DeviceSwitch, boolean>>>({});
  useEffect(() => {
    setShown((current) => {
      const pending = Object.entries(current).filter(([key, value]) => settings[key as DeviceSwitch] !== value);
      return pending.length === Object.keys(current).length ? current : Object.fromEntries(pending);
    });
  }, [settings]);
  const save = useApiAction(async (key: DeviceSwitch, value: boolean) => {
    const settle = () =>
      setShown((s) => {
        const next = { ...s };
        delete next[key];
        return next;
      });
    setShown((s) => ({ ...s, [key]: value }));
    let after: Settings;
    try {
      after = await api.invoke('settings.update', { [key]: value });
    } catch (err) {
      settle();
      throw err;
    }
    onSaved();
    // What is in force can differ from what was asked (say demo mode forced by --demo): show that.
    if (after[key] !== value) {
      settle();
      return;
    }
    const flipped = SWITCHES.find((s) => s.key === key);
    if (flipped) notifySuccess(value ? flipped.on : flipped.off);
  });

  return (
    <Stack gap="sm" role="group" aria-label="Device settings">
      <Text size="sm" c="dimmed">
        These apply to this PC only.
      </Text>
      {SWITCHES.map((s) => (
        <Switch
          key={s.key}
          label={s.label}
          description={s.description}
          checked={shown[s.key] ?? settings[s.key]}
          disabled={!canEdit || save.busy}
          onChange={(e) => void save.run(s.key, e.currentTarget.checked)}
        />
      ))}
      <ErrorAlert error={save.error} />
    </Stack>
  );
}
