#!/usr/bin/env node
// The `herald` bin of the @herald/cli package: the client commands, against any Herald by URL and key.
import { run, USAGE } from './commands.ts';
import { version } from './shared.ts';

const [command, ...argv] = process.argv.slice(2);
if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
  console.log(USAGE);
} else if (command === '--version' || command === '-v') {
  console.log(version);
} else {
  process.exitCode = await run(command, argv);
}
