import type { Command } from 'commander';
import { findRuns, type ActionRun, type ActionRunStatus } from '../../actions/action-run.js';
import { FirebreakError } from '../../errors/catalogue.js';
import { printJson } from '../format/json-output.js';
import { renderTable, type Column } from '../format/table.js';
import { formatTime } from '../format/time-format.js';
import { withStore } from '../format/with-store.js';

/**
 * `firebreak proposals [--incident ID] [--all | --awaiting-outcome] [--json]`: the action runs waiting for a
 * decision (all runs with `--all`), the CLI's view of what Slack shows as Approve / Reject buttons; with
 * `--awaiting-outcome`, the executed runs still waiting for their "did it work?" answer (`firebreak outcome`).
 */
export function registerProposalsCommand(program: Command): void {
  program
    .command('proposals')
    .description('Proposed actions waiting for approval (all action runs with --all, executed ones without an outcome with --awaiting-outcome).')
    .option('--incident <id>', 'only this incident')
    .option('--all', 'every action run, decided or not')
    .option('--awaiting-outcome', 'executed runs waiting for their "did it work?" answer (firebreak outcome)')
    .option('--json', 'print JSON')
    .action(async (options: { incident?: string; all?: boolean; awaitingOutcome?: boolean; json?: boolean }) => {
      if (options.all === true && options.awaitingOutcome === true) throw new FirebreakError('FB_ERR_BAD_ARGUMENT', 'give --all or --awaiting-outcome, not both');
      const awaiting = options.awaitingOutcome === true;
      const statuses: ActionRunStatus[] | undefined = options.all === true || awaiting ? undefined : ['proposed'];
      const runs = await withStore((db) => findRuns(db, { ...(options.incident ? { incidentId: options.incident } : {}), ...(statuses ? { statuses } : {}), awaitingOutcome: awaiting }));
      if (options.json === true) {
        printJson(runs);
        return;
      }
      if (runs.length === 0) {
        process.stdout.write(options.all === true ? 'No action runs.\n' : awaiting ? 'No executed action waits for its outcome.\n' : 'No proposals waiting for a decision.\n');
        return;
      }
      process.stdout.write(renderTable(runs, awaiting ? AWAITING_COLUMNS : PROPOSAL_COLUMNS));
      if (awaiting) process.stdout.write('Answer with: firebreak outcome RUN_ID --worked|--did-not-work --as USER [--note TEXT]\n');
    });
}

const RUN_COLUMNS: ReadonlyArray<Column<ActionRun>> = [
  { head: 'RUN', cell: (run) => run.id },
  { head: 'INCIDENT', cell: (run) => run.incidentId },
  { head: 'ACTION', cell: (run) => run.title, maxWidth: 40 },
  { head: 'KIND', cell: (run) => run.kind },
];

const PROPOSAL_COLUMNS: ReadonlyArray<Column<ActionRun>> = [
  ...RUN_COLUMNS,
  { head: 'RISK', cell: (run) => run.risk },
  { head: 'STATUS', cell: (run) => (run.requiredApprovals > 1 && run.status === 'proposed' ? `proposed (${run.approvers.length}/${run.requiredApprovals} approvals)` : run.status) },
  { head: 'PROPOSED', cell: (run) => formatTime(run.proposedAt) },
  { head: 'DECIDED BY', cell: (run) => run.decidedBy },
  { head: 'NOTE', cell: (run) => run.notice ?? run.result, maxWidth: 50 },
];

/** Executed runs waiting for "did it work?": when they ran, who approved them, whether the question was asked. */
const AWAITING_COLUMNS: ReadonlyArray<Column<ActionRun>> = [
  ...RUN_COLUMNS,
  { head: 'RAN', cell: (run) => formatTime(run.finishedAt) },
  { head: 'APPROVED BY', cell: (run) => run.decidedBy },
  { head: 'ASKED', cell: (run) => (run.followupAskedAt !== null ? formatTime(run.followupAskedAt) : run.followupDueAt !== null ? `due ${formatTime(run.followupDueAt)}` : '') },
  { head: 'RESULT', cell: (run) => run.result, maxWidth: 50 },
];
