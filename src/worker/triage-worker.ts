import { UnrecoverableError, Worker } from 'bullmq';
import { createTriagePipeline } from '../../agents/pipeline.js';
import { DEFAULT_TRIAGE_POLICY } from '../../agents/policy.js';
import type { DaemonContext } from '../daemon/daemon-context.js';
import { isFirebreakError } from '../errors/catalogue.js';
import { observeWorker } from '../metrics/worker-metrics.js';
import { metricsTriageObserver } from '../metrics/triage-metrics.js';
import { loadPlaybooks } from '../playbooks/load-playbooks.js';
import { ALERTS_QUEUE, type AlertJob } from '../queue/alert-job.js';
import { triageBackoffMs } from '../queue/alert-queue.js';
import { createActionProposals, createIncidentNotifier } from '../slack/slack-wiring.js';
import { SqlAlertLog } from '../store/triage/sql-alert-log.js';
import { SqlAlertContext } from '../store/triage/sql-alert-context.js';
import { SqlIncidentLog } from '../store/triage/sql-incident-log.js';
import { SqlChangeLog, SqlIncidentHistory, SqlVerdictLog } from '../store/triage/sql-knowledge.js';
import { BullmqScheduler } from './bullmq-scheduler.js';
import { logDecisions } from './decision-log.js';
import { createPlannerStatistics } from '../store/planner-statistics.js';
import { createTriageLock } from '../store/triage/triage-lock.js';
import { createLogSource } from '../logs/create-log-source.js';
import { createLlmTriage } from '../llm/create-llm-triage.js';

/**
 * The worker role: consumes the `alerts` queue and runs each job through the triage pipeline, wired to the store
 * (PostgreSQL or PGlite), BullMQ delayed jobs for holds, Slack (or a logging notifier) and the configured log
 * sources. Playbooks are loaded once at start: a folder that does not load stops the worker with file and key.
 *
 * A job that cannot succeed (a FirebreakError that is not retryable) fails as unrecoverable; anything else
 * (the store or Redis away) is retried with the queue's backoff, so no alert is dropped.
 */
export async function startTriageWorker(context: DaemonContext): Promise<{ close(): Promise<void> }> {
  const { config, logger, clock } = context;
  const playbooks = loadPlaybooks(config.FIREBREAK_PLAYBOOKS_DIR);
  logger.info({ playbooks: playbooks.length, dir: config.FIREBREAK_PLAYBOOKS_DIR }, 'playbooks loaded');
  // Triage's reads and writes go through the lock's handle: inside a decision, its turn's transaction.
  const lock = createTriageLock(context.db, {
    turnTaken(heldSeconds) {
      context.metrics.triageTurns.inc();
      context.metrics.triageLockHeld.inc(heldSeconds);
    },
  });
  const triageDb = lock.db;
  const scheduler = new BullmqScheduler(context.queue, clock);
  const pipeline = createTriagePipeline({
    alertLog: new SqlAlertLog(triageDb),
    alertContext: new SqlAlertContext(triageDb),
    incidentLog: new SqlIncidentLog(triageDb),
    changeLog: new SqlChangeLog(triageDb),
    verdictLog: new SqlVerdictLog(triageDb),
    history: new SqlIncidentHistory(triageDb),
    // A recheck job may run at once (the LLM's): it must find the decision it follows committed.
    scheduler: { recheckAt: (alertId, at, reason) => lock.afterCommit(() => scheduler.recheckAt(alertId, at, reason)) },
    notifier: createIncidentNotifier({ ...context, db: triageDb }),
    proposals: createActionProposals({ ...context, db: triageDb }),
    logs: createLogSource(config),
    clock,
    lock,
    observer: metricsTriageObserver(context.metrics, clock),
    playbooks,
    policy: DEFAULT_TRIAGE_POLICY,
    llm: createLlmTriage(context),
  });

  const statistics = createPlannerStatistics(context.db, logger);
  const worker = new Worker<AlertJob, void, string>(
    ALERTS_QUEUE,
    async (job) => {
      try {
        const outcomes = await pipeline.handle(job.data);
        void statistics.decided(outcomes.length);
        logger.debug({ jobId: job.id, kind: job.data.kind, outcomes }, 'job triaged');
        await logDecisions(context.db, logger, job.id, job.data, outcomes);
      } catch (error) {
        if (isFirebreakError(error) && !error.retryable) {
          logger.error({ jobId: job.id, code: error.code, context: error.context, err: { message: error.message } }, 'job cannot be triaged');
          throw new UnrecoverableError(`${error.code}: ${error.message}`);
        }
        logger.warn({ jobId: job.id, attempt: job.attemptsMade + 1, err: { message: (error as Error).message } }, 'triage failed; the job will be retried');
        context.reportError(error, { jobId: job.id ?? null, kind: job.data.kind });
        throw error;
      }
    },
    {
      connection: context.redisOptions,
      prefix: context.queuePrefix,
      concurrency: config.FIREBREAK_WORKER_CONCURRENCY,
      // A killed worker's jobs go back to the queue at the first stalled-job check after their lock ran out.
      lockDuration: config.FIREBREAK_JOB_LOCK_S * 1000,
      stalledInterval: config.FIREBREAK_JOB_LOCK_S * 1000,
      settings: { backoffStrategy: (attemptsMade: number) => triageBackoffMs(attemptsMade) },
    },
  );
  worker.on('error', (error) => logger.warn({ err: { message: error.message } }, 'worker connection error'));
  observeWorker(worker, context.metrics);
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
    },
  };
}
