import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { ALERTS_QUEUE, type AlertJob } from './alert-job.js';

export type AlertQueue = Queue<AlertJob, unknown, string>;

/**
 * How long a finished job is kept. It is also the window in which a redelivered body is recognised as a
 * duplicate: the job id is the delivery key, and BullMQ adds nothing when a job with that id exists.
 */
export const KEEP_COMPLETED_S = 24 * 3600;
export const KEEP_FAILED_S = 7 * 24 * 3600;

/**
 * Retries of a triage job that failed for a passing reason (the store or Redis away): doubling from 1 s, capped at
 * a minute, for about an hour and a half in all, so an outage of the store delays alerts and loses none. A job
 * that cannot succeed fails at once as unrecoverable instead.
 */
export const TRIAGE_ATTEMPTS = 100;
export const TRIAGE_BACKOFF = 'capped-exponential';
export function triageBackoffMs(attemptsMade: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, attemptsMade - 1));
}

/**
 * The `alerts` queue on the given connection, under `prefix` (FIREBREAK_QUEUE_PREFIX; tests use their own).
 * The connection is shared, not owned: close it after the queue.
 */
export function createAlertQueue(connection: Redis, prefix: string): AlertQueue {
  return new Queue<AlertJob, unknown, string>(ALERTS_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: TRIAGE_ATTEMPTS,
      backoff: { type: TRIAGE_BACKOFF },
      removeOnComplete: { age: KEEP_COMPLETED_S },
      removeOnFail: { age: KEEP_FAILED_S },
    },
  });
}
