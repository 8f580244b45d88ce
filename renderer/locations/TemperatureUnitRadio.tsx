import { Group, Radio } from '@mantine/core';

export function TemperatureUnitRadio({
  value,
  onChange,
  label = 'Temperature unit',
}: {
  value: 'C' | 'F';
  onChange(unit: 'C' | 'F'): void;
  label?: string;
}) {
  return (
    <Radio.Group label={label} value={value} onChange={(v) => onChange(v === 'F' ? 'F' : 'C')}>
      <Group gap="lg" mt={4}>
        <Radio value="C" label="Celsius (°C)" />
        <Radio value="F" label="Fahrenheit (°F)" />
      </Group>
    </Radio.Group>
  );
}
