import { useEffect } from 'react';
import { create } from 'zustand';
import type { LocationSummary } from '../../domain/contract/index';
import { useLocations } from '../locations/use-locations';

/** The restaurant whose stock the inventory screens show: chosen once, kept across them. */
const useChosenLocation = create<{ locationId: string | null; choose(id: string): void }>()((set) => ({
  locationId: null,
  choose: (locationId) => set({ locationId }),
}));

export interface StockLocation {
  locationId: string | null;
  locations: LocationSummary[];
  choose(id: string): void;
}

/** The chosen location, this PC's own until another is picked. */
export function useStockLocation(): StockLocation {
  const locations = useLocations();
  const { locationId, choose } = useChosenLocation();
  const list = locations.data ?? [];
  const valid = locationId !== null && list.some((l) => l.id === locationId);
  const fallback = (list.find((l) => l.isThisDevice) ?? list[0])?.id ?? null;
  useEffect(() => {
    if (!valid && fallback) choose(fallback);
  }, [valid, fallback, choose]);
  return { locationId: valid ? locationId : fallback, locations: list, choose };
}

/** Makes `locationId` the location the inventory screens show (the roll-up opens a location this way). */
export function chooseStockLocation(locationId: string): void {
  useChosenLocation.getState().choose(locationId);
}
