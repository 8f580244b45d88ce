import type { ItemView } from '../../domain/contract/index';
import { describeQty, packChoices } from '../../domain/inventory/units';

/** "2 case + 500 ml": a base quantity in the item's packs. */
export function formatQty(baseQty: number, item: Pick<ItemView, 'baseUnit' | 'packs'>): string {
  return describeQty(baseQty, item.baseUnit, item.packs);
}

/** "$12.40", "-$2.40". */
export function formatCents(cents: number): string {
  return `${cents < 0 ? '-' : ''}$${(Math.abs(cents) / 100).toFixed(2)}`;
}

/** The pack sizes a quantity can be entered in, for a select. */
export function packOptions(item: Pick<ItemView, 'baseUnit' | 'packs'>): { value: string; label: string }[] {
  return packChoices(item.baseUnit, item.packs).map((p) => ({ value: p.name, label: p.baseQty === 1 ? p.name : `${p.name} (${p.baseQty} ${item.baseUnit})` }));
}

/** A typed quantity: a number, or null when the text is not one (the engine gives the sentence for anything else). */
export function parseQty(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return null;
  return Number(trimmed);
}

/** Cost per base unit in thousandths of a cent, shown as dollars per kg, L or each. */
export function costPerDisplayUnit(item: Pick<ItemView, 'baseUnit' | 'unitCostMilliCents'>): string {
  const perUnit = item.baseUnit === 'each' ? item.unitCostMilliCents : item.unitCostMilliCents * 1000;
  const unit = item.baseUnit === 'g' ? 'kg' : item.baseUnit === 'ml' ? 'L' : 'each';
  return `${formatCents(Math.round(perUnit / 1000))} / ${unit}`;
}
