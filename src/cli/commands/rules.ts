import type { Command } from 'commander';
import pino from 'pino';
import { describeOverride, listRuleOverrides, revokeRuleOverride, type StoredRuleOverride } from '../../actions/rule-overrides.js';
import { loadConfig } from '../../config/load-config.js';
import { FirebreakError } from '../../errors/catalogue.js';
import { createSlackParts } from '../../slack/slack-wiring.js';
import { readAs, readNote } from '../format/decision-options.js';
import { printJson } from '../format/json-output.js';
import { renderTable, type Column } from '../format/table.js';
import { formatTime } from '../format/time-format.js';
import { withStore } from '../format/with-store.js';

/**
 * `firebreak rules [--all] [--json]`: the rule overrides in force (a rule marked known-noisy, a longer hold, each
 * approved after a false positive); `firebreak rules revoke ID --as USER [--note TEXT]` undoes one from now on,
 * with the same rule as approving it (`--as` must be an approver). Nothing is deleted: triage at a later time stops
 * honouring a revoked override, a replay of an earlier time still sees it.
 */
export function registerRulesCommand(program: Command): void {
  const rules = program
    .command('rules')
    .description('Rule overrides in force (known-noisy, longer holds) approved after false positives; revoke one with `rules revoke`.')
    .option('--all', 'every override ever recorded, with the revoked and superseded ones')
    .option('--json', 'print JSON')
    .action(async (options: { all?: boolean; json?: boolean }) => {
      const overrides = await withStore((db) => listRuleOverrides(db, { at: new Date(), all: options.all === true }));
      if (options.json === true) {
        printJson(overrides);
        return;
      }
      if (overrides.length === 0) {
        process.stdout.write(options.all === true ? 'No rule override was ever recorded.\n' : 'No rule override in force.\n');
        return;
      }
      process.stdout.write(renderTable(overrides, options.all === true ? [...COLUMNS, STATE_COLUMN] : COLUMNS));
      process.stdout.write('Revoke one with: firebreak rules revoke ID --as USER [--note TEXT]\n');
    });

  rules
    .command('revoke')
    .description('Revoke a rule override from now on (approvers only); the rule is triaged as if it had never been set, or by the earlier override of its kind.')
    .argument('<id>', 'rule override id, see `firebreak rules`')
    .requiredOption('--as <user>', 'who revokes: a configured approver (SLACK_APPROVERS)')
    .option('--note <text>', 'why, kept in the timeline of the incident it came from')
    .option('--json', 'print the revocation as JSON')
    .action(async (idText: string, options: { as: string; note?: string; json?: boolean }) => {
      if (!/^\d+$/.test(idText.trim())) throw new FirebreakError('FB_ERR_BAD_ARGUMENT', `ID: expected a rule override id (a number), got "${idText}"`);
      const user = readAs(options.as, 'the approver');
      const note = readNote(options.note);
      const config = loadConfig();
      const result = await withStore(async (db) => {
        const { approvers } = createSlackParts({ config, db, logger: pino({ level: 'warn' }, pino.destination(2)) });
        return revokeRuleOverride({ db, approvers }, Number(idText.trim()), user, note);
      });
      if (options.json === true) {
        printJson(result);
        return;
      }
      const { revoked, nowInForce } = result;
      const then = nowInForce === null ? (revoked.kind === 'hold' ? 'its lone alerts are held as their own past says' : 'it is known-noisy only if its verdicts say so') : `override ${nowInForce.id} is in force again: ${describeOverride(nowInForce)}, by ${nowInForce.createdBy ?? 'someone'} at ${formatTime(nowInForce.createdAt)}`;
      process.stdout.write(`rule override ${revoked.id} (${describeOverride(revoked)}) revoked by ${user} from ${formatTime(revoked.revokedAt)}; ${then}\n`);
    });
}

const COLUMNS: ReadonlyArray<Column<StoredRuleOverride>> = [
  { head: 'ID', cell: (override) => override.id },
  { head: 'RULE', cell: (override) => override.rule, maxWidth: 40 },
  { head: 'SOURCE', cell: (override) => override.source },
  { head: 'KIND', cell: (override) => override.kind },
  { head: 'HOLD', cell: (override) => (override.holdS === null ? '' : `${override.holdS} s`) },
  { head: 'BY', cell: (override) => override.createdBy },
  { head: 'WHEN', cell: (override) => formatTime(override.createdAt) },
  { head: 'REASON', cell: (override) => override.reason, maxWidth: 50 },
];

const STATE_COLUMN: Column<StoredRuleOverride> = {
  head: 'STATE',
  cell: (override) =>
    override.revokedAt !== null ? `revoked by ${override.revokedBy ?? 'someone'} ${formatTime(override.revokedAt)}${override.revokeNote === null ? '' : `: ${override.revokeNote}`}` : override.inForce ? 'in force' : 'superseded',
  maxWidth: 80,
};
