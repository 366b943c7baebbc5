import type { Command } from 'commander';
import pino from 'pino';
import { loadConfig } from '../../config/load-config.js';
import { FirebreakError } from '../../errors/catalogue.js';
import { createSlackParts } from '../../slack/slack-wiring.js';
import { readAs, readNote } from '../format/decision-options.js';
import { printJson } from '../format/json-output.js';
import { withStore } from '../format/with-store.js';

/**
 * `firebreak outcome RUN_ID --worked|--did-not-work --as USER [--note TEXT]`: the answer to "did it work?" for an
 * executed action, what the thread's It worked / It did not work buttons record (the same call): the
 * countermeasure's outcome, a timeline entry, and the thread told when Slack is on. The first answer stands. Runs
 * waiting for an answer: `firebreak proposals --awaiting-outcome`.
 */
export function registerOutcomeCommand(program: Command): void {
  program
    .command('outcome')
    .description('Say whether an executed action worked (the "did it work?" question); it is recorded on the incident.')
    .argument('<runId>', 'action run id (RUN-0001), see `firebreak proposals --awaiting-outcome`')
    .option('--worked', 'the action worked')
    .option('--did-not-work', 'the action did not work (it is not proposed again on the incident without saying so)')
    .requiredOption('--as <user>', 'who answers')
    .option('--note <text>', 'what was seen, kept in the timeline')
    .option('--json', 'print the run as JSON')
    .action(async (runId: string, options: { worked?: boolean; didNotWork?: boolean; as: string; note?: string; json?: boolean }) => {
      if (options.worked === options.didNotWork) throw new FirebreakError('FB_ERR_BAD_ARGUMENT', 'give one of --worked or --did-not-work');
      const user = readAs(options.as, 'who answers');
      const note = readNote(options.note);
      const config = loadConfig();
      const run = await withStore(async (db) => {
        const parts = createSlackParts({ config, db, logger: pino({ level: 'warn' }, pino.destination(2)) });
        return parts.actions.recordWorked(runId, options.worked === true, user, note);
      });
      if (options.json === true) printJson(run);
      else process.stdout.write(`${run.id} (${run.title}) ${run.worked === true ? 'worked' : 'did not work'}: recorded on ${run.incidentId} by ${user}\n`);
    });
}
