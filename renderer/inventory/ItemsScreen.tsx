import { Alert, Badge, Button, FileButton, Group, List, Stack, Table } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import type { CsvImportResult, ItemView } from '../../domain/contract/index';
import { useCan } from '../auth/session-store';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { ErrorAlert } from '../shell/ErrorAlert';
import { notifySuccess } from '../shell/notify';
import { CatalogScreenHeader } from './CatalogLayout';
import { ItemFormModal } from './ItemFormModal';
import { costPerDisplayUnit, formatQty } from './quantity';
import { useItems, useSuppliers } from './use-catalog';

export function ItemsScreen() {
  useDocumentTitle('Items · OpsFlow');
  const items = useItems(true);
  const suppliers = useSuppliers(true);
  const canEdit = useCan('inventory.manage');
  const [editing, setEditing] = useState<ItemView | null | undefined>(undefined);
  const [pending, setPending] = useState<{ csv: string; result: CsvImportResult } | null>(null);
  const supplierName = new Map((suppliers.data ?? []).map((s) => [s.id, s.name]));

  const exportCsv = useApiAction(async () => {
    const { csv } = await api.invoke('inventory.exportCatalog', {});
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'opsflow-catalog.csv';
    a.click();
    URL.revokeObjectURL(url);
  });
  const importCsv = useApiAction(async (csv: string, importCleanRows: boolean) => {
    const result = await api.invoke('inventory.importCatalog', { csv, importCleanRows });
    if (result.imported) {
      notifySuccess(`Imported the catalog: ${result.created} new, ${result.updated} updated${result.errors.length ? `, ${result.errors.length} bad row(s) left out` : ''}.`);
      setPending(null);
    } else setPending({ csv, result });
  });

  return (
    <Stack gap="md">
      <CatalogScreenHeader title="Items" purpose="The organization’s catalog: every restaurant stocks from it.">
        <Button variant="default" onClick={() => void exportCsv.run()} loading={exportCsv.busy}>
          Export CSV
        </Button>
        {canEdit && (
          <>
            <FileButton accept=".csv,text/csv" onChange={(file) => file && void file.text().then((text) => importCsv.run(text, false))}>
              {(props) => (
                <Button variant="default" {...props} loading={importCsv.busy}>
                  Import CSV
                </Button>
              )}
            </FileButton>
            <Button onClick={() => setEditing(null)}>Add item</Button>
          </>
        )}
      </CatalogScreenHeader>
      <ErrorAlert error={items.error ?? exportCsv.error ?? importCsv.error} />
      {pending && (
        <Alert color="orange" title="Nothing was imported: some rows need fixing" role="alert">
          <List size="sm">
            {pending.result.errors.map((e) => (
              <List.Item key={e.line}>{e.message}</List.Item>
            ))}
          </List>
          <Group mt="sm">
            <Button size="xs" onClick={() => void importCsv.run(pending.csv, true)}>
              Import the clean rows only
            </Button>
            <Button size="xs" variant="default" onClick={() => setPending(null)}>
              Cancel
            </Button>
          </Group>
        </Alert>
      )}
      <Table.ScrollContainer minWidth={900}>
        <Table striped withTableBorder aria-label="Items">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">SKU</Table.Th>
              <Table.Th scope="col">Category</Table.Th>
              <Table.Th scope="col">Storage</Table.Th>
              <Table.Th scope="col">Packs</Table.Th>
              <Table.Th scope="col">Par / reorder</Table.Th>
              <Table.Th scope="col">Cost</Table.Th>
              <Table.Th scope="col">Supplier</Table.Th>
              <Table.Th scope="col" />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(items.data ?? []).map((item) => (
              <Table.Tr key={item.id}>
                <Table.Td>
                  {item.name} {item.perishable && <Badge size="xs">Perishable</Badge>} {item.tcs && <Badge size="xs" color="red">TCS</Badge>}
                  {!item.active && <Badge size="xs" color="gray">Not in use</Badge>}
                </Table.Td>
                <Table.Td>{item.sku}</Table.Td>
                <Table.Td>{item.category}</Table.Td>
                <Table.Td>{item.storageArea}</Table.Td>
                <Table.Td>{item.packs.map((p) => `${p.name} (${p.baseQty} ${item.baseUnit})`).join(', ') || item.baseUnit}</Table.Td>
                <Table.Td>
                  {formatQty(item.parBase, item)} / {formatQty(item.reorderPointBase, item)}
                </Table.Td>
                <Table.Td>{costPerDisplayUnit(item)}</Table.Td>
                <Table.Td>{item.supplierId ? supplierName.get(item.supplierId) : ''}</Table.Td>
                <Table.Td>
                  {canEdit && (
                    <Button size="compact-sm" variant="subtle" onClick={() => setEditing(item)} aria-label={`Edit ${item.name}`}>
                      Edit
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ItemFormModal
        opened={editing !== undefined}
        item={editing ?? null}
        suppliers={suppliers.data ?? []}
        onClose={() => setEditing(undefined)}
        onSaved={(saved) => {
          notifySuccess(`Saved ${saved.name}.`);
          setEditing(undefined);
        }}
      />
    </Stack>
  );
}
