import { ErrorAlert } from '../shell/ErrorAlert';
import { Button, Group, NumberInput, Stack, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import type { SensorView } from '../../domain/contract/index';
import { sensorIntervalS, sensorName, sensorUnitLabel } from '../../domain/contract/sensors';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { notifySuccess } from '../shell/notify';
import { useFormErrors } from '../shell/use-form-errors';
import { refusal } from '../shell/schema-check';
import { arrivesInBatches } from './sensor-kind';

type Field = 'name' | 'unitLabel' | 'interval';

/** Name, what the sensor watches, and how often a live sensor is polled (sensors.manage). */
export function SensorSettingsForm({ sensor, onSaved }: { sensor: SensorView; onSaved(): void }) {
  const [name, setName] = useState(sensor.name);
  const [unitLabel, setUnitLabel] = useState(sensor.unitLabel);
  const [intervalS, setIntervalS] = useState<number | string>(sensor.intervalS);
  const { errors, validate, clear, bind } = useFormErrors<Field>();
  // A logger records on its own schedule, set when it is restarted; only live sensors are polled.
  const polled = !arrivesInBatches(sensor);

  useEffect(() => {
    setName(sensor.name);
    setUnitLabel(sensor.unitLabel);
    setIntervalS(sensor.intervalS);
  }, [sensor.id, sensor.name, sensor.unitLabel, sensor.intervalS]);

  const save = useApiAction(async (interval: number) => {
    await api.invoke('sensors.update', {
      sensorId: sensor.id,
      name: name.trim(),
      unitLabel: unitLabel.trim(),
      ...(polled ? { intervalS: interval } : {}),
    });
    notifySuccess(`Saved the settings of ${name.trim()}.`);
    onSaved();
  });

  const retire = useApiAction(async () => {
    await api.invoke('sensors.update', { sensorId: sensor.id, active: !sensor.active });
    notifySuccess(sensor.active ? `${sensor.name} is retired: it no longer shows on Home and in the sensor list.` : `${sensor.name} is in use again.`);
    onSaved();
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (
      validate({
        name: refusal(sensorName, name),
        unitLabel: refusal(sensorUnitLabel, unitLabel),
        interval: polled ? refusal(sensorIntervalS, intervalS) : null,
      })
    )
      void save.run(Number(intervalS));
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Sensor settings">
      <Stack gap="sm">
        <Group align="flex-start" gap="sm" grow preventGrowOverflow={false}>
          <TextInput
            label="Name"
            required
            value={name}
            {...bind('name', setName)}
            description="What staff call it, e.g. “Walk-in cooler, top shelf”."
          />
          <TextInput
            label="What it watches"
            value={unitLabel}
            {...bind('unitLabel', setUnitLabel)}
            description="The cooler, freezer or hot holding unit it sits in."
          />
          {polled && (
            <NumberInput
              label="Poll every (seconds)"
              min={5}
              max={86_400}
              clampBehavior="none"
              allowDecimal={false}
              allowNegative={false}
              value={intervalS}
              onChange={(value) => {
                clear('interval');
                setIntervalS(value);
              }}
              error={errors.interval}
              description="How often OpsFlow asks for a reading; 60 is usual."
            />
          )}
        </Group>
        <ErrorAlert error={save.error ?? retire.error} />
        <Group>
          <Button type="submit" variant="default" loading={save.busy}>
            Save sensor settings
          </Button>
          <Button variant="subtle" color={sensor.active ? 'red' : undefined} loading={retire.busy} onClick={() => void retire.run()}>
            {sensor.active ? 'Retire sensor' : 'Bring sensor back into use'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
