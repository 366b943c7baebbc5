import type { Command } from 'commander';
import { findRuns, type ActionRunStatus } from '../../actions/action-run.js';
import { printJson } from '../format/json-output.js';
import { renderTable } from '../format/table.js';
import { formatTime } from '../format/time-format.js';
import { withStore } from '../format/with-store.js';

/**
 * `firebreak proposals [--incident ID] [--all] [--json]`: the action runs waiting for a decision (all runs with
 * `--all`), the CLI's view of what Slack shows as Approve / Reject buttons.
 */
export function registerProposalsCommand(program: Command): void {
  program
    .command('proposals')
    .description('Proposed actions waiting for approval (all action runs with --all).')
    .option('--incident <id>', 'only this incident')
    .option('--all', 'every action run, decided or not')
    .option('--json', 'print JSON')
    .action(async (options: { incident?: string; all?: boolean; json?: boolean }) => {
      const statuses: ActionRunStatus[] | undefined = options.all === true ? undefined : ['proposed'];
      const runs = await withStore((db) => findRuns(db, { ...(options.incident ? { incidentId: options.incident } : {}), ...(statuses ? { statuses } : {}) }));
      if (options.json === true) {
        printJson(runs);
        return;
      }
      if (runs.length === 0) {
        process.stdout.write(options.all === true ? 'No action runs.\n' : 'No proposals waiting for a decision.\n');
        return;
      }
      process.stdout.write(
        renderTable(runs, [
          { head: 'RUN', cell: (run) => run.id },
          { head: 'INCIDENT', cell: (run) => run.incidentId },
          { head: 'ACTION', cell: (run) => run.title, maxWidth: 40 },
          { head: 'KIND', cell: (run) => run.kind },
          { head: 'RISK', cell: (run) => run.risk },
          { head: 'STATUS', cell: (run) => (run.requiredApprovals > 1 && run.status === 'proposed' ? `proposed (${run.approvers.length}/${run.requiredApprovals} approvals)` : run.status) },
          { head: 'PROPOSED', cell: (run) => formatTime(run.proposedAt) },
          { head: 'DECIDED BY', cell: (run) => run.decidedBy },
          { head: 'NOTE', cell: (run) => run.notice ?? run.result, maxWidth: 50 },
        ]),
      );
    });
}
