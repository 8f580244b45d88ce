import { Checkbox, Input, ScrollArea, Stack, Text } from '@mantine/core';
import type { LocationSummary } from '../../domain/contract/index';

/** Granted locations as a checkbox group: keyboard- and screen-reader-friendly multi-select. */
export function LocationCheckboxes({
  locations,
  value,
  onChange,
  error,
}: {
  locations: LocationSummary[];
  value: string[];
  onChange(ids: string[]): void;
  error?: string;
}) {
  if (locations.length === 0) {
    return (
      <Input.Wrapper label="Locations">
        <Text size="sm" c="dimmed">
          No locations to grant.
        </Text>
      </Input.Wrapper>
    );
  }
  return (
    <Checkbox.Group label="Locations" description="The restaurants this person works in." value={value} onChange={onChange} error={error}>
      <ScrollArea.Autosize mah={180} type="auto" mt={6}>
        <Stack gap={6}>
          {locations.map((location) => (
            <Checkbox key={location.id} value={location.id} label={location.name} />
          ))}
        </Stack>
      </ScrollArea.Autosize>
    </Checkbox.Group>
  );
}
