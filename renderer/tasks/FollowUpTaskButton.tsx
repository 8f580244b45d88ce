import { Button } from '@mantine/core';
import { useState } from 'react';
import { useCan } from '../auth/session-store';
import { useLocations } from '../locations/use-locations';
import { notifySuccess } from '../shell/notify';
import { TaskFormModal, type TaskDraft } from './TaskFormModal';

/**
 * "Add a task" for a record on another screen (a corrective action, an item below its reorder
 * point): the task form, filled in from the record, for whoever works on tasks.
 */
export function FollowUpTaskButton({ draft, label, onAdded }: { draft: TaskDraft; label: string; onAdded?(): void }) {
  const canAdd = useCan('tasks.complete');
  const [open, setOpen] = useState(false);
  if (!canAdd) return null;
  return (
    <>
      <Button size="xs" variant="default" onClick={() => setOpen(true)}>
        {label}
      </Button>
      {open && (
        <FollowUpTaskForm
          draft={draft}
          onClose={() => setOpen(false)}
          onAdded={() => {
            setOpen(false);
            onAdded?.();
          }}
        />
      )}
    </>
  );
}

/** Mounted only while open: a table of rows with a button each reads the locations once someone clicks. */
function FollowUpTaskForm({ draft, onClose, onAdded }: { draft: TaskDraft; onClose(): void; onAdded(): void }) {
  const manages = useCan('tasks.manage');
  const locations = useLocations();
  return (
    <TaskFormModal
      opened
      task={null}
      draft={draft}
      manages={manages}
      locations={locations.data ?? []}
      defaultLocationId={draft.locationId}
      onClose={onClose}
      onSaved={(saved) => {
        notifySuccess(`Added “${saved.title}” to the tasks.`);
        onAdded();
      }}
    />
  );
}
