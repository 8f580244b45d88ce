/** Which answers a simulator spoils, and how. Shared by the serial and HID simulators. */
export interface FaultRule<F extends string> {
  fault: F;
  /** The requests it applies to; every request when left out. */
  when?: (request: Uint8Array) => boolean;
  /** How many answers it spoils; all of them when left out. */
  times?: number;
}

export class FaultPlan<F extends string> {
  private rules: { rule: FaultRule<F>; left: number }[] = [];

  inject(rule: FaultRule<F>): void {
    this.rules.push({ rule, left: rule.times ?? Infinity });
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault for this request, counting it against its rule; null to answer normally. */
  take(request: Uint8Array): F | null {
    const entry = this.rules.find((r) => r.left > 0 && (r.rule.when?.(request) ?? true));
    if (!entry) return null;
    entry.left--;
    return entry.rule.fault;
  }
}
