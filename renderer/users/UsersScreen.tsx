import { Button, Checkbox, Group, Pagination, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifySuccess } from '../shell/notify';
import { useMemo, useState } from 'react';
import type { UserSummary } from '../../domain/contract/index';
import { useCan, useSession } from '../auth/session-store';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { useApiQuery } from '../bridge/use-api-query';
import { useLocations, zoneFor } from '../locations/use-locations';
import { ConfirmModal } from '../shell/ConfirmModal';
import { ErrorAlert } from '../shell/ErrorAlert';
import { ResetPasswordModal } from './ResetPasswordModal';
import type { UserAction } from './UserActionsMenu';
import { UserFormModal } from './UserFormModal';
import { UsersTable } from './UsersTable';
import { useTimeFormat } from '../time/time-format';

const PAGE_SIZE = 100;

type ConfirmedAction = 'deactivate' | 'reactivate' | 'resetTotp' | 'unlock';
type Confirming = { user: UserSummary; action: ConfirmedAction } | null;

/** What each confirmed action asks, and says once done. */
function confirmation(action: ConfirmedAction, name: string, lockedUntil: string) {
  return {
    deactivate: {
      title: `Deactivate ${name}?`,
      confirmLabel: 'Deactivate',
      body: 'They will no longer be able to sign in. Nothing is deleted: their name stays on the records they signed, and you can reactivate them later.',
      done: `${name} was deactivated and can no longer sign in.`,
    },
    reactivate: {
      title: `Reactivate ${name}?`,
      confirmLabel: 'Reactivate',
      body: 'They will be able to sign in again with their current password.',
      done: `${name} was reactivated.`,
    },
    unlock: {
      title: `Unlock ${name}?`,
      confirmLabel: 'Unlock',
      body: `Too many wrong passwords locked ${name} out until ${lockedUntil}. Unlocking lets them try again now; their password and two-factor stay as they are.`,
      done: `${name} can sign in again.`,
    },
    resetTotp: {
      title: `Reset two-factor for ${name}?`,
      confirmLabel: 'Reset two-factor',
      body: 'This turns off their two-factor sign-in (for a lost phone): they sign in with their password alone until they set it up again in My account.',
      done: `Two-factor sign-in was turned off for ${name}.`,
    },
  }[action];
}

export function UsersScreen() {
  useDocumentTitle('Users · OpsFlow');
  const session = useSession();
  const canManage = useCan('users.manage');
  const [includeInactive, setIncludeInactive] = useState(true);
  const users = useApiQuery('users.list', { includeInactive }, { refreshOn: ['users'] });
  const locations = useLocations();
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<UserSummary | null | undefined>(undefined);
  const [resetting, setResetting] = useState<UserSummary | null>(null);
  const [confirming, setConfirming] = useState<Confirming>(null);

  const filtered = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const all = users.data ?? [];
    if (!needle) return all;
    return all.filter((u) => u.displayName.toLowerCase().includes(needle) || u.username.includes(needle));
  }, [users.data, search]);
  const pageCount = Math.max(1, Math.ceil(filtered.length / PAGE_SIZE));
  const shown = filtered.slice((Math.min(page, pageCount) - 1) * PAGE_SIZE, Math.min(page, pageCount) * PAGE_SIZE);

  const time = useTimeFormat();
  const timeZone = zoneFor(locations.data);
  const asked = confirming && confirmation(confirming.action, confirming.user.displayName, time.dateTime(confirming.user.lockedUntilMs ?? 0, timeZone));

  const confirmAction = useApiAction(async (c: NonNullable<Confirming>) => {
    if (c.action === 'resetTotp') await api.invoke('users.resetTotp', { userId: c.user.id });
    else if (c.action === 'unlock') await api.invoke('users.unlock', { userId: c.user.id });
    else await api.invoke('users.setActive', { userId: c.user.id, active: c.action === 'reactivate' });
    notifySuccess(confirmation(c.action, c.user.displayName, '').done);
    setConfirming(null);
    users.reload();
  });

  function onAction(user: UserSummary, action: UserAction) {
    if (action === 'edit') setEditing(user);
    else if (action === 'resetPassword') setResetting(user);
    else {
      confirmAction.setError(null);
      setConfirming({ user, action });
    }
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Users</Title>
        {canManage && <Button onClick={() => setEditing(null)}>Create user</Button>}
      </Group>
      <Group gap="md" align="flex-end">
        <TextInput
          label="Search users"
          placeholder="Name or username"
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setPage(1);
          }}
          w={280}
        />
        <Checkbox
          label="Show deactivated users"
          checked={includeInactive}
          onChange={(e) => setIncludeInactive(e.currentTarget.checked)}
          mb={8}
        />
        <Text size="sm" c="dimmed" mb={8} role="status">
          {users.data ? `${filtered.length} of ${users.data.length} ${users.data.length === 1 ? 'user' : 'users'}` : users.loading ? 'Loading…' : ''}
        </Text>
      </Group>
      <ErrorAlert error={users.error} />
      {users.data && (
        <UsersTable
          users={shown}
          locations={locations.data}
          timeZone={timeZone}
          actor={canManage ? { id: session.user.id, role: session.user.role } : null}
          onAction={onAction}
        />
      )}
      {pageCount > 1 && <Pagination total={pageCount} value={page} onChange={setPage} aria-label="Pages of users" />}

      {canManage && (
        <UserFormModal
          opened={editing !== undefined}
          user={editing ?? null}
          actorRole={session.user.role}
          actorId={session.user.id}
          locations={locations.data ?? []}
          onClose={() => setEditing(undefined)}
          onSaved={(saved) => {
            notifySuccess(editing ? `Saved the changes to ${saved.displayName}.` : `Created ${saved.displayName} (${saved.username}).`);
            setEditing(undefined);
            users.reload();
          }}
        />
      )}
      <ResetPasswordModal
        user={resetting}
        onClose={() => setResetting(null)}
        onDone={() => {
          notifySuccess(`The password of ${resetting?.displayName ?? 'the user'} was reset.`);
          setResetting(null);
          users.reload();
        }}
      />
      <ConfirmModal
        opened={confirming !== null}
        title={asked?.title ?? ''}
        confirmLabel={asked?.confirmLabel ?? ''}
        danger={confirming?.action === 'deactivate'}
        busy={confirmAction.busy}
        error={confirmAction.error}
        onConfirm={() => confirming && void confirmAction.run(confirming)}
        onClose={() => setConfirming(null)}
      >
        {asked?.body ?? ''}
      </ConfirmModal>
    </Stack>
  );
}
