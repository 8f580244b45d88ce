import { OpsFlowError } from '../errors';

/** Stock is counted in whole base units, so sums never drift (ARCHITECTURE.md, Data on the desktop). */
export const BASE_UNITS = ['g', 'ml', 'each'] as const;
export type BaseUnit = (typeof BASE_UNITS)[number];

/** A way the item is bought or counted: "case (6 × 1 kg)" holds 6,000 g. */
export interface PackSize {
  name: string;
  /** How many base units one pack holds. */
  baseQty: number;
}

/** Every pack the item can be entered in: the base unit itself first, then its packs. */
export function packChoices(baseUnit: BaseUnit, packs: readonly PackSize[]): PackSize[] {
  return [{ name: baseUnit, baseQty: 1 }, ...packs];
}

/**
 * `qty` packs in base units. A quantity that is not a whole number of base units (1.0005 kg in
 * grams) is refused with a sentence, never rounded: a count must mean what the person typed.
 */
export function toBaseQty(qty: number, pack: PackSize): number {
  const exact = qty * pack.baseQty;
  const rounded = Math.round(exact);
  if (!Number.isFinite(exact) || Math.abs(exact - rounded) > 1e-6 * Math.max(1, Math.abs(exact))) {
    throw new OpsFlowError('BAD_INPUT', `${qty} × ${pack.name} is not a whole number of base units; enter it in a smaller pack.`);
  }
  if (!Number.isSafeInteger(rounded)) throw new OpsFlowError('BAD_INPUT', 'That quantity is too large.');
  return rounded;
}

/** The pack of that name among the item's choices, or a sentence saying which exist. */
export function findPack(baseUnit: BaseUnit, packs: readonly PackSize[], name: string): PackSize {
  const choices = packChoices(baseUnit, packs);
  const pack = choices.find((p) => p.name === name);
  if (!pack) throw new OpsFlowError('BAD_INPUT', `"${name}" is not a pack size of this item (it has ${choices.map((p) => p.name).join(', ')}).`);
  return pack;
}

/** "2 case (6 × 1 kg) + 500 g": a base quantity in the largest packs that fit, for people. */
export function describeQty(baseQty: number, baseUnit: BaseUnit, packs: readonly PackSize[]): string {
  if (baseQty === 0) return `0 ${baseUnit}`;
  const sign = baseQty < 0 ? '-' : '';
  let rest = Math.abs(baseQty);
  const parts: string[] = [];
  for (const pack of [...packs].sort((a, b) => b.baseQty - a.baseQty)) {
    if (pack.baseQty <= 1) continue;
    const n = Math.floor(rest / pack.baseQty);
    if (n > 0) {
      parts.push(`${n} ${pack.name}`);
      rest -= n * pack.baseQty;
    }
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest} ${baseUnit}`);
  return sign + parts.join(' + ');
}

/**
 * The value of a quantity in cents. Costs are kept per base unit in thousandths of a cent (flour at
 * $0.80/kg is 80 per gram), so the product is exact and only the shown total is rounded.
 */
export function valueCents(baseQty: number, unitCostMilliCents: number): number {
  return Math.round((baseQty * unitCostMilliCents) / 1000);
}
