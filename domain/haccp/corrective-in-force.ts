/** What picking the record in force needs of a corrective action row (desktop and hub alike). */
export interface AmendableRecord {
  id: string;
  at_ms: number;
  amends: string | null;
}

/**
 * The record in force among an excursion's records: one nobody amended; if two PCs amended the same
 * record offline, the later of them (then the larger id) so every PC and the hub pick the same one.
 */
export function inForce<R extends AmendableRecord>(records: readonly R[]): R {
  const amended = new Set(records.map((r) => r.amends).filter((a) => a !== null));
  const open = records.filter((r) => !amended.has(r.id));
  const pool = open.length > 0 ? open : records;
  return pool.reduce((a, b) => (b.at_ms > a.at_ms || (b.at_ms === a.at_ms && b.id > a.id) ? b : a));
}
