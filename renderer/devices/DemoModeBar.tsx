import { Alert, Button, Group, Text } from '@mantine/core';
import { DEMO_DEVICES } from '../../domain/contract/devices';
import type { DeviceView } from '../../domain/contract/index';

export type DemoDevice = (typeof DEMO_DEVICES)[number];

/** What each demo device is, in the Devices screen's words; the family tells whether it is plugged in. */
const DEMO_LABELS: Partial<Record<string, { button: string; family: string; logger?: boolean }>> = {
  'elitech-logger': { button: 'Plug in demo logger', family: 'elitech', logger: true },
  'walk-in-thermometer': { button: 'Plug in demo thermometer', family: 'temper' },
  'probe-bus': { button: 'Plug in demo probes', family: 'modbus' },
  'easylog-logger': { button: 'Plug in demo EasyLog logger', family: 'elusb', logger: true },
};

interface DemoModeBarProps {
  devices: DeviceView[];
  canOperate: boolean;
  busy: boolean;
  onPlug(device: DemoDevice): void;
}

/**
 * Says the devices are simulated, and plugs demo devices in the way a person plugs in real ones:
 * the loggers always have their buttons (disabled while they are in); the others only once unplugged.
 */
export function DemoModeBar({ devices, canOperate, busy, onPlug }: DemoModeBarProps) {
  const pluggedIn = (family: string | undefined) => devices.some((d) => d.simulated && d.family === family);
  const loggerIn = pluggedIn('elitech');
  const easylogIn = pluggedIn('elusb');
  const buttons = DEMO_DEVICES.filter((name) => DEMO_LABELS[name]?.logger || !pluggedIn(DEMO_LABELS[name]?.family));
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
            {easylogIn && (
              <Text size="sm" id="demo-easylog-plugged">
                The demo EasyLog logger is plugged in.
              </Text>
            )}
            {buttons.map((name) => {
              const isIn = (name === 'elitech-logger' && loggerIn) || (name === 'easylog-logger' && easylogIn);
              return (
                <Button
                  key={name}
                  variant="default"
                  onClick={() => onPlug(name)}
                  disabled={busy || isIn}
                  aria-describedby={isIn ? (name === 'elitech-logger' ? 'demo-logger-plugged' : 'demo-easylog-plugged') : undefined}
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
