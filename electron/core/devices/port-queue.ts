/**
 * One request in flight per port: jobs run one after another, in the order they were queued, and
 * a failed job does not stop the ones behind it. A bus of probes and a logger download both need
 * this; two interleaved requests on one serial line garble each other's answers.
 */
export class PortQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job, job);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
