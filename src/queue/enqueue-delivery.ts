import type { Redis } from 'ioredis';
import { FirebreakError } from '../errors/catalogue.js';
import type { AlertJob } from './alert-job.js';
import type { AlertQueue } from './alert-queue.js';
import { batchWritesThisTurn } from './write-batching.js';

/** Answer within 2 s (the bound) with room for the HTTP round trip. */
export const ENQUEUE_TIMEOUT_MS = 1500;

export interface EnqueueResult {
  /** A job with this delivery key was already queued (a redelivery); nothing was added. */
  duplicate: boolean;
}

/**
 * Adds one delivery's job, its id the delivery key, and resolves only once Redis holds it. Throws
 * FB_ERR_QUEUE_UNAVAILABLE at once when the connection is not ready, and after `timeoutMs` when Redis does not
 * answer: the sender is told to retry, and a retry of a job that did land meanwhile is a duplicate, not a second job.
 *
 * The duplicate flag comes from checking the job key just before the add. Two identical deliveries racing may both be told
 * "not a duplicate", but BullMQ still holds one job: the flag is informational, the job id is the guarantee.
 */
export async function enqueueDelivery(
  queue: AlertQueue,
  connection: Redis,
  job: AlertJob,
  timeoutMs: number = ENQUEUE_TIMEOUT_MS,
): Promise<EnqueueResult> {
  if (connection.status !== 'ready') {
    throw new FirebreakError('FB_ERR_QUEUE_UNAVAILABLE', `Redis is not reachable (connection ${connection.status})`, { deliveryKey: job.deliveryKey });
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new FirebreakError('FB_ERR_QUEUE_UNAVAILABLE', `Redis did not answer within ${timeoutMs} ms`, { deliveryKey: job.deliveryKey })),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([add(queue, connection, job), timeout]);
  } catch (error) {
    if (error instanceof FirebreakError) throw error;
    throw new FirebreakError('FB_ERR_QUEUE_UNAVAILABLE', `Redis refused the job: ${(error as Error).message}`, { deliveryKey: job.deliveryKey }, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One round trip: EXISTS is written to the connection first (ioredis writes in the call) and the queue shares that
 * connection, so Redis runs it before the add and it sees whether the job was already there. A job that exists
 * makes the add a no-op in Redis (BullMQ keeps the first job with an id). Both leave with whatever else this
 * event-loop turn writes, in one write (write-batching.ts).
 */
async function add(queue: AlertQueue, connection: Redis, job: AlertJob): Promise<EnqueueResult> {
  batchWritesThisTurn(connection);
  const existed = connection.exists(queue.toKey(job.deliveryKey));
  const added = queue.add(job.kind, job, { jobId: job.deliveryKey });
  const [count] = await Promise.all([existed, added]);
  return { duplicate: count === 1 };
}
