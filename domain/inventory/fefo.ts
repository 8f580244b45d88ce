import { OpsFlowError } from '../errors';

/** What is left of one lot of an item at a location. */
export interface LotStock {
  lot: string;
  expiresOn: string | null;
  onHandBase: number;
}

export interface LotTake {
  lot: string;
  expiresOn: string | null;
  qtyBase: number;
}

/** A lot whose expiry day is before `today` (the location's calendar day) may not be used, only wasted. */
export function isExpired(lot: Pick<LotStock, 'expiresOn'>, today: string): boolean {
  return lot.expiresOn !== null && lot.expiresOn < today;
}

/** First expiring, first out: the order stock should leave the shelf in. Lots without a date go last. */
export function fefoOrder<L extends LotStock>(lots: readonly L[]): L[] {
  return [...lots].sort((a, b) => {
    if (a.expiresOn !== b.expiresOn) {
      if (a.expiresOn === null) return 1;
      if (b.expiresOn === null) return -1;
      return a.expiresOn < b.expiresOn ? -1 : 1;
    }
    return a.lot < b.lot ? -1 : a.lot > b.lot ? 1 : 0;
  });
}

/**
 * Which lots to take `qtyBase` from, first expiring first. Using stock skips expired lots (they are
 * to be wasted, not served); wasting takes them first. Asking for more than there is is refused with
 * what there is: stock never goes below zero by a person's entry.
 */
export function allocateFefo(lots: readonly LotStock[], qtyBase: number, options: { today: string; includeExpired: boolean }): LotTake[] {
  const usable = fefoOrder(lots.filter((l) => l.onHandBase > 0 && (options.includeExpired || !isExpired(l, options.today))));
  const available = usable.reduce((sum, l) => sum + l.onHandBase, 0);
  if (qtyBase > available) {
    const expired = options.includeExpired ? 0 : lots.filter((l) => l.onHandBase > 0 && isExpired(l, options.today)).reduce((s, l) => s + l.onHandBase, 0);
    throw new OpsFlowError(
      'CONFLICT',
      `Only ${available} base units are on hand${expired > 0 ? ` that have not expired (${expired} more have expired: record them as waste)` : ''}; ${qtyBase} were asked for.`,
      { availableBase: available, askedBase: qtyBase },
    );
  }
  const takes: LotTake[] = [];
  let rest = qtyBase;
  for (const lot of usable) {
    if (rest === 0) break;
    const take = Math.min(rest, lot.onHandBase);
    takes.push({ lot: lot.lot, expiresOn: lot.expiresOn, qtyBase: take });
    rest -= take;
  }
  return takes;
}
