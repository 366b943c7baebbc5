import { RECHECK_LLM, type AlertOutcome } from '../../agents/pipeline.js';
import type { Logger } from '../logging/logger.js';
import type { AlertJob } from '../queue/alert-job.js';
import type { Db } from '../store/db.js';
import { readAlertDecisions, type AlertDecisionRecord } from '../store/alerts/alert-decisions.js';

/**
 * One info line per alert a job handled, so that whoever reads the daemon's log sees every alert held, suppressed
 * or sent to an incident, not only the incidents (no alert is silently ignored):
 *
 *   {"msg":"alert triaged","jobId":"...","alert":{"id":42,"source":"alertmanager","rule":"DiskFull","service":"db"},
 *    "outcome":"new","decision":{"kind":"held","until":"2025-06-02T08:05:00.000Z"}}
 *
 * and `"alert rechecked"` with `"recheck": "transient-hold"` when a hold (or the safety net) came due. The decision
 * is the alert's state at the end of its job: as the pipeline returns it, or, where it does not (a redelivery, a
 * recheck, an alert a later alert of the job pulled into an incident), read for the job in one query on the primary
 * key (none when there is nothing to read); another job may have changed it since, which a later line will say.
 * The alert's title, labels and payload are never logged: they are the sender's text. A failed read costs the
 * decision, never the job; below the info level nothing is read.
 */
export async function logDecisions(db: Db, logger: Logger, jobId: string | undefined, job: AlertJob, outcomes: readonly AlertOutcome[]): Promise<void> {
  if (job.kind === 'change' || (job.kind === 'recheck' && job.reason === RECHECK_LLM) || !logger.isLevelEnabled('info')) return;
  const ids = job.kind === 'recheck' ? [job.alertId] : outcomes.flatMap((outcome) => (outcome.alertId === null || outcome.decision !== undefined ? [] : [outcome.alertId]));
  let decided = new Map<number, AlertDecisionRecord>();
  try {
    decided = await readAlertDecisions(db, ids);
  } catch (error) {
    logger.warn({ jobId, alerts: ids, err: { message: (error as Error).message } }, 'could not read the decisions just made; logging the outcomes alone');
  }
  if (job.kind === 'recheck') {
    const record = decided.get(job.alertId);
    logger.info({ jobId, alert: record === undefined ? { id: job.alertId } : identity(record), recheck: job.reason, decision: record?.decision ?? null }, 'alert rechecked');
    return;
  }
  for (const [index, outcome] of outcomes.entries()) {
    const record = outcome.alertId === null ? undefined : decided.get(outcome.alertId);
    const sent = job.alerts[index];
    const alert = record !== undefined ? identity(record) : { id: outcome.alertId, source: sent?.source ?? job.source, rule: sent?.rule ?? null, service: sent?.service ?? null };
    logger.info({ jobId, alert, outcome: outcome.outcome, decision: outcome.decision ?? record?.decision ?? null }, 'alert triaged');
  }
}

function identity(record: AlertDecisionRecord): { id: number; source: string; rule: string; service: string | null } {
  return { id: record.id, source: record.source, rule: record.rule, service: record.service };
}
