import type { LocationSummary } from '../../domain/contract/index';
import { useApiQuery, type QueryState } from '../bridge/use-api-query';

export function useLocations(enabled = true): QueryState<LocationSummary[]> {
  return useApiQuery('locations.list', {}, { enabled, refreshOn: ['locations'] });
}

/** The zone to show a time in: the entry's location's, else this PC's location's, else the PC's. */
export function zoneFor(locations: LocationSummary[] | undefined, locationId?: string | null): string | undefined {
  if (!locations) return undefined;
  const own = locationId ? locations.find((l) => l.id === locationId) : undefined;
  return (own ?? locations.find((l) => l.isThisDevice))?.timeZone;
}

export function locationNames(locations: LocationSummary[] | undefined, ids: string[]): string[] {
  return ids.map((id) => locations?.find((l) => l.id === id)?.name ?? 'Unknown location');
}
