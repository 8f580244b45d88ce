import { Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { mayChangeOrganizationSettings } from '../../domain/contract/settings';
import { useCan, useSession } from '../auth/session-store';
import { BackupSection } from '../backup/BackupSection';
import { DeviceSettingsForm } from '../devices/DeviceSettingsForm';
import { useApiQuery } from '../bridge/use-api-query';
import { LocationsSection } from '../locations/LocationsSection';
import { useLocations, zoneFor } from '../locations/use-locations';
import { ErrorAlert } from '../shell/ErrorAlert';
import { SecuritySettingsForm } from './SecuritySettingsForm';
import { RetentionSettingsForm } from '../report/RetentionSettingsForm';
import { HubSection } from '../sync/HubSection';

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Title order={2} id={id} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

export function SettingsScreen() {
  useDocumentTitle('Settings · OpsFlow');
  const canEdit = useCan('settings.manage');
  // The sign-in rules hold for every location: a location manager sees them but cannot change them.
  const canEditRules = canEdit && mayChangeOrganizationSettings(useSession().user.role);
  const canBackup = useCan('backup.manage');
  const settings = useApiQuery('settings.get', {}, { refreshOn: ['settings'] });
  const locations = useLocations();

  return (
    <Stack gap="md" maw={1100}>
      <div>
        <Title order={1}>Settings</Title>
        {!canEdit && (
          <Text size="sm" c="dimmed">
            You can see these settings; changing them needs an administrator or location manager.
          </Text>
        )}
      </div>
      <ErrorAlert error={settings.error} />
      {settings.data && (
        <Section id="settings-security" title="Sign-in and security">
          <SecuritySettingsForm settings={settings.data} canEdit={canEditRules} onSaved={settings.reload} />
        </Section>
      )}
      {settings.data && (
        <Section id="settings-retention" title="Record retention">
          <RetentionSettingsForm settings={settings.data} canEdit={canEditRules} onSaved={settings.reload} />
        </Section>
      )}
      {settings.data && (
        <Section id="settings-devices" title="Devices">
          <DeviceSettingsForm settings={settings.data} canEdit={canEdit} onSaved={settings.reload} />
        </Section>
      )}
      <Section id="settings-locations" title="Locations">
        <LocationsSection />
      </Section>
      {canBackup && settings.data && (
        <Section id="settings-backups" title="Backups">
          <BackupSection settings={settings.data} onSettingsSaved={settings.reload} timeZone={zoneFor(locations.data)} />
        </Section>
      )}
      <Section id="settings-hub" title="Connect to hub">
        <HubSection timeZone={zoneFor(locations.data)} />
      </Section>
    </Stack>
  );
}
