#!/usr/bin/env node
// The `opsflow` command. The engine is TypeScript run by tsx, so the command works from a checkout
// and after `npm install` alike, with no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../electron/core/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
