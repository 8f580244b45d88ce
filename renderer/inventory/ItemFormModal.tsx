import { Checkbox, Group, NativeSelect, SimpleGrid, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ItemView, SupplierView } from '../../domain/contract/index';
import { parsePacks } from '../../domain/inventory/catalog-csv';
import { BASE_UNITS, type BaseUnit } from '../../domain/inventory/units';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { ApiError } from '../bridge/api-error';
import { CatalogFormModal } from './CatalogLayout';

interface ItemFormModalProps {
  opened: boolean;
  /** Null adds a new item. */
  item: ItemView | null;
  suppliers: SupplierView[];
  onClose(): void;
  onSaved(item: ItemView): void;
}

/** kg, L or each: how people price stock. */
export function costUnit(baseUnit: BaseUnit): string {
  return baseUnit === 'g' ? 'kg' : baseUnit === 'ml' ? 'L' : 'each';
}
const perCostUnit = (baseUnit: BaseUnit) => (baseUnit === 'each' ? 1 : 1000);

function whole(text: string, what: string): number {
  if (!/^\d+$/.test(text.trim())) throw new ApiError('BAD_INPUT', `${what} is a whole number of base units.`);
  return Number(text.trim());
}

export function ItemFormModal({ opened, item, suppliers, onClose, onSaved }: ItemFormModalProps) {
  const [f, setF] = useState({ name: '', sku: '', category: '', storageArea: '', baseUnit: 'g' as BaseUnit, packs: '', par: '0', reorder: '0', cost: '0', supplierId: '', perishable: false, shelfLife: '', tcs: false, active: true });
  const set = (fields: Partial<typeof f>) => setF((old) => ({ ...old, ...fields }));
  useEffect(() => {
    if (!opened) return;
    setF({
      name: item?.name ?? '',
      sku: item?.sku ?? '',
      category: item?.category ?? '',
      storageArea: item?.storageArea ?? '',
      baseUnit: item?.baseUnit ?? 'g',
      packs: item?.packs.map((p) => `${p.name}=${p.baseQty}`).join(';') ?? '',
      par: String(item?.parBase ?? 0),
      reorder: String(item?.reorderPointBase ?? 0),
      cost: item ? String((item.unitCostMilliCents * perCostUnit(item.baseUnit)) / 100_000) : '0',
      supplierId: item?.supplierId ?? '',
      perishable: item?.perishable ?? false,
      shelfLife: item?.shelfLifeDays ? String(item.shelfLifeDays) : '',
      tcs: item?.tcs ?? false,
      active: item?.active ?? true,
    });
  }, [opened, item]);

  const save = useApiAction(async () => {
    let packs;
    try {
      packs = parsePacks(f.packs);
    } catch (err) {
      throw new ApiError('BAD_INPUT', `Pack sizes: ${(err as Error).message}.`);
    }
    const dollars = Number(f.cost.replace(',', '.'));
    if (!Number.isFinite(dollars) || dollars < 0) throw new ApiError('BAD_INPUT', `The cost per ${costUnit(f.baseUnit)} is an amount in dollars.`);
    const fields = {
      name: f.name,
      sku: f.sku,
      category: f.category,
      storageArea: f.storageArea,
      baseUnit: f.baseUnit,
      packs,
      parBase: whole(f.par, 'The par level'),
      reorderPointBase: whole(f.reorder, 'The reorder point'),
      unitCostMilliCents: Math.round((dollars * 100_000) / perCostUnit(f.baseUnit)),
      supplierId: f.supplierId || null,
      perishable: f.perishable,
      shelfLifeDays: f.shelfLife.trim() ? whole(f.shelfLife, 'The shelf life') : null,
      tcs: f.tcs,
      active: f.active,
    };
    onSaved(await api.invoke('inventory.saveItem', { itemId: item?.id ?? null, fields }));
  });

  return (
    <CatalogFormModal opened={opened} title={item ? `Edit ${item.name}` : 'Add item'} size="xl" save={save} submitLabel="Save item" onClose={onClose}>
      <SimpleGrid cols={3} spacing="sm">
        <TextInput label="Name" required data-autofocus value={f.name} onChange={(e) => set({ name: e.currentTarget.value })} />
        <TextInput label="SKU" value={f.sku} onChange={(e) => set({ sku: e.currentTarget.value })} />
        <TextInput label="Category" value={f.category} onChange={(e) => set({ category: e.currentTarget.value })} />
        <TextInput label="Storage area" value={f.storageArea} onChange={(e) => set({ storageArea: e.currentTarget.value })} />
        <NativeSelect label="Base unit" value={f.baseUnit} onChange={(e) => set({ baseUnit: e.currentTarget.value as BaseUnit })} data={[...BASE_UNITS]} />
        <TextInput label="Pack sizes" description="name=base units; e.g. case=6000;L=1000" value={f.packs} onChange={(e) => set({ packs: e.currentTarget.value })} />
        <TextInput label={`Par level (${f.baseUnit})`} value={f.par} onChange={(e) => set({ par: e.currentTarget.value })} />
        <TextInput label={`Reorder point (${f.baseUnit})`} value={f.reorder} onChange={(e) => set({ reorder: e.currentTarget.value })} />
        <TextInput label={`Cost per ${costUnit(f.baseUnit)} ($)`} value={f.cost} onChange={(e) => set({ cost: e.currentTarget.value })} />
        <NativeSelect label="Supplier" value={f.supplierId} onChange={(e) => set({ supplierId: e.currentTarget.value })} data={[{ value: '', label: 'None' }, ...suppliers.map((s) => ({ value: s.id, label: s.name }))]} />
        <TextInput label="Shelf life (days)" value={f.shelfLife} onChange={(e) => set({ shelfLife: e.currentTarget.value })} />
      </SimpleGrid>
      <Group>
        <Checkbox label="Perishable (lots and expiry)" checked={f.perishable} onChange={(e) => set({ perishable: e.currentTarget.checked })} />
        <Checkbox label="TCS (receiving temperature check)" checked={f.tcs} onChange={(e) => set({ tcs: e.currentTarget.checked })} />
        <Checkbox label="In use" checked={f.active} onChange={(e) => set({ active: e.currentTarget.checked })} />
      </Group>
    </CatalogFormModal>
  );
}
