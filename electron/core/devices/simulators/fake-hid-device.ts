import { deviceUnpluggedError, type HidDevice } from '../transport';

/**
 * An in-memory HID interface: writes go to `respond`, whose reports queue up for read(), like
 * hidapi's input buffer. Unplugging fails reads and writes the way the node-hid transport does.
 */
export class FakeHidDevice implements HidDevice {
  /** Time from a write to its reports becoming readable. */
  answerDelayMs = 1;
  private readonly queue: Uint8Array[] = [];
  private waiter: { resolve: (report: Uint8Array | null) => void; reject: (err: Error) => void; timer: NodeJS.Timeout } | null = null;
  private unplugged = false;
  private closed = false;

  constructor(
    private readonly path: string,
    private readonly respond: (report: Uint8Array) => readonly Uint8Array[],
  ) {}

  async write(report: Uint8Array): Promise<void> {
    this.checkUsable();
    const reports = this.respond(report.slice());
    if (reports.length === 0) return;
    setTimeout(() => {
      if (this.unplugged || this.closed) return;
      for (const r of reports) this.queue.push(r);
      this.wake();
    }, this.answerDelayMs);
  }

  read(timeoutMs: number): Promise<Uint8Array | null> {
    try {
      this.checkUsable();
    } catch (err) {
      return Promise.reject(err);
    }
    const next = this.queue.shift();
    if (next) return Promise.resolve(next);
    if (timeoutMs <= 0) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve(null);
      }, timeoutMs);
      this.waiter = { resolve, reject, timer };
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.settle(null);
  }

  unplug(): void {
    this.unplugged = true;
    this.queue.length = 0;
    const waiter = this.waiter;
    this.waiter = null;
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.reject(deviceUnpluggedError({ path: this.path }));
    }
  }

  private wake(): void {
    if (!this.waiter) return;
    const next = this.queue.shift();
    if (next) this.settle(next);
  }

  private settle(report: Uint8Array | null): void {
    const waiter = this.waiter;
    this.waiter = null;
    if (!waiter) return;
    clearTimeout(waiter.timer);
    waiter.resolve(report);
  }

  private checkUsable(): void {
    if (this.unplugged || this.closed) throw deviceUnpluggedError({ path: this.path });
  }
}
