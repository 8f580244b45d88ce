import { ErrorAlert } from '../shell/ErrorAlert';
import { Button, Divider, Group, Modal, NumberInput, Select, Stack, Text, Title } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { MAX_PROBE_ADDRESS, MIN_PROBE_ADDRESS, NO_PROBES, PROBE_MAPS, type DeviceView, type ProbeSetting } from '../../domain/contract/devices';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { ConfirmModal } from '../shell/ConfirmModal';
import { notifySuccess } from '../shell/notify';
import { checkProbeAddress, checkProbeRows, nextFreeAddress, type ProbeRow } from './probe-checks';

const MAP_OPTIONS = PROBE_MAPS.map((map) => ({ value: map, label: map.toUpperCase() }));

interface ProbesModalProps {
  /** The bus being edited; null when the modal is closed. */
  device: DeviceView | null;
  onClose(): void;
  /** After a save or an address change: the list of devices should be read again. */
  onChanged(): void;
}

/**
 * Which probes OpsFlow polls on an RS-485 adapter, and moving a probe to another address. The
 * rows are filled when the modal opens and after each change, not on every devices reload: live
 * readings reload the list often, and that must not wipe what someone is typing.
 */
export function ProbesModal({ device, onClose, onChanged }: ProbesModalProps) {
  const nextKey = useRef(0);
  const [rows, setRows] = useState<ProbeRow[]>([]);
  const [errors, setErrors] = useState<Record<number, string>>({});
  const [current, setCurrent] = useState<ProbeSetting[]>([]);
  const deviceId = device?.id ?? null;

  function fill(probes: readonly ProbeSetting[]) {
    setCurrent([...probes]);
    setRows(probes.map((p) => ({ key: nextKey.current++, address: p.address, map: p.map })));
    setErrors({});
  }

  const save = useApiAction(async (probes: ProbeSetting[]) => {
    const after = await api.invoke('devices.setProbes', { deviceId: deviceId!, probes });
    fill(after.probes ?? probes);
    notifySuccess(`OpsFlow now polls ${probes.length === 1 ? 'one probe' : `${probes.length} probes`} on ${after.label}.`);
    onChanged();
  });

  useEffect(() => {
    if (device) fill(device.probes ?? []);
    save.setError(null);
    // Only when another bus is opened: see the comment above.
  }, [deviceId]);

  function edit(key: number, change: Partial<ProbeRow>) {
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...change } : r)));
    setErrors((e) => {
      if (!(key in e)) return e;
      const next = { ...e };
      delete next[key];
      return next;
    });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = checkProbeRows(rows);
    setErrors(checked.errors);
    if (rows.length === 0) save.setError(NO_PROBES);
    else if (Object.keys(checked.errors).length === 0) void save.run(checked.probes);
  }

  const free = nextFreeAddress(rows);
  const label = device?.label ?? '';

  return (
    <Modal opened={device !== null} onClose={onClose} title={`Probes on ${label}`} size="lg" centered>
      <Stack gap="md">
        <form onSubmit={submit} noValidate aria-label={`Probes polled on ${label}`}>
          <Stack gap="sm">
            <Text size="sm">
              List every probe wired to this adapter by its Modbus address (printed on the probe or set with its software; 1 from the factory).
              OpsFlow asks each one for a reading.
            </Text>
            {rows.map((row, i) => (
              <Group key={row.key} align="flex-start" gap="sm" wrap="nowrap">
                <NumberInput
                  label={`Address of probe ${i + 1}`}
                  min={MIN_PROBE_ADDRESS}
                  max={MAX_PROBE_ADDRESS}
                  allowDecimal={false}
                  allowNegative={false}
                  // Never turn a typed 999 into 247 behind the person's back: refuse it with the range.
                  clampBehavior="none"
                  value={row.address}
                  onChange={(value) => edit(row.key, { address: value })}
                  error={errors[row.key]}
                  w={200}
                />
                <Select
                  label={`Register map of probe ${i + 1}`}
                  data={MAP_OPTIONS}
                  value={row.map}
                  allowDeselect={false}
                  onChange={(value) => value && edit(row.key, { map: value as ProbeRow['map'] })}
                  w={200}
                />
                <Button
                  variant="subtle"
                  color="red"
                  mt={25}
                  aria-label={`Remove probe ${i + 1} (address ${row.address})`}
                  disabled={rows.length === 1}
                  onClick={() => setRows((rs) => rs.filter((r) => r.key !== row.key))}
                >
                  Remove
                </Button>
              </Group>
            ))}
            <ErrorAlert error={save.error} />
            <Group justify="space-between">
              <Button
                variant="default"
                disabled={free === null}
                onClick={() => free !== null && setRows((rs) => [...rs, { key: nextKey.current++, address: free, map: 'xy-md02' }])}
              >
                Add probe
              </Button>
              <Button type="submit" loading={save.busy}>
                Save probes
              </Button>
            </Group>
          </Stack>
        </form>
        <Divider />
        <Stack gap="sm">
          <Title order={3} size="h5">
            Change a probe’s address
          </Title>
          <Text size="sm">
            Writes a new address into the probe itself, for example before wiring a second factory-new probe (also at address 1) to the bus.
            The new address must be free on this bus.
          </Text>
          {current.map((probe) => (
            <AddressChange
              key={probe.address}
              deviceId={deviceId!}
              busLabel={label}
              probe={probe}
              taken={current.map((p) => p.address)}
              onMoved={(after) => {
                fill(after.probes ?? []);
                onChanged();
              }}
            />
          ))}
        </Stack>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

interface AddressChangeProps {
  deviceId: string;
  busLabel: string;
  probe: ProbeSetting;
  taken: number[];
  onMoved(after: DeviceView): void;
}

/** Writing an address goes into the probe's own memory, so it is asked for once more before it is sent. */
function AddressChange({ deviceId, busLabel, probe, taken, onMoved }: AddressChangeProps) {
  const [newAddress, setNewAddress] = useState<number | string>('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const change = useApiAction(async (to: number) => {
    const after = await api.invoke('devices.changeProbeAddress', { deviceId, address: probe.address, newAddress: to });
    setConfirming(null);
    notifySuccess(`The probe at address ${probe.address} now answers at address ${to}.`);
    onMoved(after);
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const message = checkProbeAddress(newAddress, taken);
    setFieldError(message && newAddress === probe.address ? `The probe is at address ${probe.address} already. Choose another address.` : message);
    if (!message) {
      change.setError(null);
      setConfirming(Number(newAddress));
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label={`Change the address of the probe at ${probe.address}`}>
      <Group align="flex-start" gap="sm" wrap="nowrap">
        <NumberInput
          label={`New address for the probe at ${probe.address} (${probe.map.toUpperCase()})`}
          min={MIN_PROBE_ADDRESS}
          max={MAX_PROBE_ADDRESS}
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="none"
          value={newAddress}
          onChange={(value) => {
            setFieldError(null);
            setNewAddress(value);
          }}
          error={fieldError}
          w={320}
        />
        <Button type="submit" variant="default" mt={25} loading={change.busy} aria-label={`Change the address of the probe at ${probe.address}`}>
          Change address
        </Button>
      </Group>
      <ConfirmModal
        opened={confirming !== null}
        title="Write a new address into the probe"
        confirmLabel={`Write address ${confirming ?? ''}`}
        busy={change.busy}
        error={change.error}
        onConfirm={() => confirming !== null && void change.run(confirming)}
        onClose={() => setConfirming(null)}
      >
        {`Write address ${confirming ?? ''} into the probe at address ${probe.address} on ${busLabel}? The probe answers only at the new address afterwards.`}
      </ConfirmModal>
    </form>
  );
}
