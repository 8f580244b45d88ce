import { Alert, Button, Center, Fieldset, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState, type FormEvent } from 'react';
import {
  checkNewPassword,
  checkPasswordConfirm,
  checkRequired,
  checkUsername,
} from '../auth/form-checks';
import { useSessionStore } from '../auth/session-store';
import { NewPasswordFields } from '../auth/NewPasswordFields';
import { api } from '../bridge/api';
import { useFormErrors } from '../shell/use-form-errors';
import { useApiAction } from '../bridge/use-api-action';
import { TemperatureUnitRadio } from '../locations/TemperatureUnitRadio';
import { TimeZoneSelect } from '../locations/TimeZoneSelect';
import { browserTimeZone, defaultTemperatureUnit } from '../locations/time-zones';
import { useSetupStatusStore } from './setup-status-store';
import { locationAddress, locationName as locationNameSchema } from '../../domain/contract/locations';
import { organizationName as organizationNameSchema } from '../../domain/contract/setup';
import { displayName as displayNameSchema } from '../../domain/contract/users';
import { refusal } from '../shell/schema-check';

type Field = 'organizationName' | 'locationName' | 'address' | 'displayName' | 'username' | 'password' | 'confirm';

/** First run: the organization, its first location and the first administrator, in one form. */
export function SetupScreen() {
  useDocumentTitle('Set up OpsFlow');
  const [organizationName, setOrganizationName] = useState('');
  const [locationName, setLocationName] = useState('');
  const [address, setAddress] = useState('');
  const [timeZone, setTimeZone] = useState(browserTimeZone);
  const [temperatureUnit, setTemperatureUnit] = useState<'C' | 'F'>(defaultTemperatureUnit);
  const [displayName, setDisplayName] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const { errors, validate, clear, bind } = useFormErrors<Field>();

  const create = useApiAction(async () => {
    const session = await api.invoke('setup.create', {
      organizationName,
      location: { name: locationName, address, timeZone, temperatureUnit },
      admin: { displayName, username, password },
    });
    const status = await api.invoke('setup.status', {});
    useSetupStatusStore.setState({ status });
    useSessionStore.getState().setSession(session);
    window.location.hash = '#/';
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (validate({
      organizationName: checkRequired(organizationName, "the organization's name") ?? refusal(organizationNameSchema, organizationName),
      locationName: checkRequired(locationName, "the location's name") ?? refusal(locationNameSchema, locationName),
      address: refusal(locationAddress, address),
      displayName: checkRequired(displayName, 'your name') ?? refusal(displayNameSchema, displayName),
      username: checkUsername(username),
      password: checkNewPassword(password, username),
      confirm: checkPasswordConfirm(password, confirm),
    })) void create.run();
  }

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="lg" w="100%" maw={760}>
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <div>
              <Title order={1}>Set up OpsFlow</Title>
              <Text size="sm" c="dimmed">
                Welcome. Name your organization and this restaurant, and create the first administrator. You can add more
                locations and people afterwards.
              </Text>
            </div>
            <Fieldset legend="Organization">
              <TextInput
                label="Organization name"
                required
                autoFocus
                value={organizationName}
                {...bind('organizationName', setOrganizationName)}
              />
            </Fieldset>
            <Fieldset legend="First location (this restaurant)">
              <SimpleGrid cols={2} spacing="sm" verticalSpacing="sm">
                <TextInput
                  label="Location name"
                  required
                  value={locationName}
                  {...bind('locationName', setLocationName)}
                />
                <TextInput label="Address" value={address} {...bind('address', setAddress)} />
                <TimeZoneSelect value={timeZone} onChange={setTimeZone} />
                <TemperatureUnitRadio value={temperatureUnit} onChange={setTemperatureUnit} />
              </SimpleGrid>
            </Fieldset>
            <Fieldset legend="First administrator (you)">
              <SimpleGrid cols={2} spacing="sm" verticalSpacing="sm">
                <TextInput
                  label="Your name"
                  required
                  value={displayName}
                  {...bind('displayName', setDisplayName)}
                  autoComplete="name"
                />
                <TextInput
                  label="Username"
                  required
                  value={username}
                  {...bind('username', setUsername)}
                  autoComplete="username"
                  description="Letters, digits, dot, dash, underscore or @."
                />
                <NewPasswordFields
                  labels={{ password: 'Password', confirm: 'Confirm password' }}
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
              </SimpleGrid>
            </Fieldset>
            {create.error && (
              <Alert color="red" variant="light" role="alert" title="The organization was not created">
                {create.error}
              </Alert>
            )}
            <Button type="submit" loading={create.busy} style={{ alignSelf: 'flex-end' }}>
              Create organization
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
