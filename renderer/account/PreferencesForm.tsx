import { ErrorAlert } from '../shell/ErrorAlert';
import { Group, Radio, Stack } from '@mantine/core';
import { useState } from 'react';
import { notifySuccess } from '../shell/notify';
import type { InputOf, SessionUser } from '../../domain/contract/index';
import { formatDate, formatTime, type Clock, type DateStyle } from '../../domain/time/format-time';
import { refreshSession } from '../auth/session-actions';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { TemperatureUnitRadio } from '../locations/TemperatureUnitRadio';

type Preferences = InputOf<'account.setPreferences'>;

/** Each choice is shown with an example of it: a quarter past three on 25 November. */
const EXAMPLE_MS = Date.UTC(2026, 10, 25, 15, 12);
const example = (clock: Clock, dateStyle: DateStyle) => ({ timeZone: 'UTC', clock, dateStyle });

const CLOCK_OPTIONS: { value: Clock; label: string }[] = [
  { value: '24h', label: `24-hour (${formatTime(EXAMPLE_MS, example('24h', 'iso'))})` },
  { value: '12h', label: `12-hour (${formatTime(EXAMPLE_MS, example('12h', 'iso'))})` },
];

const DATE_OPTIONS: { value: DateStyle; label: string }[] = [
  { value: 'iso', label: `Year-month-day (${formatDate(EXAMPLE_MS, example('24h', 'iso'))})` },
  { value: 'dmy', label: `Day/month/year (${formatDate(EXAMPLE_MS, example('24h', 'dmy'))})` },
  { value: 'mdy', label: `Month/day/year (${formatDate(EXAMPLE_MS, example('24h', 'mdy'))})` },
];

function savedText(change: Preferences): string {
  if (change.temperatureUnit) return `Temperatures are now shown in °${change.temperatureUnit}.`;
  if (change.clock) return `Times are now shown on a ${change.clock === '12h' ? '12' : '24'}-hour clock.`;
  return `Dates are now shown as ${DATE_OPTIONS.find((o) => o.value === change.dateStyle)?.label.toLowerCase() ?? 'chosen'}.`;
}

/** Saved as soon as one changes: each is one choice, nothing to confirm. */
export function PreferencesForm({ user }: { user: Pick<SessionUser, 'temperatureUnit' | 'clock' | 'dateStyle'> }) {
  // The choice shows at once; if saving fails it goes back, with the reason below.
  const [pending, setPending] = useState<Preferences | null>(null);
  const shown = { ...user, ...pending };
  const save = useApiAction(async (change: Preferences) => {
    try {
      await api.invoke('account.setPreferences', change);
      notifySuccess(savedText(change));
      await refreshSession();
    } finally {
      setPending(null);
    }
  });
  const choose = (change: Preferences, current: string, next: string) => {
    if (next === current || save.busy) return;
    setPending(change);
    void save.run(change);
  };
  return (
    <Stack gap="sm">
      <TemperatureUnitRadio
        label="Show temperatures in"
        value={shown.temperatureUnit}
        onChange={(unit) => choose({ temperatureUnit: unit }, shown.temperatureUnit, unit)}
      />
      <Radio.Group label="Show times on a" value={shown.clock} onChange={(v) => choose({ clock: v as Clock }, shown.clock, v)}>
        <Group gap="lg" mt={4}>
          {CLOCK_OPTIONS.map((o) => (
            <Radio key={o.value} value={o.value} label={o.label} />
          ))}
        </Group>
      </Radio.Group>
      <Radio.Group label="Write dates as" value={shown.dateStyle} onChange={(v) => choose({ dateStyle: v as DateStyle }, shown.dateStyle, v)}>
        <Group gap="lg" mt={4}>
          {DATE_OPTIONS.map((o) => (
            <Radio key={o.value} value={o.value} label={o.label} />
          ))}
        </Group>
      </Radio.Group>
      <ErrorAlert error={save.error} />
    </Stack>
  );
}
