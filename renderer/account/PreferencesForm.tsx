import { ErrorAlert } from '../shell/ErrorAlert';
import { Stack } from '@mantine/core';
import { notifySuccess } from '../shell/notify';
import { refreshSession } from '../auth/session-actions';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { TemperatureUnitRadio } from '../locations/TemperatureUnitRadio';

/** Saved as soon as it changes: one choice, nothing to confirm. */
export function PreferencesForm({ temperatureUnit }: { temperatureUnit: 'C' | 'F' }) {
  const save = useApiAction(async (unit: 'C' | 'F') => {
    await api.invoke('account.setPreferences', { temperatureUnit: unit });
    notifySuccess(`Temperatures are now shown in °${unit}.`);
    await refreshSession();
  });
  return (
    <Stack gap="sm">
      <TemperatureUnitRadio
        label="Show temperatures in"
        value={temperatureUnit}
        onChange={(unit) => {
          if (unit !== temperatureUnit && !save.busy) void save.run(unit);
        }}
      />
      <ErrorAlert error={save.error} />
    </Stack>
  );
}
