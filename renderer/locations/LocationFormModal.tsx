import { ErrorAlert } from '../shell/ErrorAlert';
import { Button, Group, Modal, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import type { LocationSummary } from '../../domain/contract/index';
import { locationAddress, locationName } from '../../domain/contract/locations';
import { checkRequired } from '../auth/form-checks';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { refusal } from '../shell/schema-check';
import { useFormErrors } from '../shell/use-form-errors';
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
  const { validate, reset: resetErrors, bind } = useFormErrors<'name' | 'address'>();

  useEffect(() => {
    if (!opened) return;
    setName(location?.name ?? '');
    setAddress(location?.address ?? '');
    setTimeZone(location?.timeZone ?? browserTimeZone());
    setTemperatureUnit(location?.temperatureUnit ?? defaultTemperatureUnit());
    resetErrors();
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
    if (
      validate({
        name: checkRequired(name, "the location's name") ?? refusal(locationName, name),
        address: refusal(locationAddress, address),
      })
    )
      void save.run();
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
              {...bind('name', setName)}
            />
            <TextInput label="Address" value={address} {...bind('address', setAddress)} />
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
