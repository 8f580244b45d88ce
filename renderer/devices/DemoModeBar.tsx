import { Alert, Button, Group, Text } from '@mantine/core';
import { DEMO_DEVICES } from '../../domain/contract/devices';
import type { DeviceView } from '../../domain/contract/index';

export type DemoDevice = (typeof DEMO_DEVICES)[number];

/** What each demo device is, in the Devices screen's words; the family tells whether it is plugged in. */
const DEMO_LABELS: Partial<Record<string, { button: string; family: string }>> = {
  'elitech-logger': { button: 'Plug in demo logger', family: 'elitech' },
  'walk-in-thermometer': { button: 'Plug in demo thermometer', family: 'temper' },
  'probe-bus': { button: 'Plug in demo probes', family: 'modbus' },
};

interface DemoModeBarProps {
  devices: DeviceView[];
  canOperate: boolean;
  busy: boolean;
  onPlug(device: DemoDevice): void;
}

/**
 * Says the devices are simulated, and plugs demo devices in the way a person plugs in real ones:
 * the logger always has its button (disabled while it is in); the others only once unplugged.
 */
export function DemoModeBar({ devices, canOperate, busy, onPlug }: DemoModeBarProps) {
  const pluggedIn = (family: string | undefined) => devices.some((d) => d.simulated && d.family === family);
  const loggerIn = pluggedIn('elitech');
  const buttons = DEMO_DEVICES.filter((name) => name === 'elitech-logger' || !pluggedIn(DEMO_LABELS[name]?.family));
  return (
    <Alert color="blue" variant="light" title="Demo mode: these devices are simulated" role="note">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text size="sm" maw={720}>
          A TEMPer2 on the walk-in cooler and three Modbus probes report live readings; a data logger can be plugged in and
          downloaded. Turn demo mode off in Settings before connecting real devices.
        </Text>
        {canOperate && (
          <Group gap="xs">
            {loggerIn && (
              <Text size="sm" id="demo-logger-plugged">
                The demo logger is plugged in.
              </Text>
            )}
            {buttons.map((name) => {
              const isLogger = name === 'elitech-logger';
              return (
                <Button
                  key={name}
                  variant="default"
                  onClick={() => onPlug(name)}
                  disabled={busy || (isLogger && loggerIn)}
                  aria-describedby={isLogger && loggerIn ? 'demo-logger-plugged' : undefined}
                >
                  {DEMO_LABELS[name]?.button ?? `Plug in ${name}`}
                </Button>
              );
            })}
          </Group>
        )}
      </Group>
    </Alert>
  );
}
