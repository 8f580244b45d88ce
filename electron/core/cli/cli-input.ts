import type { z } from 'zod';
import { OpsFlowError } from '../../../domain/errors';

/**
 * Checks a command's input with the contract's own schema (the UI's rules), and says what is wrong
 * in the command's terms: `--time-zone: …`, not `location.timeZone: …`.
 */
export function parseCliInput<S extends z.ZodType>(schema: S, input: unknown, flags: Record<string, string>): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.join('.');
  throw new OpsFlowError('BAD_INPUT', `${flags[path] ?? path}: ${issue.message}`);
}

/** The time zones the UI offers: every IANA zone this runtime knows, and UTC. */
export function isKnownTimeZone(zone: string): boolean {
  return zone === 'UTC' || Intl.supportedValuesOf('timeZone').includes(zone);
}

/**
 * A password piped into the command (`--password-stdin`): never an argument, which every user of
 * the PC could read in the process list. One trailing line break (from echo or a file) is not part of it.
 */
export async function readPasswordFromStdin(stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (!password) throw new OpsFlowError('BAD_INPUT', 'No password arrived on standard input: pipe it in, for example printf \'%s\' "$PASSWORD" | opsflow …');
  return password;
}

export function requirePasswordStdin(flag: boolean | undefined): void {
  if (!flag) {
    throw new OpsFlowError('BAD_INPUT', 'The password is read from standard input, never from the command line (others could read it there): add --password-stdin and pipe it in.');
  }
}
