import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { LowStockRow } from '../../domain/contract/inventory';
import type { TaskView } from '../../domain/contract/tasks';
import { FollowUpTaskButton } from '../tasks/FollowUpTaskButton';

/** The reorder task of an item below its reorder point: the open one, or a button that adds it. */
export function ReorderTaskCell({ row, locationId, order, openTask, onAdded }: { row: LowStockRow; locationId: string; order: string; openTask: TaskView | undefined; onAdded(): void }) {
  if (openTask) {
    return (
      <Text size="sm">
        Task open:{' '}
        <Anchor component={Link} to="/tasks">
          {openTask.title}
        </Anchor>
      </Text>
    );
  }
  return (
    <FollowUpTaskButton
      label="Add reorder task"
      onAdded={onAdded}
      draft={{
        locationId,
        title: `Reorder ${row.itemName}`,
        notes: `Order ${order} to bring it up to par.`,
        type: 'inventory',
        priority: 'high',
        assignee: { role: 'MANAGER' },
        origin: { kind: 'lowStock', ref: row.itemId },
        originWords: `Low stock: ${row.itemName}`,
      }}
    />
  );
}
