import { Select, type ComboboxItem, type OptionsFilter } from '@mantine/core';
import { useMemo } from 'react';
import { timeZoneChoices } from './time-zones';

/** "America/New_York" as typed: "new york", "york", "america new". */
const words = (text: string) => text.toLowerCase().replace(/[_/]/g, ' ').split(/\s+/).filter(Boolean);

/** Every word typed appears in the zone's name, in any order. */
const zoneFilter: OptionsFilter = ({ options, search }) => {
  const wanted = words(search);
  return (options as ComboboxItem[]).filter((option) => {
    const name = words(option.label).join(' ');
    return wanted.every((w) => name.includes(w));
  });
};

/** About 400 zones: typing a city's name ("chicago", "new york") narrows the list. */
export function TimeZoneSelect({ value, onChange, error }: { value: string; onChange(zone: string): void; error?: string }) {
  const zones = useMemo(() => timeZoneChoices(value), [value]);
  return (
    <Select
      label="Time zone"
      description="Type a city to find its zone."
      withAsterisk
      searchable
      allowDeselect={false}
      value={value}
      onChange={(zone) => zone && onChange(zone)}
      data={zones}
      filter={zoneFilter}
      nothingFoundMessage="No time zone by that name; try the nearest large city."
      maxDropdownHeight={280}
      error={error}
    />
  );
}
