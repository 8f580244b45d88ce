import { Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { notifySuccess } from '../shell/notify';
import { useState } from 'react';
import type { LocationSummary } from '../../domain/contract/index';
import { useCan } from '../auth/session-store';
import { ErrorAlert } from '../shell/ErrorAlert';
import { LocationFormModal } from './LocationFormModal';
import { useLocations } from './use-locations';

export function LocationsSection() {
  const canManage = useCan('locations.manage');
  const locations = useLocations();
  const [editing, setEditing] = useState<LocationSummary | null | undefined>(undefined);

  return (
    <Stack gap="sm">
      {canManage && (
        <Group>
          <Button variant="default" onClick={() => setEditing(null)}>
            Add location
          </Button>
        </Group>
      )}
      <ErrorAlert error={locations.error} />
      {locations.data && locations.data.length === 0 && <Text size="sm">No locations yet.</Text>}
      {locations.data && locations.data.length > 0 && (
        <Table striped withTableBorder aria-label="Locations">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">Address</Table.Th>
              <Table.Th scope="col">Time zone</Table.Th>
              <Table.Th scope="col">Unit</Table.Th>
              {canManage && (
                <Table.Th scope="col" ta="right">
                  Change
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {locations.data.map((location) => (
              <Table.Tr key={location.id}>
                <Table.Th scope="row" fw={500}>
                  <Group gap="xs">
                    {location.name}
                    {location.isThisDevice && (
                      <Badge variant="light" size="sm" tt="none">
                        This PC
                      </Badge>
                    )}
                  </Group>
                </Table.Th>
                <Table.Td>{location.address || '—'}</Table.Td>
                <Table.Td>{location.timeZone}</Table.Td>
                <Table.Td>°{location.temperatureUnit}</Table.Td>
                {canManage && (
                  <Table.Td ta="right">
                    <Button variant="default" size="xs" aria-label={`Edit ${location.name}`} onClick={() => setEditing(location)}>
                      Edit
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canManage && (
        <LocationFormModal
          opened={editing !== undefined}
          location={editing ?? null}
          onClose={() => setEditing(undefined)}
          onSaved={(saved) => {
            notifySuccess(`Saved ${saved.name}.`);
            setEditing(undefined);
            locations.reload();
          }}
        />
      )}
    </Stack>
  );
}
