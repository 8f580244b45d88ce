import { Button, Group, Modal, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { UnitView } from '../../domain/contract/index';
import { alarmDelayMin, unitLimitCentiC, unitName } from '../../domain/contract/haccp';
import { DEFAULT_LIMITS, UNIT_TYPE_LABELS, UNIT_TYPES, type UnitType } from '../../domain/haccp/limits';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { ErrorAlert } from '../shell/ErrorAlert';
import { notifySuccess } from '../shell/notify';
import { refusal } from '../shell/schema-check';
import { useFormErrors } from '../shell/use-form-errors';
import type { TemperatureUnit } from '../sensors/temperature';
import { centiCToUnit } from '../sensors/temperature';
import { limitText, typedToCentiC } from './unit-temperature';

type Field = 'name' | 'limit' | 'delay';

/** Adds a unit, or changes one's name, critical limit and alarm delay (haccp.manageLimits). */
export function UnitFormModal({ unit, opened, onClose, temperatureUnit }: { unit: UnitView | null; opened: boolean; onClose(): void; temperatureUnit: TemperatureUnit }) {
  const [name, setName] = useState(unit?.name ?? '');
  const [type, setType] = useState<UnitType>(unit?.type ?? 'walk-in-cooler');
  const [limit, setLimit] = useState(unit && !unit.defaultLimit ? String(Math.round(centiCToUnit(unit.limitCentiC, temperatureUnit) * 10) / 10) : '');
  const [delay, setDelay] = useState<number | string>(unit?.alarmDelayMin ?? 30);
  const { errors, validate, clear, bind } = useFormErrors<Field>();
  const fallback = DEFAULT_LIMITS[type];

  const save = useApiAction(async (limitCentiC: number | null) => {
    if (unit) await api.invoke('haccp.updateUnit', { unitId: unit.id, name: name.trim(), limitCentiC, alarmDelayMin: Number(delay) });
    else await api.invoke('haccp.addUnit', { name: name.trim(), type, limitCentiC, alarmDelayMin: Number(delay) });
    notifySuccess(unit ? `Saved ${name.trim()}.` : `Added ${name.trim()}.`);
    onClose();
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const limitCentiC = limit.trim() === '' ? null : typedToCentiC(limit, temperatureUnit);
    const limitProblem = limit.trim() !== '' && limitCentiC === null ? `Type a temperature in °${temperatureUnit}, or leave it empty for the Food Code default.` : refusal(unitLimitCentiC, limitCentiC);
    if (validate({ name: refusal(unitName, name), limit: limitProblem, delay: refusal(alarmDelayMin, delay === '' ? NaN : Number(delay)) })) void save.run(limitCentiC);
  }

  return (
    <Modal opened={opened} onClose={onClose} title={unit ? `Change ${unit.name}` : 'Add a monitored unit'}>
      <form onSubmit={submit} noValidate aria-label={unit ? 'Change unit' : 'Add unit'}>
        <Stack gap="sm">
          <TextInput label="Name" value={name} {...bind('name', setName)} required />
          {!unit && (
            <Select
              label="Type"
              data={UNIT_TYPES.map((t) => ({ value: t, label: UNIT_TYPE_LABELS[t] }))}
              value={type}
              onChange={(v) => v && setType(v as UnitType)}
              allowDeselect={false}
            />
          )}
          <TextInput
            label={`Critical limit (°${temperatureUnit})`}
            description={`Empty: the FDA Food Code default, ${limitText(fallback.kind, fallback.limitCentiC, temperatureUnit)}. A reading exactly at the limit is in range.`}
            value={limit}
            {...bind('limit', setLimit)}
          />
          <NumberInput
            label="Alarm delay (minutes)"
            description="How long out of range before the alarm: door openings and defrost cycles page nobody. Every reading is still recorded."
            value={delay}
            onChange={(v) => {
              clear('delay');
              setDelay(v);
            }}
            allowDecimal={false}
            error={errors.delay}
          />
          <ErrorAlert error={save.error} />
          <Text size="xs" c="dimmed">
            Readings already stored keep the verdict they were given; a new limit applies from now on.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.busy}>
              {unit ? 'Save' : 'Add unit'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
