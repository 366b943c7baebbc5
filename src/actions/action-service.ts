import type { Config } from '../config/schema.js';
import { FirebreakError } from '../errors/catalogue.js';
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Db } from '../store/db.js';
import { sql } from '../store/sql-file.js';
import { mustBeApprover, type ActionEvent, type ActionEvents, type ApproverCheck } from './action-events.js';
import { executeAction } from './action-executors.js';
import { addTimelineEntry, getRun, type ActionRun } from './action-run.js';

/** The answer to a decision, for the Slack ephemeral message or the CLI line. */
export type DecisionResult =
  | { outcome: 'approved'; run: ActionRun }
  | { outcome: 'awaiting-second-approver'; run: ActionRun }
  | { outcome: 'rejected'; run: ActionRun };

export interface ActionServiceDeps {
  db: Db;
  config: Config;
  approvers: ApproverCheck;
  events: ActionEvents;
  logger: Logger;
  now?: () => Date;
  /** Where http header secrets are read from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Counts decisions and results on `firebreak_action_runs_total{outcome}` when given. */
  metrics?: Pick<Metrics, 'actionRuns'>;
}

/**
 * Deciding on and running action runs, with the same rules from Slack and the CLI: only approvers decide; a `high`
 * risk run needs two distinct approvers; an approved run executes exactly once, whoever clicks twice or races
 * (a conditional UPDATE from `approved` to `running` lets exactly one caller through); the result is recorded on
 * the run, as a countermeasure and in the incident's timeline.
 */
export function createActionService(deps: ActionServiceDeps) {
  const now = deps.now ?? (() => new Date());
  const env = deps.env ?? process.env;

  async function tell(event: ActionEvent): Promise<void> {
    if (event.kind === 'approved' || event.kind === 'rejected') deps.metrics?.actionRuns.inc({ outcome: event.kind });
    if (event.kind === 'finished') deps.metrics?.actionRuns.inc({ outcome: event.run.status });
    try {
      await deps.events.emit(event);
    } catch (error) {
      deps.logger.warn({ err: error, run: event.run.id, event: event.kind }, 'action event not delivered');
    }
  }

  async function mustGet(runId: string): Promise<ActionRun> {
    const run = await getRun(deps.db, runId);
    if (run === null) throw new FirebreakError('FB_ERR_NOT_FOUND', `no action run ${runId}`, { run: runId });
    return run;
  }

  const service = {
    /** Approves (or adds an approval to) a proposed run, and runs it once it has enough distinct approvers. */
    async approve(runId: string, user: string): Promise<DecisionResult> {
      await mustBeApprover(deps.approvers, user, { run: runId });
      const at = now();
      const decision = await deps.db.transaction(async (tx) => {
        const [locked] = await tx.query<{ status: string; required_approvals: number }>(sql('actions/lock-run'), [runId]);
        if (locked === undefined) throw new FirebreakError('FB_ERR_NOT_FOUND', `no action run ${runId}`, { run: runId });
        if (locked.status !== 'proposed') {
          throw new FirebreakError('FB_ERR_ACTION_STATE', `${runId} is already ${locked.status}`, { run: runId, status: locked.status });
        }
        const added = await tx.query(sql('actions/add-approval'), [runId, user, at.toISOString()]);
        const approvers = (await tx.query<{ approver: string }>(sql('actions/count-approvals'), [runId])).map((row) => row.approver);
        if (approvers.length < locked.required_approvals) {
          if (added.length > 0) {
            await addTimelineEntry(tx, { incidentId: (await mustGetIn(tx, runId)).incidentId, at, actor: user, kind: 'action-approval', summary: `${runId} approved by ${user} (${approvers.length} of ${locked.required_approvals})`, detail: { run: runId } });
          }
          return { approved: false, secondClickBySamePerson: added.length === 0 };
        }
        await tx.query(sql('actions/decide-run'), [runId, 'approved', approvers.join(', '), at.toISOString()]);
        const run = await mustGetIn(tx, runId);
        await addTimelineEntry(tx, { incidentId: run.incidentId, at, actor: user, kind: 'action-approved', summary: `${runId} (${run.title}) approved by ${approvers.join(' and ')}`, detail: { run: runId, approvers } });
        return { approved: true, secondClickBySamePerson: false };
      });
      if (!decision.approved) {
        const run = await mustGet(runId);
        if (decision.secondClickBySamePerson) {
          throw new FirebreakError('FB_ERR_ACTION_STATE', `${runId} is high risk: it needs a second approver other than ${user}`, { run: runId });
        }
        await tell({ kind: 'approval-recorded', run, by: user });
        return { outcome: 'awaiting-second-approver', run };
      }
      await tell({ kind: 'approved', run: await mustGet(runId), by: user });
      const executed = await service.execute(runId);
      return { outcome: 'approved', run: executed ?? (await mustGet(runId)) };
    },

    /** Rejects a proposed run; it will not run. */
    async reject(runId: string, user: string): Promise<DecisionResult> {
      await mustBeApprover(deps.approvers, user, { run: runId });
      const at = now();
      await deps.db.transaction(async (tx) => {
        const [locked] = await tx.query<{ status: string }>(sql('actions/lock-run'), [runId]);
        if (locked === undefined) throw new FirebreakError('FB_ERR_NOT_FOUND', `no action run ${runId}`, { run: runId });
        if (locked.status !== 'proposed') {
          throw new FirebreakError('FB_ERR_ACTION_STATE', `${runId} is already ${locked.status}`, { run: runId, status: locked.status });
        }
        await tx.query(sql('actions/decide-run'), [runId, 'rejected', user, at.toISOString()]);
        const run = await mustGetIn(tx, runId);
        await addTimelineEntry(tx, { incidentId: run.incidentId, at, actor: user, kind: 'action-rejected', summary: `${runId} (${run.title}) rejected by ${user}`, detail: { run: runId } });
      });
      const run = await mustGet(runId);
      await tell({ kind: 'rejected', run, by: user });
      return { outcome: 'rejected', run };
    },

    /**
     * Executes an approved run if this caller wins the claim; null when someone else has it (or had it). Records
     * the result on the run, as a countermeasure and in the timeline, and schedules the "did it work?" question.
     */
    async execute(runId: string): Promise<ActionRun | null> {
      const started = now();
      const claimed = await deps.db.query(sql('actions/claim-run'), [runId, started.toISOString()]);
      if (claimed.length === 0) return null;
      const run = await mustGet(runId);
      deps.logger.info({ run: run.id, incident: run.incidentId, kind: run.kind }, 'action run started');
      const outcome = await executeAction(run, { db: deps.db, config: deps.config, env, now: started });
      const finished = now();
      // A failed run did not work, no need to ask; a run that succeeded is asked about later.
      const followupDue = outcome.status === 'succeeded' ? new Date(finished.getTime() + deps.config.FIREBREAK_ACTION_FOLLOWUP_S * 1000).toISOString() : null;
      await deps.db.transaction(async (tx) => {
        await tx.query(sql('actions/finish-run'), [runId, outcome.status, finished.toISOString(), outcome.result, outcome.output, followupDue]);
        await tx.query(sql('actions/insert-countermeasure'), [run.incidentId, finished.toISOString(), run.title, outcome.status === 'failed' ? false : null, run.decidedBy, run.id]);
        await addTimelineEntry(tx, { incidentId: run.incidentId, at: finished, actor: 'firebreak', kind: 'action-executed', summary: `${run.id} (${run.title}) ${outcome.status}: ${outcome.result}`, detail: { run: run.id, status: outcome.status } });
      });
      deps.logger.info({ run: run.id, incident: run.incidentId, status: outcome.status }, 'action run finished');
      const done = await mustGet(runId);
      await tell({ kind: 'finished', run: done });
      return done;
    },

    /**
     * Records the human's answer to "did it work?" (the Slack buttons, `firebreak outcome`) as the countermeasure's
     * outcome, with an optional note in the timeline; the first answer stands.
     */
    async recordWorked(runId: string, worked: boolean, user: string, note: string | null = null): Promise<ActionRun> {
      const at = now();
      const updated = await deps.db.transaction(async (tx) => {
        const rows = await tx.query(sql('actions/record-worked'), [runId, worked, user, at.toISOString()]);
        if (rows.length === 0) return false;
        await tx.query(sql('actions/countermeasure-worked'), [runId, worked]);
        const run = await mustGetIn(tx, runId);
        const summary = `${run.title}: ${worked ? 'worked' : 'did not work'} (${user})${note === null ? '' : `: ${note}`}`;
        await addTimelineEntry(tx, { incidentId: run.incidentId, at, actor: user, kind: 'countermeasure-verdict', summary, detail: { run: runId, worked, ...(note === null ? {} : { note }) } });
        return true;
      });
      const run = await getRun(deps.db, runId);
      if (run === null) throw new FirebreakError('FB_ERR_NOT_FOUND', `no action run ${runId}`, { run: runId });
      if (!updated) {
        const why = run.worked !== null ? `already has an answer: it ${run.worked ? 'worked' : 'did not work'} (${run.workedBy ?? 'unknown'})` : `has not run (it is ${run.status})`;
        throw new FirebreakError('FB_ERR_ACTION_STATE', `${runId} ${why}`, { run: runId, status: run.status });
      }
      await tell({ kind: 'worked', run, by: user, worked, note });
      return run;
    },

    /** Asks "did it work?" for each run whose follow-up is due (each once, across workers). */
    async askDueFollowups(): Promise<number> {
      const due = await deps.db.query<{ id: string }>(sql('actions/claim-followups'), [now().toISOString()]);
      for (const { id } of due) {
        const run = await mustGet(id);
        const [alerts] = await deps.db.query<{ firing: number; resolved: number }>(sql('actions/incident-alert-states'), [run.incidentId]);
        await tell({ kind: 'followup', run, alerts: alerts ?? { firing: 0, resolved: 0 } });
      }
      return due.length;
    },

    /** Runs approved runs that nobody executed (their approving process stopped first); safe across workers. */
    async resumeApproved(olderThanMs = 30_000): Promise<number> {
      const stale = await deps.db.query<{ id: string }>(sql('actions/stale-approved-runs'), [new Date(now().getTime() - olderThanMs).toISOString()]);
      let ran = 0;
      for (const { id } of stale) if ((await service.execute(id)) !== null) ran += 1;
      return ran;
    },
  };
  return service;
}

export type ActionService = ReturnType<typeof createActionService>;

async function mustGetIn(db: Db, runId: string): Promise<ActionRun> {
  const run = await getRun(db, runId);
  if (run === null) throw new FirebreakError('FB_ERR_NOT_FOUND', `no action run ${runId}`, { run: runId });
  return run;
}
