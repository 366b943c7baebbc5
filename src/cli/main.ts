import { Command, CommanderError } from 'commander';
import { isFirebreakError } from '../errors/catalogue.js';
import { commandsFor } from './commands/index.js';

/**
 * `firebreak <command>`. Each command lives in `commands/<name>.ts` and is listed in `commands/index.ts`.
 * Exit codes: 0 done, 1 failed, 2 bad input (a one-line error naming the argument; nothing changed).
 */
const program = new Command('firebreak')
  .description('Alert triage daemon: receives alerts, triages them, proposes fixes a human approves.')
  .showHelpAfterError()
  .exitOverride();

for (const command of commandsFor(process.argv.slice(2))) (await command.load())(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exit(error.exitCode === 0 ? 0 : 2);
  }
  if (isFirebreakError(error)) {
    process.stderr.write(`firebreak: ${error.message}\n`);
    process.exit(error.code === 'FB_ERR_BAD_ARGUMENT' || error.code === 'FB_ERR_NOT_FOUND' || error.code === 'FB_ERR_SCENARIO_INVALID' ? 2 : 1);
  }
  process.stderr.write(`firebreak: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
}
