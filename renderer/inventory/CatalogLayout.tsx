import { Button, Group, Modal, Stack, Text, Title, type ModalProps } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import type { ApiAction } from '../bridge/use-api-action';
import { ErrorAlert } from '../shell/ErrorAlert';

/** The head of a catalog screen (Items, Suppliers): its title, what it is for, and its buttons. */
export function CatalogScreenHeader({ title, purpose, children }: { title: string; purpose: string; children?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-end">
      <div>
        <Title order={1}>{title}</Title>
        <Text size="sm" c="dimmed">
          {purpose}
        </Text>
      </div>
      <Group>{children}</Group>
    </Group>
  );
}

interface CatalogFormModalProps {
  opened: boolean;
  title: string;
  size?: ModalProps['size'];
  /** The save: its sentence shows above the buttons when it fails, and the modal stays open. */
  save: ApiAction<[], unknown>;
  submitLabel: string;
  onClose(): void;
  children: ReactNode;
}

/** A catalog record's form in a modal: the fields, the save's error, Cancel and Save. */
export function CatalogFormModal({ opened, title, size, save, submitLabel, onClose, children }: CatalogFormModalProps) {
  function submit(event: FormEvent) {
    event.preventDefault();
    void save.run();
  }
  return (
    <Modal opened={opened} onClose={onClose} title={title} size={size} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {children}
          <ErrorAlert error={save.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={save.busy}>
              Cancel
            </Button>
            <Button type="submit" loading={save.busy}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
