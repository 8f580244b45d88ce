import { ErrorAlert } from '../shell/ErrorAlert';
import { Button, Group, Modal, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import type { LocationSummary } from '../../domain/contract/index';
import { checkRequired } from '../auth/form-checks';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { TemperatureUnitRadio } from './TemperatureUnitRadio';
import { TimeZoneSelect } from './TimeZoneSelect';
import { browserTimeZone, defaultTemperatureUnit } from './time-zones';

interface LocationFormModalProps {
  opened: boolean;
  /** Null adds a new location. */
  location: LocationSummary | null;
  onClose(): void;
  onSaved(location: LocationSummary): void;
}

export function LocationFormModal({ opened, location, onClose, onSaved }: LocationFormModalProps) {
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [timeZone, setTimeZone] = useState(browserTimeZone);
  const [temperatureUnit, setTemperatureUnit] = useState<'C' | 'F'>(defaultTemperatureUnit);
  const [nameError, setNameError] = useState<string | null>(null);

  useEffect(() => {
    if (!opened) return;
    setName(location?.name ?? '');
    setAddress(location?.address ?? '');
    setTimeZone(location?.timeZone ?? browserTimeZone());
    setTemperatureUnit(location?.temperatureUnit ?? defaultTemperatureUnit());
    setNameError(null);
  }, [opened, location]);

  const save = useApiAction(async () => {
    const fields = { name, address, timeZone, temperatureUnit };
    const saved = location
      ? await api.invoke('locations.update', { locationId: location.id, ...fields })
      : await api.invoke('locations.create', fields);
    onSaved(saved);
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const problem = checkRequired(name, "the location's name");
    setNameError(problem);
    if (!problem) void save.run();
  }

  return (
    <Modal opened={opened} onClose={onClose} title={location ? `Edit ${location.name}` : 'Add location'} size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={2} spacing="sm" verticalSpacing="sm">
            <TextInput
              label="Location name"
              required
              data-autofocus
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={nameError}
              maxLength={120}
            />
            <TextInput label="Address" value={address} onChange={(e) => setAddress(e.currentTarget.value)} maxLength={300} />
            <TimeZoneSelect value={timeZone} onChange={setTimeZone} />
            <TemperatureUnitRadio value={temperatureUnit} onChange={setTemperatureUnit} />
          </SimpleGrid>
          <ErrorAlert error={save.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={save.busy}>
              Cancel
            </Button>
            <Button type="submit" loading={save.busy}>
              Save location
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
