import { describe, expect, it } from 'vitest';
import { runDeviceClockByItself } from '../testing/device-clock';
import { PortQueue } from './port-queue';

runDeviceClockByItself();

/** A request that keeps the port busy for `ms` of device time (on the fake clock, so no real wait). */
const busyFor = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('port queue', () => {
  it('runs one job at a time, in order, and carries on after a failure', async () => {
    const queue = new PortQueue();
    const log: string[] = [];
    let inFlight = 0;
    const job = (name: string, ms: number, fail = false) => async () => {
      inFlight++;
      expect(inFlight).toBe(1);
      log.push(`${name}:start`);
      await busyFor(ms);
      log.push(`${name}:end`);
      inFlight--;
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([queue.run(job('a', 15)), queue.run(job('b', 1, true)), queue.run(job('c', 5))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
  });
});
