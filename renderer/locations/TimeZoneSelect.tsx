import { NativeSelect } from '@mantine/core';
import { useMemo } from 'react';
import { timeZoneChoices } from './time-zones';

/** A native select: typing a few letters jumps through 400 zones, and it works with any screen reader. */
export function TimeZoneSelect({ value, onChange, error }: { value: string; onChange(zone: string): void; error?: string }) {
  const zones = useMemo(() => timeZoneChoices(value), [value]);
  return (
    <NativeSelect
      label="Time zone"
      required
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      data={zones}
      error={error}
    />
  );
}
