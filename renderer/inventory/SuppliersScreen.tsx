import { Badge, Button, Checkbox, Stack, Table, TextInput } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import type { SupplierView } from '../../domain/contract/index';
import { useCan } from '../auth/session-store';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { ErrorAlert } from '../shell/ErrorAlert';
import { notifySuccess } from '../shell/notify';
import { CatalogFormModal, CatalogScreenHeader } from './CatalogLayout';
import { useSuppliers } from './use-catalog';

export function SuppliersScreen() {
  useDocumentTitle('Suppliers · OpsFlow');
  const suppliers = useSuppliers(true);
  const canEdit = useCan('inventory.manage');
  const [editing, setEditing] = useState<SupplierView | null | undefined>(undefined);
  return (
    <Stack gap="md">
      <CatalogScreenHeader title="Suppliers" purpose="Who delivers what, for deliveries and reorders.">
        {canEdit && <Button onClick={() => setEditing(null)}>Add supplier</Button>}
      </CatalogScreenHeader>
      <ErrorAlert error={suppliers.error} />
      <Table striped withTableBorder aria-label="Suppliers">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Contact</Table.Th>
            <Table.Th scope="col">Phone</Table.Th>
            <Table.Th scope="col">Email</Table.Th>
            <Table.Th scope="col" />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(suppliers.data ?? []).map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>
                {s.name} {!s.active && <Badge size="xs" color="gray">Not in use</Badge>}
              </Table.Td>
              <Table.Td>{s.contact}</Table.Td>
              <Table.Td>{s.phone}</Table.Td>
              <Table.Td>{s.email}</Table.Td>
              <Table.Td>
                {canEdit && (
                  <Button size="compact-sm" variant="subtle" onClick={() => setEditing(s)} aria-label={`Edit ${s.name}`}>
                    Edit
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <SupplierFormModal opened={editing !== undefined} supplier={editing ?? null} onClose={() => setEditing(undefined)} />
    </Stack>
  );
}

function SupplierFormModal({ opened, supplier, onClose }: { opened: boolean; supplier: SupplierView | null; onClose(): void }) {
  const [f, setF] = useState({ name: '', contact: '', phone: '', email: '', active: true });
  useEffect(() => {
    if (opened) setF({ name: supplier?.name ?? '', contact: supplier?.contact ?? '', phone: supplier?.phone ?? '', email: supplier?.email ?? '', active: supplier?.active ?? true });
  }, [opened, supplier]);
  const save = useApiAction(async () => {
    const saved = await api.invoke('inventory.saveSupplier', { supplierId: supplier?.id ?? null, fields: f });
    notifySuccess(`Saved ${saved.name}.`);
    onClose();
  });
  return (
    <CatalogFormModal opened={opened} title={supplier ? `Edit ${supplier.name}` : 'Add supplier'} save={save} submitLabel="Save supplier" onClose={onClose}>
      <TextInput label="Name" required data-autofocus value={f.name} onChange={(e) => setF({ ...f, name: e.currentTarget.value })} />
      <TextInput label="Contact" value={f.contact} onChange={(e) => setF({ ...f, contact: e.currentTarget.value })} />
      <TextInput label="Phone" value={f.phone} onChange={(e) => setF({ ...f, phone: e.currentTarget.value })} />
      <TextInput label="Email" value={f.email} onChange={(e) => setF({ ...f, email: e.currentTarget.value })} />
      <Checkbox label="In use" checked={f.active} onChange={(e) => setF({ ...f, active: e.currentTarget.checked })} />
    </CatalogFormModal>
  );
}
