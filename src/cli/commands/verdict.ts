import type { Command } from 'commander';
import type { VerdictValue } from '../../domain/verdict.js';
import { FirebreakError } from '../../errors/catalogue.js';
import { IncidentRepository } from '../../store/incident-log/incident-repository.js';
import { cliActor } from '../format/cli-actor.js';
import { printJson } from '../format/json-output.js';
import { withStore } from '../format/with-store.js';

const VERDICT_ARGUMENTS: Record<string, VerdictValue> = {
  'false-positive': 'false_positive',
  false_positive: 'false_positive',
  fp: 'false_positive',
  'true-positive': 'true_positive',
  true_positive: 'true_positive',
  tp: 'true_positive',
};

/**
 * `firebreak verdict ALERT_OR_RULE false-positive|true-positive [--by WHO]`: a number is an alert id (the
 * verdict is kept on that alert's rule, with the alert), anything else is a rule key (`KubePodCrashLooping`).
 */
export function registerVerdictCommand(program: Command): void {
  program
    .command('verdict')
    .description('Mark an alert (by id) or a rule (by key) as a false or true positive.')
    .argument('<alert-or-rule>', 'an alert id (number) or a rule key')
    .argument('<verdict>', 'false-positive or true-positive')
    .option('--by <who>', 'who judges (default: FIREBREAK_USER or the login name)')
    .option('--json', 'print the recorded verdict as JSON')
    .action(async (target: string, verdictText: string, options: { by?: string; json?: boolean }) => {
      const verdict = VERDICT_ARGUMENTS[verdictText.trim().toLowerCase()];
      if (verdict === undefined) {
        throw new FirebreakError('FB_ERR_BAD_ARGUMENT', `VERDICT: expected false-positive or true-positive, got "${verdictText}"`);
      }
      if (target.trim() === '') throw new FirebreakError('FB_ERR_BAD_ARGUMENT', 'ALERT_OR_RULE: must not be empty');
      const on = /^\d+$/.test(target.trim()) ? { alertId: Number(target.trim()) } : { rule: target };
      const by = cliActor(options.by);
      const recorded = await withStore((db) =>
        new IncidentRepository(db).recordVerdict(on, verdict, by).catch((error: unknown) => {
          if (error instanceof FirebreakError && error.code === 'FB_ERR_NOT_FOUND') {
            throw new FirebreakError('FB_ERR_NOT_FOUND', `ALERT_OR_RULE: ${error.message}`, error.context);
          }
          throw error;
        }),
      );
      if (options.json === true) {
        printJson(recorded);
        return;
      }
      const what = recorded.alertId === null ? `rule ${recorded.rule}` : `alert ${recorded.alertId} (rule ${recorded.rule})`;
      const word = verdict.replace('_', ' ');
      process.stdout.write(recorded.changed ? `${what} marked ${word} by ${by}\n` : `${what} was already marked ${word}; nothing changed\n`);
    });
}
