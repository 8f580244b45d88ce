import { runHubCli } from './cli';

process.exitCode = await runHubCli(process.argv.slice(2));
