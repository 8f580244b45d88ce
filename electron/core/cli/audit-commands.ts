import type { Command } from 'commander';
import { verifyAuditChains } from '../audit/audit-queries';
import { withEngine } from './cli-engine';
import { dataDirOption } from './data-dir-option';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit log');
  audit
    .command('verify')
    .description('check every device hash chain; exit 1 at the first broken entry')
    .addOption(dataDirOption())
    .option('--json', 'print the verdict as JSON')
    .action(async (opts: { dataDir?: string; json?: boolean }) => {
      await withEngine(opts.dataDir, (engine) => {
        const verdict = verifyAuditChains(engine.context.q);
        if (opts.json) process.stdout.write(`${JSON.stringify(verdict)}\n`);
        else if (verdict.ok) process.stdout.write(`OK: ${verdict.entriesChecked} entries on ${verdict.devices} device(s), every chain intact.\n`);
        else {
          const b = verdict.brokenAt;
          process.stdout.write(`BROKEN: device ${b.deviceId}, entry ${b.seq} (${b.id}) ${b.reason}.\n`);
        }
        if (!verdict.ok) {
          engine.context.audit.append(
            { action: 'audit.chainBroken', summary: `Audit chain of device ${verdict.brokenAt.deviceId} broken at entry ${verdict.brokenAt.seq}`, risk: 'CRITICAL', entityType: 'audit' },
            { id: null, name: 'command line' },
          );
          process.exitCode = 1;
        }
      });
    });
}
