import { Alert, Stack, Title } from '@mantine/core';

/** What a screen shows to a session without the permission: plain words, no data. */
export function NoAccess({ title }: { title: string }) {
  return (
    <Stack gap="md">
      <Title order={1}>{title}</Title>
      <Alert color="gray" variant="light" title="No access">
        Your role does not include this screen. Ask your administrator if you need it.
      </Alert>
    </Stack>
  );
}
