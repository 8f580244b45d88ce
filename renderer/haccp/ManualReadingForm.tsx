import { Button, Group, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { UnitView } from '../../domain/contract/index';
import { manualTempCentiC } from '../../domain/contract/haccp';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { notifyFailure, notifySuccess } from '../shell/notify';
import { refusal } from '../shell/schema-check';
import { formatTemperature, type TemperatureUnit } from '../sensors/temperature';
import { limitText, typedToCentiC } from './unit-temperature';

/** A probe reading typed in by hand (haccp.record): stored as a reading with source "manual" and judged at once. */
export function ManualReadingForm({ unit, temperatureUnit }: { unit: UnitView; temperatureUnit: TemperatureUnit }) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const record = useApiAction(async (tempCentiC: number) => {
    const result = await api.invoke('haccp.recordReading', { unitId: unit.id, tempCentiC });
    setText('');
    const said = `${formatTemperature(tempCentiC, temperatureUnit)} recorded for ${unit.name}`;
    if (result.inRange) notifySuccess(`${said}: in range.`);
    else notifyFailure('Out of range', `${said}: the limit is ${limitText(unit.limitKind, result.limitCentiC, temperatureUnit)}.`);
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const centiC = typedToCentiC(text, temperatureUnit);
    const refused = centiC === null ? `Type the probe's temperature in °${temperatureUnit}.` : refusal(manualTempCentiC, centiC);
    setProblem(refused);
    if (!refused && centiC !== null) void record.run(centiC);
  }

  return (
    <form onSubmit={submit} noValidate aria-label={`Probe reading for ${unit.name}`}>
      <Group gap="xs" align="flex-start" wrap="nowrap">
        <TextInput
          size="xs"
          w={130}
          label={`Probe reading (°${temperatureUnit})`}
          value={text}
          onChange={(e) => {
            setProblem(null);
            setText(e.currentTarget.value);
          }}
          error={problem ?? record.error}
        />
        <Button size="xs" type="submit" mt={22} loading={record.busy}>
          Record
        </Button>
      </Group>
    </form>
  );
}
