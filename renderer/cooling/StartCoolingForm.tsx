import { Button, Group, NativeSelect, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { ProcessKind } from '../../domain/haccp/cooling';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { useApiQuery } from '../bridge/use-api-query';
import { ErrorAlert } from '../shell/ErrorAlert';
import { notifySuccess } from '../shell/notify';
import { formatTemperature, type TemperatureUnit } from '../sensors/temperature';
import { readTemperature } from '../checklists/temperature-entry';
import { readTakenAt } from './taken-at';

export type ReadingInput = { tempCentiC: number; atMs: number } | { sensorId: string; atMs: number };

/** A probe reading typed in (temperature and when), or a sensor's latest stored reading. */
export function ReadingFields({ unit, timeZone, onRead, submitLabel, busy, extra }: {
  unit: TemperatureUnit;
  timeZone: string | undefined;
  onRead(reading: ReadingInput): void;
  submitLabel: string;
  busy: boolean;
  extra?: { valid(): boolean };
}) {
  const sensors = useApiQuery('sensors.list', {}, { refreshOn: ['sensors', 'readings'] });
  const [temp, setTemp] = useState('');
  const [takenAt, setTakenAt] = useState('');
  const [sensorId, setSensorId] = useState('');
  const [errors, setErrors] = useState<{ temp?: string; takenAt?: string }>({});
  const withReadings = (sensors.data ?? []).filter((s) => s.active && s.lastReading);
  const sensor = withReadings.find((s) => s.id === sensorId);

  function submit(event: FormEvent) {
    event.preventDefault();
    const ok = extra ? extra.valid() : true;
    if (sensor?.lastReading) {
      if (ok) onRead({ sensorId: sensor.id, atMs: sensor.lastReading.atMs });
      return;
    }
    const read = readTemperature(temp, unit);
    const atMs = readTakenAt(takenAt, timeZone, Date.now());
    setErrors({ temp: 'error' in read ? read.error : undefined, takenAt: atMs === null ? 'Enter the date and time it was taken, or leave it empty for now.' : undefined });
    if (ok && 'centiC' in read && atMs !== null) onRead({ tempCentiC: read.centiC, atMs });
  }

  return (
    <form onSubmit={submit} noValidate aria-label={submitLabel}>
      <Group align="flex-start" gap="sm" wrap="wrap">
        {withReadings.length > 0 && (
          <NativeSelect
            label="Reading from"
            value={sensorId}
            onChange={(e) => setSensorId(e.currentTarget.value)}
            data={[{ value: '', label: 'A probe, typed in' }, ...withReadings.map((s) => ({ value: s.id, label: `${s.name}: ${formatTemperature(s.lastReading!.tempCentiC, unit)} (latest)` }))]}
          />
        )}
        {!sensor && (
          <>
            <TextInput
              label={`Temperature (°${unit})`}
              value={temp}
              onChange={(e) => setTemp(e.currentTarget.value)}
              inputMode="decimal"
              autoComplete="off"
              error={errors.temp}
              w={160}
            />
            <TextInput label="Taken at" type="datetime-local" value={takenAt} onChange={(e) => setTakenAt(e.currentTarget.value)} error={errors.takenAt} description="Empty: now" />
          </>
        )}
        <Button type="submit" loading={busy} mt={24}>
          {submitLabel}
        </Button>
      </Group>
    </form>
  );
}

/** Starts a cooling or reheating log with its first reading, which starts the clock. */
export function StartCoolingForm({ unit, timeZone, onStarted }: { unit: TemperatureUnit; timeZone: string | undefined; onStarted(): void }) {
  const [food, setFood] = useState('');
  const [process, setProcess] = useState<ProcessKind>('cooling');
  const [foodError, setFoodError] = useState<string | null>(null);
  const start = useApiAction(async (first: ReadingInput) => {
    await api.invoke('cooling.start', { process, food, first });
    notifySuccess(`The ${process} log for ${food.trim()} is running.`, 'Log started');
    setFood('');
    onStarted();
  });
  return (
    <Stack gap="xs">
      <Group align="flex-end" gap="sm">
        <TextInput label="Food" required value={food} onChange={(e) => setFood(e.currentTarget.value)} error={foodError} w={280} placeholder="Chicken stock" />
        <SegmentedControl
          aria-label="Process"
          value={process}
          onChange={(v) => setProcess(v as ProcessKind)}
          data={[
            { value: 'cooling', label: 'Cooling' },
            { value: 'reheating', label: 'Reheating' },
          ]}
        />
      </Group>
      <Text size="sm" c="dimmed">
        {process === 'cooling'
          ? 'Cooling starts at 135 °F (57.2 °C) or above: 70 °F within 2 hours, 41 °F within 6 hours in total (Food Code 3-501.14).'
          : 'Reheating for hot holding: 165 °F (73.9 °C) within 2 hours (Food Code 3-403.11).'}
      </Text>
      <ReadingFields
        unit={unit}
        timeZone={timeZone}
        busy={start.busy}
        submitLabel="Start log"
        extra={{
          valid: () => {
            const missing = food.trim() ? null : 'Name the food.';
            setFoodError(missing);
            return missing === null;
          },
        }}
        onRead={(first) => void start.run(first)}
      />
      <ErrorAlert error={start.error} />
    </Stack>
  );
}
