import { vi } from 'vitest';
import { runCli, type CliDeps } from '../cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** runCli in this process (a child process per command costs a second each), with what it writes captured. */
export async function runCliInProcess(args: string[], deps: CliDeps = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: await runCli(args, deps), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    // A command that set an exit status must not leak it into the test run's own.
    process.exitCode = undefined;
  }
}
