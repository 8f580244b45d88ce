import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { useApiQuery } from '../bridge/use-api-query';
import { useLocations, zoneFor } from '../locations/use-locations';
import { ErrorAlert } from '../shell/ErrorAlert';
import { toAuditFilter } from './audit-filter-form';
import { AuditFilters } from './AuditFilters';
import { AuditTable } from './AuditTable';
import { ExportCsvButton } from './ExportCsvButton';
import { useAuditPaging } from './use-audit-paging';
import { ChainVerdictAlert, VerifyChainButton, type VerifyOutcome } from './VerifyChain';

const PAGE_SIZE = 50;

export function AuditScreen() {
  useDocumentTitle('Audit log · OpsFlow');
  const paging = useAuditPaging();
  // New entries (this PC's or synced) show up without a click; a busy minute makes one fetch a second.
  const page = useApiQuery('audit.list', { filter: paging.filter, after: paging.cursor, limit: PAGE_SIZE }, { refreshOn: ['audit'], refreshGapMs: 1000 });
  const actors = useApiQuery('audit.actors', {}, { refreshOn: ['users'] });
  const locations = useLocations();
  const [verdict, setVerdict] = useState<VerifyOutcome | null>(null);
  const entries = page.data?.entries ?? [];
  const nextCursor = page.data?.nextCursor ?? null;

  const pager = (
    <Group gap="xs" aria-label="Pages" role="group">
      <Button variant="default" size="xs" onClick={paging.newer} disabled={!paging.hasNewer || page.loading}>
        ← Newer
      </Button>
      <Text size="sm" role="status" aria-live="polite" miw={60} ta="center">
        Page {paging.pageNumber}
      </Text>
      <Button
        variant="default"
        size="xs"
        onClick={() => nextCursor && paging.older(nextCursor)}
        disabled={!nextCursor || page.loading}
      >
        Older →
      </Button>
    </Group>
  );

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Audit log</Title>
        <Group gap="xs">
          <VerifyChainButton onOutcome={setVerdict} />
          <ExportCsvButton filter={paging.filter} />
        </Group>
      </Group>
      <ChainVerdictAlert verdict={verdict} />
      <AuditFilters actors={actors.data ?? []} onApply={(form) => paging.setFilter(toAuditFilter(form, zoneFor(locations.data)))} />
      <ErrorAlert error={page.error} />
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Newest first, {PAGE_SIZE} per page. Times are in each location&apos;s time zone.
        </Text>
        <Group gap="xs">
          <Button variant="subtle" size="xs" onClick={page.reload} loading={page.loading}>
            Refresh
          </Button>
          {pager}
        </Group>
      </Group>
      {page.data && entries.length === 0 ? (
        <Text size="sm" py="md">
          No entries match these filters.
        </Text>
      ) : (
        <AuditTable entries={entries} locations={locations.data} />
      )}
    </Stack>
  );
}
