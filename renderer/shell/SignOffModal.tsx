import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useApiAction } from '../bridge/use-api-action';
import { ErrorAlert } from './ErrorAlert';
import { notifySuccess } from './notify';

/**
 * A supervisor's sign-off of a record (a corrective action, a checklist): an optional note, the
 * engine's refusal in words, and the record locked once signed. `sign` sends the note.
 */
export function SignOffModal({ title, what, children, sign, onClose }: { title: string; what: string; children?: ReactNode; sign(note: string): Promise<unknown>; onClose(): void }) {
  const [note, setNote] = useState('');
  const action = useApiAction(async () => {
    await sign(note);
    notifySuccess(`${what} is signed off and locked.`, 'Signed off');
    onClose();
  });
  return (
    <Modal opened onClose={onClose} title={title}>
      <Stack gap="sm">
        {children}
        <Text size="sm">Once signed, this record is locked: a later correction is kept as an amendment next to it.</Text>
        <TextInput label="Note (optional)" value={note} onChange={(e) => setNote(e.currentTarget.value)} />
        <ErrorAlert error={action.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button loading={action.busy} onClick={() => void action.run()}>
            Sign off
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
