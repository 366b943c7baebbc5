import type { Command } from 'commander';
import pino from 'pino';
import type { DecisionResult } from '../../actions/action-service.js';
import { loadConfig } from '../../config/load-config.js';
import { createSlackParts } from '../../slack/slack-wiring.js';
import { readAs } from '../format/decision-options.js';
import { printJson } from '../format/json-output.js';
import { withStore } from '../format/with-store.js';

/**
 * Approves or rejects an action run from the CLI, with the same rules as the Slack buttons: `--as` must be a
 * configured approver, a high-risk run needs two distinct approvers, an approved run executes here, once. When
 * Slack is configured the incident's thread and message are updated by the worker's Slack loop.
 */
export function registerDecisionCommand(program: Command, decision: 'approve' | 'reject'): void {
  program
    .command(decision)
    .description(decision === 'approve' ? 'Approve a proposed action (it runs once it has its approvals).' : 'Reject a proposed action; it will not run.')
    .argument('<runId>', 'action run id (RUN-0001), see `firebreak proposals`')
    .requiredOption('--as <user>', 'who decides: a configured approver (SLACK_APPROVERS)')
    .option('--json', 'print the run as JSON')
    .action(async (runId: string, options: { as: string; json?: boolean }) => {
      const user = readAs(options.as, 'the approver');
      const config = loadConfig();
      const result = await withStore(async (db) => {
        const parts = createSlackParts({ config, db, logger: pino({ level: 'warn' }, pino.destination(2)) });
        return decision === 'approve' ? parts.actions.approve(runId, user) : parts.actions.reject(runId, user);
      });
      if (options.json === true) printJson(result);
      else process.stdout.write(`${describe(result, user)}\n`);
    });
}

function describe(result: DecisionResult, user: string): string {
  const run = result.run;
  switch (result.outcome) {
    case 'awaiting-second-approver':
      return `${run.id} approved by ${user} (${run.approvers.length} of ${run.requiredApprovals}): high risk, it runs when a second approver agrees`;
    case 'rejected':
      return `${run.id} rejected by ${user}: it will not run`;
    case 'approved':
      return `${run.id} approved by ${run.decidedBy ?? user}: ${run.status}${run.result ? ` (${run.result})` : ''}${run.output ? `\n${run.output}` : ''}`;
  }
}
