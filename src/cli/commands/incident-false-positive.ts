import type { Command } from 'commander';
import pino from 'pino';
import { loadConfig } from '../../config/load-config.js';
import { FirebreakError } from '../../errors/catalogue.js';
import type { FalsePositiveResult } from '../../slack/incident-decisions.js';
import { createSlackParts } from '../../slack/slack-wiring.js';
import { readAs, readNote } from '../format/decision-options.js';
import { printJson } from '../format/json-output.js';
import { withStore } from '../format/with-store.js';

/**
 * `firebreak incident false-positive ID --as USER [--note TEXT]`: what the incident message's False positive button
 * does, through the same call (IncidentDecisions.falsePositive) with the same rule (`--as` must be an approver):
 * a verdict on each linked alert's rule, the incident closed as `false_positive`, the note in the thread when Slack
 * is on, and the rule changes it implies proposed as action runs, printed with their ids and effect so that they
 * can be approved with `firebreak approve RUN_ID --as USER`. An incident already closed: exit 1, nothing changed.
 */
export function registerIncidentFalsePositive(incident: Command): void {
  incident
    .command('false-positive')
    .description('Close an incident as a false positive: verdicts on its alerts\' rules, and the rule changes it implies proposed for approval.')
    .argument('<id>', 'incident id (INC-0042)')
    .requiredOption('--as <user>', 'who judges: a configured approver (SLACK_APPROVERS)')
    .option('--note <text>', 'why it was no real incident, kept in the timeline and said in the thread')
    .option('--json', 'print what was recorded and proposed as JSON')
    .action(async (id: string, options: { as: string; note?: string; json?: boolean }) => {
      const user = readAs(options.as, 'the approver');
      const note = readNote(options.note);
      const config = loadConfig();
      const result = await withStore(async (db) => {
        const parts = createSlackParts({ config, db, logger: pino({ level: 'warn' }, pino.destination(2)) });
        return parts.decisions.falsePositive(id, user, note);
      });
      if (!result.closed) throw new FirebreakError('FB_ERR_ACTION_STATE', `${id} is already ${result.status.replace('_', ' ')}; nothing was changed`, { incident: id, status: result.status });
      if (options.json === true) printJson({ id, ...result });
      else process.stdout.write(describe(id, user, result));
    });
}

function describe(id: string, user: string, result: FalsePositiveResult): string {
  const lines = [`${id} closed as false positive by ${user}.`];
  if (result.verdicts.length === 0) lines.push('No verdict recorded: the incident has no linked alerts.');
  else {
    lines.push('Verdicts recorded (false positive, one per linked alert; they count toward each rule\'s false-positive rate):');
    for (const verdict of result.verdicts) lines.push(`  ${verdict.rule} (${verdict.source}): ${verdict.alerts} alert${verdict.alerts === 1 ? '' : 's'}`);
  }
  if (result.runs.length === 0) lines.push('No rule change proposed.');
  else {
    lines.push('Rule changes proposed (approve with: firebreak approve RUN_ID --as USER; reject with: firebreak reject RUN_ID --as USER):');
    for (const run of result.runs) {
      const approvals = run.requiredApprovals > 1 ? `, needs ${run.requiredApprovals} approvers` : '';
      lines.push(`  ${run.id}  ${run.kind}, risk ${run.risk}${approvals}: ${run.title}`);
      if (run.notice !== null) lines.push(`      ${run.notice}`);
    }
  }
  if (result.skipped.length > 0) {
    lines.push('Not proposed:');
    for (const change of result.skipped) lines.push(`  ${change.kind} of ${change.rule}: ${change.why}`);
  }
  return `${lines.join('\n')}\n`;
}
