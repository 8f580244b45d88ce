import { Table, Text, VisuallyHidden } from '@mantine/core';
import { ROLE_LABELS, seesAllLocations, type Role } from '../../domain/auth/roles';
import type { LocationSummary, UserSummary } from '../../domain/contract/index';
import { locationNames } from '../locations/use-locations';
import { mayManageUserWithRole } from './role-options';
import { UserActionsMenu, type UserAction } from './UserActionsMenu';
import { StatusBadge } from '../shell/StatusBadge';
import { USER_STATE_WORDS, userState } from './user-status';
import { useTimeFormat } from '../time/time-format';

const STATE_COLOR = { active: 'green', deactivated: 'gray', locked: 'orange' } as const;

interface UsersTableProps {
  users: UserSummary[];
  locations: LocationSummary[] | undefined;
  timeZone: string | undefined;
  /** Null when the viewer may not change users: no actions column. */
  actor: { id: string; role: Role } | null;
  onAction(user: UserSummary, action: UserAction): void;
}

export function UsersTable({ users, locations, timeZone, actor, onAction }: UsersTableProps) {
  const time = useTimeFormat();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover withTableBorder aria-label="Users">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Username</Table.Th>
            <Table.Th scope="col">Role</Table.Th>
            <Table.Th scope="col">Locations</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Two-factor</Table.Th>
            {actor && (
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((user) => {
            const state = userState(user);
            return (
              <Table.Tr key={user.id}>
                <Table.Th scope="row" fw={500}>
                  {user.displayName}
                </Table.Th>
                <Table.Td>{user.username}</Table.Td>
                <Table.Td>{ROLE_LABELS[user.role]}</Table.Td>
                <Table.Td maw={260}>
                  <Text size="sm" truncate="end">
                    {seesAllLocations(user.role) ? 'All locations' : locationNames(locations, user.locationIds).join(', ') || 'None'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <StatusBadge color={STATE_COLOR[state]}>{USER_STATE_WORDS[state]}</StatusBadge>
                  {state === 'locked' && user.lockedUntilMs !== null && (
                    <Text size="xs" c="dimmed" mt={2} style={{ whiteSpace: 'nowrap' }}>
                      until {time.dateTime(user.lockedUntilMs, timeZone)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{user.totpEnabled ? 'On' : 'Off'}</Table.Td>
                {actor && (
                  <Table.Td ta="right">
                    {mayManageUserWithRole(actor.role, user.role) || user.id === actor.id ? (
                      <UserActionsMenu user={user} isSelf={user.id === actor.id} onAction={(action) => onAction(user, action)} />
                    ) : null}
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
