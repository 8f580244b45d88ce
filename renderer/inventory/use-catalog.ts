import type { ItemView, SupplierView } from '../../domain/contract/index';
import { useApiQuery, type QueryState } from '../bridge/use-api-query';

export function useItems(includeInactive = false): QueryState<ItemView[]> {
  return useApiQuery('inventory.items', { includeInactive }, { refreshOn: ['inventoryItems'] });
}

export function useSuppliers(includeInactive = false): QueryState<SupplierView[]> {
  return useApiQuery('inventory.suppliers', { includeInactive }, { refreshOn: ['inventoryItems'] });
}
