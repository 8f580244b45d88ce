import { ErrorAlert } from '../shell/ErrorAlert';
import { Button, Group, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { SensorView } from '../../domain/contract/index';
import { calibrationNote } from '../../domain/contract/sensors';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { dayInZone, startOfDayInZone } from '../../domain/time/calendar-days';
import { DateField } from '../time/DateField';
import { useTimeFormat } from '../time/time-format';
import { notifySuccess } from '../shell/notify';
import { useFormErrors } from '../shell/use-form-errors';
import { refusal } from '../shell/schema-check';
import {
  formatCentiCExactly,
  formatTemperatureDelta,
  MAX_OFFSET_CENTI_C,
  offsetLimitText,
  offsetToCentiC,
  parseHundredths,
  type TemperatureUnit,
} from './temperature';

type Field = 'offset' | 'due' | 'note';

interface CalibrationFormProps {
  sensor: SensorView;
  unit: TemperatureUnit;
  timeZone: string | undefined;
  onSaved(): void;
}

/** A year from today: the usual interval for checking a probe against a reference thermometer. */
function aYearFromToday(timeZone: string | undefined): string {
  const today = dayInZone(Date.now(), timeZone);
  return `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`.replace(/-02-29$/, '-02-28');
}

/** The offset is typed in the user's unit as a difference and stored in hundredths of a °C. */
function readOffset(text: string, unit: TemperatureUnit): { centiC: number } | { error: string } {
  if (!text.trim()) return { error: `Enter the offset in °${unit}, e.g. -0.5 (0 when the sensor reads true).` };
  const hundredths = parseHundredths(text);
  if (hundredths === null) return { error: `Enter a number of °${unit} with at most two decimals, e.g. -0.5.` };
  const centiC = offsetToCentiC(hundredths, unit);
  if (Math.abs(centiC) > MAX_OFFSET_CENTI_C) {
    return { error: `An offset can be at most ${offsetLimitText(unit)} either way; a sensor further off needs replacing.` };
  }
  return { centiC };
}

export function CalibrationForm({ sensor, unit, timeZone, onSaved }: CalibrationFormProps) {
  const [offset, setOffset] = useState('');
  const [dueDay, setDueDay] = useState(() => aYearFromToday(timeZone));
  const [note, setNote] = useState('');
  const { errors, validate, clear, bind } = useFormErrors<Field>();
  const time = useTimeFormat();
  const parsed = offset.trim() ? readOffset(offset, unit) : null;

  const save = useApiAction(async (offsetCentiC: number, dueMs: number | null) => {
    await api.invoke('sensors.calibrate', { sensorId: sensor.id, offsetCentiC, dueMs, note: note.trim() });
    notifySuccess(`${sensor.name} now adds ${formatTemperatureDelta(offsetCentiC, unit)} to what it reads.`, 'Calibration saved');
    setOffset('');
    setNote('');
    onSaved();
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const read = readOffset(offset, unit);
    const dueMs = dueDay ? startOfDayInZone(dueDay, timeZone) : null;
    const today = dayInZone(Date.now(), timeZone);
    if (
      validate({
        offset: 'error' in read ? read.error : null,
        due: dueDay && dueMs === null ? `Enter the date as ${time.dayPattern}, or leave it empty.` : dueDay && dueDay <= today ? 'The next calibration must be due after today.' : null,
        note: refusal(calibrationNote, note),
      }) &&
      'centiC' in read
    )
      void save.run(read.centiC, dueMs);
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Record a calibration">
      <Stack gap="sm">
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput
            label={`Offset in °${unit}`}
            required
            value={offset}
            {...bind('offset', setOffset)}
            inputMode="decimal"
            autoComplete="off"
            placeholder="-0.5"
            rightSection={<Text size="sm" c="dimmed" aria-hidden="true">°{unit}</Text>}
            description={
              parsed && 'centiC' in parsed
                ? `Stored as ${formatCentiCExactly(parsed.centiC)}.`
                : `Added to what the sensor reads: if it reads 0.5 °${unit} too warm, enter -0.5.`
            }
            w={300}
          />
          <DateField
            label="Next calibration due"
            value={dueDay}
            onChange={(day) => {
              clear('due');
              setDueDay(day);
            }}
            error={errors.due}
            description="Leave empty if no date is set."
            w={200}
          />
        </Group>
        <Textarea
          label="Note"
          value={note}
          {...bind('note', setNote)}
          autosize
          minRows={2}
          maxRows={5}
          description="How it was checked, e.g. “Ice-point test against reference thermometer #3”."
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          maw={640}
        />
        <ErrorAlert error={save.error} />
        <Group>
          <Button type="submit" loading={save.busy}>
            Save calibration
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
