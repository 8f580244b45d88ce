import { Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { CountSheetLine } from '../../domain/contract/index';
import { useCan } from '../auth/session-store';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { useApiQuery } from '../bridge/use-api-query';
import { ErrorAlert } from '../shell/ErrorAlert';
import { notifySuccess } from '../shell/notify';
import { COUNT_STATUS_WORDS } from './CountsScreen';
import { PackQtyInput } from './PackQtyInput';
import { PrintCountSheet } from './PrintCountSheet';
import { formatCents, formatQty, parseQty } from './quantity';
import { ApiError } from '../bridge/api-error';

export function CountSheetScreen() {
  const { countId = '' } = useParams();
  useDocumentTitle('Count sheet · OpsFlow');
  const sheet = useApiQuery('inventory.countSheet', { countId }, { refreshOn: ['stockCounts', 'stock'] });
  const canCount = useCan('inventory.record');
  const canApprove = useCan('inventory.manage');
  const data = sheet.data;
  const submit = useApiAction(async () => {
    await api.invoke('inventory.submitCount', { countId });
    notifySuccess('Count handed in for approval.');
  });
  const approve = useApiAction(async () => {
    const done = await api.invoke('inventory.approveCount', { countId });
    notifySuccess(`Count approved: variance ${formatCents(done.varianceCents ?? 0)} posted.`);
  });
  const discard = useApiAction(async () => {
    await api.invoke('inventory.discardCount', { countId });
  });

  return (
    <Stack gap="md">
      <div>
        <Anchor component={Link} to="/inventory/counts" size="sm">
          ← Counts
        </Anchor>
        <Title order={1}>Count sheet</Title>
        {data && (
          <Group gap="xs">
            <Text size="sm">{data.storageArea || 'Every storage area'}</Text>
            <Badge>{COUNT_STATUS_WORDS[data.status]}</Badge>
            {data.blind && <Badge color="gray">Blind</Badge>}
          </Group>
        )}
      </div>
      <ErrorAlert error={sheet.error} />
      {data && <PrintCountSheet countId={countId} />}
      {data && (
        <Table withTableBorder aria-label="Count sheet">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Item</Table.Th>
              <Table.Th scope="col">Counted</Table.Th>
              {data.varianceCents !== null && (
                <>
                  <Table.Th scope="col">Expected</Table.Th>
                  <Table.Th scope="col">Variance</Table.Th>
                  <Table.Th scope="col">Value</Table.Th>
                </>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.lines.map((line) => (
              <Table.Tr key={line.itemId}>
                <Table.Td>{line.itemName}</Table.Td>
                <Table.Td>{data.status === 'open' && canCount ? <CountEntry countId={countId} line={line} /> : line.counted ? formatQty(line.counted.countedBase, line) : '—'}</Table.Td>
                {data.varianceCents !== null && (
                  <>
                    <Table.Td>{line.expectedBase === null ? '—' : formatQty(line.expectedBase, line)}</Table.Td>
                    <Table.Td>{line.varianceBase === null ? '—' : `${line.varianceBase > 0 ? '+' : ''}${formatQty(line.varianceBase, line)}`}</Table.Td>
                    <Table.Td>{line.varianceCents === null ? '—' : formatCents(line.varianceCents)}</Table.Td>
                  </>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {data && data.varianceCents !== null && <Text fw={600}>Total variance: {formatCents(data.varianceCents)}</Text>}
      <ErrorAlert error={submit.error ?? approve.error ?? discard.error} />
      <Group>
        {data?.status === 'open' && canCount && (
          <Button onClick={() => void submit.run()} loading={submit.busy}>
            Hand in count
          </Button>
        )}
        {data?.status === 'submitted' && canApprove && (
          <Button onClick={() => void approve.run()} loading={approve.busy}>
            Approve and post
          </Button>
        )}
        {(data?.status === 'open' || data?.status === 'submitted') && canApprove && (
          <Button variant="default" color="red" onClick={() => void discard.run()} loading={discard.busy}>
            Discard
          </Button>
        )}
      </Group>
    </Stack>
  );
}

/** One item's count, in any pack; saved as it is entered, so a count survives a closed window. */
function CountEntry({ countId, line }: { countId: string; line: CountSheetLine }) {
  const [packName, setPackName] = useState(line.counted?.packName ?? line.packs[0]?.name ?? line.baseUnit);
  const [qty, setQty] = useState(line.counted ? String(line.counted.packQty) : '');
  useEffect(() => {
    if (line.counted) {
      setPackName(line.counted.packName);
      setQty(String(line.counted.packQty));
    }
  }, [line.counted?.packName, line.counted?.packQty]);
  const save = useApiAction(async () => {
    const amount = parseQty(qty);
    if (amount === null) throw new ApiError('BAD_INPUT', 'Enter the count as a number.');
    await api.invoke('inventory.enterCount', { countId, itemId: line.itemId, packName, qty: amount });
  });
  const item = { id: line.itemId, baseUnit: line.baseUnit, packs: line.packs } as Parameters<typeof PackQtyInput>[0]['item'];
  return (
    <Stack gap={4}>
      <Group align="flex-end" gap="xs" role="group" aria-label={`Count of ${line.itemName}`}>
        <PackQtyInput item={item} packName={packName} qty={qty} onPackName={setPackName} onQty={setQty} qtyLabel="Counted" />
        <Button size="sm" variant="light" onClick={() => void save.run()} loading={save.busy}>
          Save
        </Button>
        {line.counted && <Text size="xs">= {formatQty(line.counted.countedBase, line)}</Text>}
      </Group>
      <ErrorAlert error={save.error} />
    </Stack>
  );
}
