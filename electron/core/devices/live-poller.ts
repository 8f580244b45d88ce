import type { DecodedReading } from '../../../domain/devices/types';
import { OpsFlowError } from '../../../domain/errors';

/**
 * Polls one live source (a thermometer, or one probe on a bus) on its interval and counts the
 * polls in a row without an answer. The next poll is timed from the end of the last one, so a
 * slow device never has two polls queued.
 */

export interface PollOutcomes {
  onReadings(readings: DecodedReading[]): void;
  /** `wentOffline` is true once, on the miss that reaches the limit. */
  onMiss(err: unknown, misses: number, wentOffline: boolean): void;
  onBackOnline(): void;
}

export interface LivePollerOptions {
  /** A function is asked after every poll, so a changed interval applies from the next one. */
  intervalMs: number | (() => number);
  offlineAfterMisses: number;
}

export class LivePoller {
  private misses = 0;
  private offline = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly read: () => Promise<DecodedReading[]>,
    private readonly options: LivePollerOptions,
    private readonly outcomes: PollOutcomes,
  ) {}

  /** Polls now, then every interval. */
  start(): void {
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async tick(): Promise<void> {
    this.timer = null;
    try {
      const readings = await this.read();
      if (readings.length === 0) {
        throw new OpsFlowError('FRAME_INVALID', 'The device answered without any reading; check that its probe is connected.');
      }
      if (this.stopped) return;
      this.misses = 0;
      if (this.offline) {
        this.offline = false;
        this.outcomes.onBackOnline();
      }
      this.outcomes.onReadings(readings);
    } catch (err) {
      if (this.stopped) return;
      this.misses++;
      const wentOffline = this.misses === this.options.offlineAfterMisses;
      if (wentOffline) this.offline = true;
      this.outcomes.onMiss(err, this.misses, wentOffline);
    }
    if (this.stopped) return;
    const interval = this.options.intervalMs;
    this.timer = setTimeout(() => void this.tick(), typeof interval === 'function' ? interval() : interval);
  }
}
