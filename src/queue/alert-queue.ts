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
 * The `alerts` queue on the given connection, under `prefix` (FIREBREAK_QUEUE_PREFIX; tests use their own).
 * The connection is shared, not owned: close it after the queue.
 */
export function createAlertQueue(connection: Redis, prefix: string): AlertQueue {
  return new Queue<AlertJob, unknown, string>(ALERTS_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: KEEP_COMPLETED_S },
      removeOnFail: { age: KEEP_FAILED_S },
    },
  });
}
