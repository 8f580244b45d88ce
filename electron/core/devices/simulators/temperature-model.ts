/**
 * A simulated sensor's temperature: a start value that drifts linearly with time (a cold room
 * warming while its door is open, a freezer pulling down through zero).
 */
export interface TemperatureSpec {
  startCentiC: number;
  /** Change per minute of the clock below; 0 keeps it steady. */
  driftCentiCPerMin?: number;
  /** Milliseconds; Date.now by default, a counter in tests. */
  now?: () => number;
}

export class SimulatedTemperature {
  private startCentiC: number;
  private driftCentiCPerMin: number;
  private startedAtMs: number;
  private readonly now: () => number;

  constructor(spec: TemperatureSpec) {
    this.now = spec.now ?? Date.now;
    this.startCentiC = spec.startCentiC;
    this.driftCentiCPerMin = spec.driftCentiCPerMin ?? 0;
    this.startedAtMs = this.now();
  }

  /** Hundredths of a degree C at this moment. */
  currentCentiC(): number {
    const minutes = (this.now() - this.startedAtMs) / 60_000;
    return Math.round(this.startCentiC + this.driftCentiCPerMin * minutes);
  }

  /** Jumps to a value and drifts on from there. */
  set(centiC: number, driftCentiCPerMin = this.driftCentiCPerMin): void {
    this.startCentiC = centiC;
    this.driftCentiCPerMin = driftCentiCPerMin;
    this.startedAtMs = this.now();
  }
}

export function temperatureOf(spec: number | TemperatureSpec | SimulatedTemperature): SimulatedTemperature {
  if (spec instanceof SimulatedTemperature) return spec;
  return new SimulatedTemperature(typeof spec === 'number' ? { startCentiC: spec } : spec);
}
