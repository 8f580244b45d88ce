#!/usr/bin/env node
// The `opsflow-hub` command: the hub is TypeScript run by tsx, like the `opsflow` command.
import { register } from 'tsx/esm/api';

register();
const { runHubCli } = await import('../sync-server/cli.ts');
process.exitCode = await runHubCli(process.argv.slice(2));
