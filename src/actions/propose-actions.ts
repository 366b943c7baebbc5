import type { ActionProposals } from '../../agents/ports/action-proposals.js';
import type { Playbook, PlaybookAction } from '../domain/playbook.js';
import type { Logger } from '../logging/logger.js';
import type { Db } from '../store/db.js';
import { sql } from '../store/sql-file.js';
import type { ActionEvents } from './action-events.js';
import { addTimelineEntry, getRun, type ActionRunKind } from './action-run.js';

interface PreviousAttempt {
  action_id: string;
  attempt: number;
  status: string;
  worked: boolean | null;
  result: string | null;
  finished_at: string | null;
  decided_by: string | null;
}

/** One proposal to record: a playbook action, or a rule change after a false positive. */
export interface ProposalInput {
  incidentId: string;
  playbookId: string;
  actionId: string;
  title: string;
  kind: ActionRunKind;
  risk: 'low' | 'medium' | 'high';
  spec: Record<string, unknown>;
  notice: string | null;
}

/**
 * Records proposals idempotently: the same attempt of an action is inserted once however often or concurrently
 * it is proposed (a unique key, ON CONFLICT DO NOTHING). An action whose last attempt failed or did not work is
 * proposed again only as a new attempt that says so; one that is pending, rejected or worked is not proposed again.
 * Returns the ids of the runs it created.
 */
export async function recordProposals(db: Db, proposals: ProposalInput[], at: Date): Promise<string[]> {
  const created: string[] = [];
  const previousByPlaybook = new Map<string, Map<string, PreviousAttempt>>();
  for (const proposal of proposals) {
    let previous = previousByPlaybook.get(proposal.playbookId);
    if (previous === undefined) {
      const rows = await db.query<PreviousAttempt>(sql('actions/previous-attempts'), [proposal.incidentId, proposal.playbookId]);
      previous = new Map(rows.map((row) => [row.action_id, row]));
      previousByPlaybook.set(proposal.playbookId, previous);
    }
    const last = previous.get(proposal.actionId);
    let attempt = 1;
    let notice = proposal.notice;
    if (last !== undefined) {
      const didNotWork = last.status === 'failed' || last.worked === false;
      if (!didNotWork) continue;
      attempt = last.attempt + 1;
      const when = last.finished_at ?? 'earlier';
      const said = `Already tried on this incident (attempt ${last.attempt}, ${when}${last.decided_by ? `, approved by ${last.decided_by}` : ''}): it did not work${last.result ? ` (${last.result})` : ''}.`;
      notice = notice === null ? said : `${said} ${notice}`;
    }
    const rows = await db.query<{ id: string }>(sql('actions/insert-run'), [
      proposal.incidentId,
      proposal.playbookId,
      proposal.actionId,
      proposal.title,
      proposal.kind,
      proposal.risk,
      JSON.stringify(proposal.spec),
      at.toISOString(),
      attempt,
      notice,
      proposal.risk === 'high' ? 2 : 1,
    ]);
    const id = rows[0]?.id;
    if (id === undefined) continue;
    created.push(id);
    await addTimelineEntry(db, {
      incidentId: proposal.incidentId,
      at,
      actor: 'firebreak',
      kind: 'action-proposed',
      summary: `${id} proposed: ${proposal.title} (${proposal.kind}, ${proposal.risk} risk)${attempt > 1 ? `, attempt ${attempt}` : ''}`,
      detail: { run: id, playbook: proposal.playbookId, action: proposal.actionId },
    });
  }
  return created;
}

/** The proposal of one playbook action: the run keeps the action as written (its http or command part). */
export function proposalOf(incidentId: string, playbook: Playbook, action: PlaybookAction): ProposalInput {
  const spec: Record<string, unknown> = {};
  if (action.http !== undefined) spec.http = action.http;
  if (action.command !== undefined) spec.command = action.command;
  return { incidentId, playbookId: playbook.id, actionId: action.id, title: action.title, kind: action.kind, risk: action.risk, spec, notice: null };
}

/**
 * The ActionProposals port for the triage pipeline: proposes a matched playbook's actions on an incident and
 * tells the listener (the Slack message gets its Approve / Reject buttons).
 */
export function createProposalRecorder(deps: { db: Db; events: ActionEvents; logger: Logger }): ActionProposals {
  return {
    async propose(incidentId: string, playbook: Playbook, at: Date): Promise<void> {
      const proposals = playbook.actions.map((action) => proposalOf(incidentId, playbook, action));
      const created = await recordProposals(deps.db, proposals, at);
      for (const id of created) {
        const run = await getRun(deps.db, id);
        if (run === null) continue;
        try {
          await deps.events.emit({ kind: 'proposed', run });
        } catch (error) {
          deps.logger.warn({ err: error, run: id }, 'proposal event not delivered');
        }
      }
    },
  };
}
