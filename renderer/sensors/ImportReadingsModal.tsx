import { Alert, Autocomplete, Button, Checkbox, FileInput, Group, Modal, Select, Stack, Table, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { ReadingsImportView, SensorView } from '../../domain/contract/index';
import type { LocationSummary } from '../../domain/contract/index';
import { MAX_READINGS_FILE_CHARS } from '../../domain/contract/readings';
import { decodeReadingsFile } from '../../domain/readings/import/file-bytes';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { ErrorAlert } from '../shell/ErrorAlert';
import { notifySuccess } from '../shell/notify';
import { useTimeFormat } from '../time/time-format';
import { formatCount, formatTemperature, type TemperatureUnit } from './temperature';

interface ImportReadingsModalProps {
  opened: boolean;
  onClose(): void;
  sensors: readonly SensorView[];
  locations: readonly LocationSummary[] | undefined;
  unit: TemperatureUnit;
}

interface Picked {
  name: string;
  text: string;
}

/**
 * Sensors → "Import readings from a file": pick the file (OpsFlow CSV, ElitechLog or EasyLog export)
 * and the sensor it belongs to, check it (the engine reads it and says what it would store, and
 * which lines it cannot read), then import. Changing anything asks for a new check.
 */
export function ImportReadingsModal({ opened, onClose, sensors, locations, unit }: ImportReadingsModalProps) {
  const [file, setFile] = useState<File | null>(null);
  const [picked, setPicked] = useState<Picked | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [sensorName, setSensorName] = useState('');
  const [sensorError, setSensorError] = useState<string | null>(null);
  const own = locations?.find((l) => l.isThisDevice) ?? locations?.[0];
  const [locationId, setLocationId] = useState<string | null>(null);
  const [skipBad, setSkipBad] = useState(false);
  const [preview, setPreview] = useState<ReadingsImportView | null>(null);
  const time = useTimeFormat();
  const chosenLocation = locationId ?? own?.id ?? null;
  const zone = locations?.find((l) => l.id === chosenLocation)?.timeZone;

  const check = useApiAction(async (input: { text: string; fileName: string; sensorName: string; locationId?: string }) => {
    setPreview(await api.invoke('readings.previewImport', { ...input, skipBad }));
  });
  const save = useApiAction(async (input: { text: string; fileName: string; sensorName: string; locationId?: string }) => {
    const result = await api.invoke('readings.import', { ...input, skipBad });
    notifySuccess(
      `${formatCount(result.added)} new readings for ${result.sensorName}${result.alreadyThere ? `, ${formatCount(result.alreadyThere)} already there` : ''}${result.badLineCount ? `; ${formatCount(result.badLineCount)} bad lines left out` : ''}.`,
      'Readings imported',
    );
    close();
  });

  function reset() {
    setPreview(null);
    check.setError(null);
    save.setError(null);
  }

  function close() {
    setFile(null);
    setPicked(null);
    setFileError(null);
    setSensorName('');
    setSensorError(null);
    setSkipBad(false);
    setLocationId(null);
    reset();
    onClose();
  }

  async function choose(next: File | null) {
    setFile(next);
    setPicked(null);
    setFileError(null);
    reset();
    if (!next) return;
    // Two bytes a character at most (UTF-16): a larger file cannot fit the engine's limit.
    if (next.size > 2 * MAX_READINGS_FILE_CHARS) {
      setFileError('This file is larger than 32 MB. Split it by date, or import it with the opsflow command.');
      return;
    }
    const text = decodeReadingsFile(new Uint8Array(await next.arrayBuffer()));
    setPicked({ name: next.name, text });
    if (!sensorName) setSensorName(next.name.replace(/\.[^.]+$/, ''));
  }

  function request() {
    const name = sensorName.trim();
    setSensorError(name ? null : 'Name the sensor these readings belong to.');
    if (!picked) setFileError('Choose a readings file.');
    if (!picked || !name) return null;
    return { text: picked.text, fileName: picked.name, sensorName: name, ...(chosenLocation ? { locationId: chosenLocation } : {}) };
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const input = request();
    if (!input) return;
    if (preview) void save.run(input);
    else void check.run(input);
  }

  const blocked = preview !== null && preview.badLineCount > 0 && !skipBad;
  const importable = preview !== null && !blocked && preview.readings > 0;
  const names = [...new Set(sensors.filter((s) => s.locationId === chosenLocation).map((s) => s.name))];

  return (
    <Modal opened={opened} onClose={close} title="Import readings from a file" size="lg" centered>
      <form onSubmit={submit} noValidate aria-label="Import readings from a file">
        <Stack gap="sm">
          <Text size="sm">
            OpsFlow reads its own CSV (time, temperature_c or temperature_f, humidity), and the exports of ElitechLog (text) and EasyLog. Readings are
            calibrated and checked like a logger download; readings already stored are not added twice.
          </Text>
          <FileInput label="Readings file" placeholder="Choose a file" value={file} onChange={(f) => void choose(f)} error={fileError} clearable />
          <Autocomplete
            label="Sensor"
            description="An existing sensor by its name, or a new name: the sensor is then created."
            data={names}
            value={sensorName}
            onChange={(v) => {
              setSensorName(v);
              setSensorError(null);
              reset();
            }}
            error={sensorError}
          />
          {locations && locations.length > 1 && (
            <Select
              label="Location"
              data={locations.map((l) => ({ value: l.id, label: l.name }))}
              value={chosenLocation}
              allowDeselect={false}
              onChange={(v) => {
                setLocationId(v);
                reset();
              }}
            />
          )}
          <Checkbox
            label="Skip bad lines (import the good rows, leave the rest out)"
            checked={skipBad}
            onChange={(e) => {
              setSkipBad(e.currentTarget.checked);
              save.setError(null);
            }}
          />
          {preview && <ImportPreview preview={preview} unit={unit} dateTime={(at) => time.dateTime(at, zone)} skipBad={skipBad} />}
          <ErrorAlert error={check.error ?? save.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            {preview ? (
              <Button type="submit" loading={save.busy} disabled={!importable}>
                {`Import ${formatCount(preview.readings)} readings`}
              </Button>
            ) : (
              <Button type="submit" loading={check.busy}>
                Check file
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function ImportPreview({ preview, unit, dateTime, skipBad }: { preview: ReadingsImportView; unit: TemperatureUnit; dateTime(atMs: number): string; skipBad: boolean }) {
  const range =
    preview.firstAtMs !== null && preview.lastAtMs !== null && preview.minCentiC !== null && preview.maxCentiC !== null
      ? ` from ${dateTime(preview.firstAtMs)} to ${dateTime(preview.lastAtMs)}, ${formatTemperature(preview.minCentiC, unit)} to ${formatTemperature(preview.maxCentiC, unit)}`
      : '';
  const logger = preview.loggerModel || preview.loggerSerial ? ` (${[preview.loggerModel, preview.loggerSerial && `S/N ${preview.loggerSerial}`].filter(Boolean).join(', ')})` : '';
  return (
    <Stack gap="xs" role="region" aria-label="What will be imported">
      <Text size="sm">
        {`${preview.formatLabel}${logger}: ${formatCount(preview.readings)} readings${range}.`}
      </Text>
      <Text size="sm">
        {preview.newSensor ? `A new sensor "${preview.sensorName}" will be created.` : `Into the sensor "${preview.sensorName}".`}{' '}
        {`${formatCount(preview.added)} new, ${formatCount(preview.alreadyThere)} already stored.`}
        {preview.withHumidity > 0 ? ` ${formatCount(preview.withHumidity)} with humidity.` : ''}
        {preview.noReadingRows > 0 ? ` ${formatCount(preview.noReadingRows)} rows the logger marks as no reading are left out.` : ''}
      </Text>
      {preview.badLineCount > 0 && (
        <Alert color={skipBad ? 'orange' : 'red'} variant="light" title={`${formatCount(preview.badLineCount)} ${preview.badLineCount === 1 ? 'line' : 'lines'} cannot be read`}>
          <Text size="sm" mb="xs">
            {skipBad ? 'They will be left out.' : 'Nothing is imported while the file has bad lines: correct the file, or skip them.'}
          </Text>
          <Table aria-label="Bad lines" withRowBorders={false}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Line</Table.Th>
                <Table.Th>Problem</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.badLines.map((b) => (
                <Table.Tr key={b.line}>
                  <Table.Td>{b.line}</Table.Td>
                  <Table.Td>{b.reason}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {preview.badLineCount > preview.badLines.length && <Text size="sm">{`… and ${formatCount(preview.badLineCount - preview.badLines.length)} more.`}</Text>}
        </Alert>
      )}
    </Stack>
  );
}
