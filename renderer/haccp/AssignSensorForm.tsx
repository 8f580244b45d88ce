import { Button, Group, Select } from '@mantine/core';
import { useState } from 'react';
import type { SensorView, UnitView } from '../../domain/contract/index';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { ErrorAlert } from '../shell/ErrorAlert';
import { notifySuccess } from '../shell/notify';

/** Makes a sensor at the unit's location watch it (sensors.manage): its readings from now on are judged against the unit's limit. */
export function AssignSensorForm({ unit, sensors }: { unit: UnitView; sensors: SensorView[] }) {
  const candidates = sensors.filter((s) => s.active && s.locationId === unit.locationId && !unit.sensors.some((w) => w.id === s.id));
  const [sensorId, setSensorId] = useState<string | null>(null);
  const assign = useApiAction(async (id: string) => {
    await api.invoke('haccp.assignSensor', { sensorId: id, unitId: unit.id });
    notifySuccess(`${sensors.find((s) => s.id === id)?.name ?? 'The sensor'} now watches ${unit.name}.`);
    setSensorId(null);
  });
  if (candidates.length === 0) return null;
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <Select
        size="xs"
        label={`Sensor for ${unit.name}`}
        placeholder="Choose a sensor"
        data={candidates.map((s) => ({ value: s.id, label: s.name }))}
        value={sensorId}
        onChange={setSensorId}
        w={200}
      />
      <Button size="xs" variant="light" disabled={!sensorId} loading={assign.busy} onClick={() => sensorId && void assign.run(sensorId)}>
        Assign
      </Button>
      <ErrorAlert error={assign.error} />
    </Group>
  );
}
