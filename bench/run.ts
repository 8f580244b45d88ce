import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBench, type FigureResult } from './figure';
import { figures } from './figures/index';

const USAGE = `npm run bench [-- --only <name>[,<name>…]]
npm run --silent bench -- --json    (--silent: npm's script banner stays off stdout)

Times the engine against a reference measured in the same run and prints each figure as a ratio.
  --json         one JSON array on stdout: [{"name","value","unit","reference","ratio"}, …]
  --only <name>  run only these figure definitions (${figures.map((f) => f.name).join(', ')})`;

function parseArgs(argv: string[]): { json: boolean; only: string[] | null } {
  let json = false;
  let only: string[] | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (!value) throw new Error('--only needs a figure name');
      only = [...(only ?? []), ...value.split(',').map((s) => s.trim()).filter(Boolean)];
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new Error(`unknown option ${arg}`);
  }
  const unknown = (only ?? []).filter((name) => !figures.some((f) => f.name === name));
  if (unknown.length > 0) throw new Error(`no figure named ${unknown.join(', ')} (there are: ${figures.map((f) => f.name).join(', ')})`);
  return { json, only };
}

function table(results: FigureResult[]): string {
  const rows = [
    ['figure', 'value', 'reference', 'unit', 'ratio'],
    ...results.map((r) => [r.name, String(r.value), String(r.reference), r.unit, `${r.ratio.toFixed(2)}×`]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const line = (row: string[]) => row.map((cell, c) => (c === 0 || c === 3 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const note = (message: string) => process.stderr.write(`${message}\n`);
  const root = mkdtempSync(join(tmpdir(), 'opsflow-bench-'));
  const cleanup = () => rmSync(root, { recursive: true, force: true });
  const interrupted = () => {
    cleanup();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  const bench = createBench(root, note);
  const results: FigureResult[] = [];
  let failed = 0;
  const runStarted = performance.now();
  try {
    for (const figure of figures) {
      if (args.only && !args.only.includes(figure.name)) continue;
      note(`▸ ${figure.name}: ${figure.description}`);
      const started = performance.now();
      try {
        results.push(...(await figure.run(bench)));
        note(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      } catch (err) {
        failed += 1;
        note(`  ✗ ${figure.name} failed: ${(err as Error).stack ?? String(err)}`);
      }
    }
  } finally {
    cleanup();
  }
  note(`bench finished in ${((performance.now() - runStarted) / 1000).toFixed(1)} s`);
  process.stdout.write(args.json ? `${JSON.stringify(results)}\n` : `\n${table(results)}\n`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
