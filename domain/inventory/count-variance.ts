import { valueCents } from './units';

export interface CountedLine {
  itemId: string;
  countedBase: number;
  expectedBase: number;
  unitCostMilliCents: number;
}

export interface Variance {
  itemId: string;
  countedBase: number;
  expectedBase: number;
  /** Counted minus expected: what the count adjustment posts. */
  varianceBase: number;
  varianceCents: number;
}

/** Per counted item, how far the shelf is from the books, in base units and in money. */
export function countVariances(lines: readonly CountedLine[]): Variance[] {
  return lines.map((l) => {
    const varianceBase = l.countedBase - l.expectedBase;
    return { itemId: l.itemId, countedBase: l.countedBase, expectedBase: l.expectedBase, varianceBase, varianceCents: valueCents(varianceBase, l.unitCostMilliCents) };
  });
}
