import type { PackSize } from './units';

/**
 * Below the reorder point, order back up to par, in whole purchase packs (the largest pack the
 * item has, as suppliers sell by the case); with no packs, in base units.
 */
export function suggestedOrder(onHandBase: number, reorderPointBase: number, parBase: number, packs: readonly PackSize[]): { packName: string | null; packs: number; baseQty: number } | null {
  if (onHandBase >= reorderPointBase || parBase <= onHandBase) return null;
  const shortBase = parBase - onHandBase;
  const pack = [...packs].sort((a, b) => b.baseQty - a.baseQty)[0];
  if (!pack) return { packName: null, packs: shortBase, baseQty: shortBase };
  const n = Math.ceil(shortBase / pack.baseQty);
  return { packName: pack.name, packs: n, baseQty: n * pack.baseQty };
}
