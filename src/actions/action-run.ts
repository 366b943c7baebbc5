import type { ActionRisk } from '../domain/playbook.js';
import type { Db } from '../store/db.js';
import { addTimelineEntries } from '../store/incident-log/incident-updates.js';
import { sql } from '../store/sql-file.js';

/** The kinds an action run can have: a playbook's allowlisted kinds, plus the rule changes a false positive implies. */
export type ActionRunKind = 'http' | 'command' | 'noop' | RuleChangeKind;
/** Rule changes offered after a false positive: a silence, marking the rule known-noisy, a longer hold. */
export type RuleChangeKind = 'silence' | 'known-noisy' | 'longer-hold';
export type ActionRunStatus = 'proposed' | 'approved' | 'rejected' | 'running' | 'succeeded' | 'failed';

/** An action run (DESIGN.md "Domain"): proposed, approved or rejected (by whom, when), executed once. */
export interface ActionRun {
  id: string;
  incidentId: string;
  playbookId: string;
  actionId: string;
  title: string;
  kind: ActionRunKind;
  risk: ActionRisk;
  spec: Record<string, unknown>;
  status: ActionRunStatus;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  result: string | null;
  output: string | null;
  attempt: number;
  /** Said beside the proposal: a previous attempt that did not work, a rule change's effect. */
  notice: string | null;
  requiredApprovals: number;
  approvers: string[];
  worked: boolean | null;
  workedBy: string | null;
  followupDueAt: string | null;
  followupAskedAt: string | null;
}

interface RunRow {
  id: string;
  incident_id: string;
  playbook_id: string;
  action_id: string;
  title: string;
  kind: ActionRunKind;
  risk: ActionRisk;
  spec: Record<string, unknown>;
  status: ActionRunStatus;
  proposed_at: string;
  decided_by: string | null;
  decided_at: string | null;
  started_at: string | null;
  finished_at: string | null;
  result: string | null;
  output: string | null;
  attempt: number;
  notice: string | null;
  required_approvals: number;
  approvers: string[];
  worked: boolean | null;
  worked_by: string | null;
  followup_due_at: string | null;
  followup_asked_at: string | null;
}

function toRun(row: RunRow): ActionRun {
  return {
    id: row.id,
    incidentId: row.incident_id,
    playbookId: row.playbook_id,
    actionId: row.action_id,
    title: row.title,
    kind: row.kind,
    risk: row.risk,
    spec: row.spec ?? {},
    status: row.status,
    proposedAt: row.proposed_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    result: row.result,
    output: row.output,
    attempt: row.attempt,
    notice: row.notice,
    requiredApprovals: row.required_approvals,
    approvers: row.approvers ?? [],
    worked: row.worked,
    workedBy: row.worked_by,
    followupDueAt: row.followup_due_at,
    followupAskedAt: row.followup_asked_at,
  };
}

/**
 * Action runs matching the filter, oldest first. `awaitingOutcome`: only runs that succeeded and have no answer yet
 * to "did it work?" (asked or not).
 */
export async function findRuns(
  db: Db,
  filter: { id?: string; incidentId?: string; statuses?: ActionRunStatus[]; awaitingOutcome?: boolean } = {},
): Promise<ActionRun[]> {
  const rows = await db.query<RunRow>(sql('actions/select-runs'), [filter.id ?? null, filter.incidentId ?? null, filter.statuses ?? null, filter.awaitingOutcome === true]);
  return rows.map(toRun);
}

/** One action run, or null. */
export async function getRun(db: Db, id: string): Promise<ActionRun | null> {
  const [run] = await findRuns(db, { id });
  return run ?? null;
}

/** Appends one entry to an incident's timeline (through the incident log's own writer). */
export async function addTimelineEntry(
  db: Db,
  entry: { incidentId: string; at: Date; actor: string; kind: string; summary: string; detail?: Record<string, unknown> },
): Promise<void> {
  await addTimelineEntries(db, [{ ...entry, at: entry.at.toISOString() }]);
}
