import { UnrecoverableError, type Job, type Worker } from 'bullmq';
import type { Metrics } from './metrics.js';

/** The job kinds of `AlertJob`; anything else is counted as `other` so the label stays bounded. */
const JOB_KINDS = new Set(['alerts', 'change', 'recheck']);

/** The `kind` label of a job: its `data.kind` when it is one of the known kinds. */
export function jobKindLabel(job: Job | undefined): string {
  const kind = (job?.data as { kind?: unknown } | undefined)?.kind;
  return typeof kind === 'string' && JOB_KINDS.has(kind) ? kind : 'other';
}

/**
 * Counts a BullMQ worker's failed attempts: `firebreak_queue_jobs_retried_total` when the job has attempts left
 * (BullMQ will run it again), `firebreak_queue_jobs_failed_total` when it has failed for good. Call once per
 * worker, right after creating it.
 *
 * @example observeWorker(new Worker(ALERTS_QUEUE, processor, options), metrics)
 */
export function observeWorker(worker: Pick<Worker, 'on'>, metrics: Pick<Metrics, 'jobsFailed' | 'jobsRetried'>): void {
  worker.on('failed', (job: Job | undefined, error: Error) => {
    const kind = jobKindLabel(job);
    if (willRetry(job, error)) metrics.jobsRetried.inc({ kind });
    else metrics.jobsFailed.inc({ kind });
  });
}

/** BullMQ has already counted the failed attempt in `attemptsMade` when it emits `failed`. */
function willRetry(job: Job | undefined, error: Error): boolean {
  if (job === undefined || error instanceof UnrecoverableError || error.name === 'UnrecoverableError') return false;
  return job.attemptsMade < (job.opts.attempts ?? 1);
}
