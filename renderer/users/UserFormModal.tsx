import { ErrorAlert } from '../shell/ErrorAlert';
import { Button, Group, Modal, NativeSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { ROLE_LABELS, seesAllLocations, type Role } from '../../domain/auth/roles';
import type { LocationSummary, UserSummary } from '../../domain/contract/index';
import { displayName as displayNameSchema } from '../../domain/contract/users';
import {
  checkNewPassword,
  checkPasswordConfirm,
  checkRequired,
  checkUsername,
} from '../auth/form-checks';
import { NewPasswordFields } from '../auth/NewPasswordFields';
import { api } from '../bridge/api';
import { useFormErrors } from '../shell/use-form-errors';
import { refusal } from '../shell/schema-check';
import { useApiAction } from '../bridge/use-api-action';
import { LocationCheckboxes } from './LocationCheckboxes';
import { assignableRoleOptions, ROLE_DESCRIPTIONS } from './role-options';

type Field = 'username' | 'displayName' | 'role' | 'locationIds' | 'password' | 'confirm';

interface UserFormModalProps {
  opened: boolean;
  /** The user to edit; null creates a new one. */
  user: UserSummary | null;
  actorRole: Role;
  actorId: string;
  locations: LocationSummary[];
  onClose(): void;
  onSaved(user: UserSummary): void;
}

export function UserFormModal({ opened, user, actorRole, actorId, locations, onClose, onSaved }: UserFormModalProps) {
  const roleOptions = assignableRoleOptions(actorRole);
  const defaultRole: Role = roleOptions.some((o) => o.value === 'STAFF') ? 'STAFF' : (roleOptions[0]?.value ?? 'STAFF');
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>(defaultRole);
  const [locationIds, setLocationIds] = useState<string[]>([]);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const { errors, validate, clear, reset: resetErrors, bind } = useFormErrors<Field>();
  const editingSelf = user?.id === actorId;

  useEffect(() => {
    if (!opened) return;
    const here = locations.find((l) => l.isThisDevice)?.id;
    setUsername(user?.username ?? '');
    setDisplayName(user?.displayName ?? '');
    setRole(user?.role ?? defaultRole);
    setLocationIds(user ? user.locationIds : here ? [here] : []);
    setPassword('');
    setConfirm('');
    resetErrors();
    // Reset only when the modal opens (or another user is chosen), not on every render.
  }, [opened, user]);

  const save = useApiAction(async () => {
    const grants = seesAllLocations(role) ? [] : locationIds;
    const saved = user
      ? await api.invoke('users.update', {
          userId: user.id,
          displayName,
          ...(editingSelf ? {} : { role: role as Exclude<Role, 'SUPER_ADMIN'> }),
          locationIds: grants,
        })
      : await api.invoke('users.create', {
          username,
          displayName,
          role: role as Exclude<Role, 'SUPER_ADMIN'>,
          locationIds: grants,
          password,
        });
    onSaved(saved);
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (validate({
      username: user ? null : checkUsername(username),
      displayName: checkRequired(displayName, 'a display name') ?? refusal(displayNameSchema, displayName),
      role: roleOptions.some((o) => o.value === role) || editingSelf ? null : 'Choose a role you may assign.',
      locationIds: seesAllLocations(role) || locationIds.length > 0 ? null : 'Grant at least one location.',
      password: user ? null : checkNewPassword(password, username),
      confirm: user ? null : checkPasswordConfirm(password, confirm),
    })) void save.run();
  }

  // Keep the current role visible even when the actor could not assign it (their own, say).
  const options =
    user && !roleOptions.some((o) => o.value === user.role)
      ? [...roleOptions, { value: user.role, label: ROLE_LABELS[user.role] }]
      : roleOptions;

  return (
    <Modal opened={opened} onClose={onClose} title={user ? `Edit ${user.displayName}` : 'Create user'} size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={2} spacing="sm" verticalSpacing="sm">
            <TextInput
              label="Username"
              required={!user}
              value={username}
              {...bind('username', setUsername)}
              readOnly={!!user}
              description={user ? 'A username cannot be changed.' : 'Letters, digits, dot, dash, underscore or @.'}
              autoComplete="off"
              data-autofocus={user ? undefined : true}
            />
            <TextInput
              label="Display name"
              required
              value={displayName}
              {...bind('displayName', setDisplayName)}
              autoComplete="off"
              data-autofocus={user ? true : undefined}
            />
            <NativeSelect
              label="Role"
              required
              value={role}
              onChange={(e) => {
                clear('role');
                setRole(e.currentTarget.value as Role);
              }}
              data={options}
              error={errors.role}
              disabled={editingSelf}
              description={editingSelf ? 'You cannot change your own role.' : ROLE_DESCRIPTIONS[role]}
            />
            <div />
            {!user && (
              <>
                <NewPasswordFields
                  labels={{ password: 'Initial password', confirm: 'Confirm initial password' }}
                  note="Give it to the person; they can change it in My account."
                  username={username}
                  password={password}
                  confirm={confirm}
                  onPassword={(value) => {
                    clear('password');
                    setPassword(value);
                  }}
                  onConfirm={(value) => {
                    clear('confirm');
                    setConfirm(value);
                  }}
                  errors={{ password: errors.password, confirm: errors.confirm }}
                />
              </>
            )}
          </SimpleGrid>
          {seesAllLocations(role) ? (
            <Text size="sm" c="dimmed">
              This role sees every location of the organization.
            </Text>
          ) : (
            <LocationCheckboxes locations={locations} value={locationIds} onChange={setLocationIds} error={errors.locationIds} />
          )}
          <ErrorAlert error={save.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={save.busy}>
              Cancel
            </Button>
            <Button type="submit" loading={save.busy}>
              {user ? 'Save changes' : 'Create user'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
