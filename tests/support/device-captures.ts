// Test support shared by the device tests: the byte captures in tests/fixtures/devices and
// a way to read the error code a decoder or driver fails with.
import { readFileSync } from 'node:fs';

export function loadCapture<T>(file: 'temper.json' | 'modbus-xymd.json' | 'elitech.json' | 'field-answers.json'): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/devices/${file}`, import.meta.url), 'utf8')) as T;
}

/** The OpsFlowError code `fn` throws, or undefined when it does not throw. */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

/** The OpsFlowError code the promise rejects with, or undefined when it resolves. */
export async function rejectionCodeOf(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => undefined,
    (err: { code?: string }) => err.code,
  );
}
