import { MAX_PROBE_ADDRESS, MAX_PROBES_PER_BUS, MIN_PROBE_ADDRESS, PROBE_ADDRESS_RANGE, type ProbeSetting } from '../../domain/contract/devices';

/** A probe row being edited: the address is '' while its field is empty. */
export interface ProbeRow {
  key: number;
  address: number | string;
  map: ProbeSetting['map'];
}

/** Why an address cannot be used, as a sentence; null when it can. `others` are the bus's other addresses. */
export function checkProbeAddress(address: number | string, others: readonly (number | string)[]): string | null {
  if (address === '' || typeof address !== 'number') return 'Enter the probe’s address.';
  if (!Number.isInteger(address) || address < MIN_PROBE_ADDRESS || address > MAX_PROBE_ADDRESS) {
    return PROBE_ADDRESS_RANGE;
  }
  if (others.includes(address)) return `Address ${address} is used by another probe on this bus. Each probe needs its own address.`;
  return null;
}

/** Field errors by row key (empty when the list can be saved), and the list to save. */
export function checkProbeRows(rows: readonly ProbeRow[]): { errors: Record<number, string>; probes: ProbeSetting[] } {
  const errors: Record<number, string> = {};
  rows.forEach((row, i) => {
    const earlier = rows.slice(0, i).map((r) => r.address);
    const message = checkProbeAddress(row.address, earlier);
    if (message) errors[row.key] = message;
  });
  return { errors, probes: rows.map((r) => ({ address: Number(r.address), map: r.map })) };
}

/** The lowest address no row uses, for a new row; null when the bus is full. */
export function nextFreeAddress(rows: readonly ProbeRow[]): number | null {
  if (rows.length >= MAX_PROBES_PER_BUS) return null;
  for (let a = MIN_PROBE_ADDRESS; a <= MAX_PROBE_ADDRESS; a++) if (!rows.some((r) => r.address === a)) return a;
  return null;
}
