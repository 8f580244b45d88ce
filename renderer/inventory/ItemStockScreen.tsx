import { Anchor, Badge, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { MovementView } from '../../domain/contract/index';
import { useCan, useSession } from '../auth/session-store';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { useApiQuery } from '../bridge/use-api-query';
import { zoneFor } from '../locations/use-locations';
import { ConfirmModal } from '../shell/ConfirmModal';
import { ErrorAlert } from '../shell/ErrorAlert';
import { notifySuccess } from '../shell/notify';
import { useTimeFormat } from '../time/time-format';
import { LocationPicker } from './LocationPicker';
import { MOVEMENT_WORDS } from './movement-words';
import { formatQty } from './quantity';
import { checkSummary } from './ReceivingCheckFields';
import { TakeStockForm } from './TakeStockForm';
import { useStockLocation } from './stock-location';
import { useItems } from './use-catalog';

const PAGE = 50;

export function ItemStockScreen() {
  const { itemId = '' } = useParams();
  const stock = useStockLocation();
  const items = useItems(true);
  const item = items.data?.find((i) => i.id === itemId);
  useDocumentTitle(`${item?.name ?? 'Item'} · OpsFlow`);
  const time = useTimeFormat();
  const canUse = useCan('inventory.record');
  const canReverse = useCan('inventory.manage');
  const locationId = stock.locationId ?? '';
  const enabled = stock.locationId !== null;
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const before = pages.at(-1) ?? null;
  const history = useApiQuery('inventory.history', { locationId, itemId, before, limit: PAGE }, { enabled, refreshOn: ['stock'] });
  const lots = useApiQuery('inventory.lots', { locationId, itemId }, { enabled, refreshOn: ['stock'] });
  const onHand = useApiQuery('inventory.onHand', { locationId }, { enabled, refreshOn: ['stock'] });
  const balance = onHand.data?.find((r) => r.item.id === itemId);
  const checks = useApiQuery('inventory.receivingChecks', { locationId, itemId }, { enabled, refreshOn: ['stock'] });
  const rejected = (checks.data ?? []).filter((c) => c.decision === 'rejected');
  const unit = useSession().user.temperatureUnit;
  const [reversing, setReversing] = useState<MovementView | null>(null);
  const [reason, setReason] = useState('');
  const reverse = useApiAction(async () => {
    await api.invoke('inventory.reverse', { movementId: reversing!.id, reason });
    notifySuccess('Reversed. Both movements stay in the history.');
    setReversing(null);
  });
  const zone = zoneFor(stock.locations, stock.locationId);

  return (
    <Stack gap="md">
      <div>
        <Anchor component={Link} to="/inventory" size="sm">
          ← Inventory
        </Anchor>
        <Title order={1}>{item?.name ?? 'Item'}</Title>
        {item && (
          <Text size="sm" c="dimmed">
            {[item.sku && `SKU ${item.sku}`, item.category, item.storageArea].filter(Boolean).join(' · ')}
          </Text>
        )}
      </div>
      <LocationPicker stock={stock} />
      {item && (
        <Text fw={600} aria-label="On hand">
          On hand: {formatQty(balance?.onHandBase ?? 0, item)}
        </Text>
      )}
      {item && lots.data && lots.data.length > 0 && (
        <Table withTableBorder aria-label="Lots" maw={640}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Lot (first to use first)</Table.Th>
              <Table.Th scope="col">Expires</Table.Th>
              <Table.Th scope="col">On hand</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lots.data.map((l) => (
              <Table.Tr key={l.lot}>
                <Table.Td>{l.lot || 'No lot'}</Table.Td>
                <Table.Td>
                  {l.expiresOn ? time.day(l.expiresOn) : '—'} {l.state === 'expired' && <Badge color="red">Expired</Badge>}
                  {l.state === 'expiringSoon' && <Badge color="yellow">Soon</Badge>}
                </Table.Td>
                <Table.Td>{formatQty(l.onHandBase, item)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {item && canUse && stock.locationId && (
        <>
          <Title order={2} size="h3">
            Use
          </Title>
          <TakeStockForm kind="use" locationId={stock.locationId} items={[item]} fixedItemId={item.id} />
        </>
      )}
      <Title order={2} size="h3">
        History
      </Title>
      <ErrorAlert error={history.error} />
      {item && (
        <Table striped withTableBorder aria-label="Movement history">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">When</Table.Th>
              <Table.Th scope="col">What</Table.Th>
              <Table.Th scope="col">Quantity</Table.Th>
              <Table.Th scope="col">Lot</Table.Th>
              <Table.Th scope="col">By</Table.Th>
              <Table.Th scope="col">Reason / note</Table.Th>
              <Table.Th scope="col">Receiving check</Table.Th>
              {canReverse && <Table.Th scope="col">Correct</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(history.data?.movements ?? []).map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>{time.dateTime(m.atMs, zone)}</Table.Td>
                <Table.Td>
                  {MOVEMENT_WORDS[m.kind]} {m.reversedById && <Badge color="gray">Reversed</Badge>}
                </Table.Td>
                <Table.Td>{`${m.deltaBase > 0 ? '+' : ''}${formatQty(m.deltaBase, item)}`}</Table.Td>
                <Table.Td>{m.lot || '—'}</Table.Td>
                <Table.Td>{m.actorName}</Table.Td>
                <Table.Td>{[m.reason, m.note].filter(Boolean).join(' — ')}</Table.Td>
                <Table.Td>{m.receivingCheck ? checkSummary(m.receivingCheck, unit) : ''}</Table.Td>
                {canReverse && (
                  <Table.Td>
                    {m.kind !== 'reversal' && m.kind !== 'transferIn' && !m.reversedById && (
                      <Button size="compact-xs" variant="subtle" onClick={() => (setReason(''), setReversing(m))}>
                        Reverse
                      </Button>
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group>
        {pages.length > 1 && (
          <Button variant="default" onClick={() => setPages(pages.slice(0, -1))}>
            Newer
          </Button>
        )}
        {history.data?.nextBefore && (
          <Button variant="default" onClick={() => setPages([...pages, history.data!.nextBefore])}>
            Older
          </Button>
        )}
      </Group>
      {item && rejected.length > 0 && (
        <>
          <Title order={2} size="h3">
            Rejected at the door
          </Title>
          <Table withTableBorder aria-label="Rejected deliveries">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">When</Table.Th>
                <Table.Th scope="col">Quantity</Table.Th>
                <Table.Th scope="col">Lot</Table.Th>
                <Table.Th scope="col">By</Table.Th>
                <Table.Th scope="col">Receiving check</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rejected.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>{time.dateTime(c.atMs, zone)}</Table.Td>
                  <Table.Td>{formatQty(c.qtyBase, item)}</Table.Td>
                  <Table.Td>{c.lot || '—'}</Table.Td>
                  <Table.Td>{c.actorName}</Table.Td>
                  <Table.Td>{checkSummary(c, unit)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
      <ConfirmModal
        opened={reversing !== null}
        title="Reverse this movement"
        confirmLabel="Reverse"
        busy={reverse.busy}
        error={reverse.error}
        onConfirm={() => void reverse.run()}
        onClose={() => setReversing(null)}
      >
        <Stack gap="xs">
          <Text size="sm">A reversal posts the opposite movement, linked to this one. Nothing is deleted.</Text>
          <TextInput label="Why" value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-autofocus />
        </Stack>
      </ConfirmModal>
    </Stack>
  );
}
