import type { Queue } from 'bullmq';
import type { Clock } from '../../agents/ports/clock.js';
import type { Scheduler } from '../../agents/ports/scheduler.js';
import type { AlertJob } from '../queue/alert-job.js';

/**
 * The Scheduler port on BullMQ: a recheck is a delayed job on the alerts queue. Its id is derived from the alert,
 * the time and the reason, so a retried triage job that schedules again adds nothing.
 */
export class BullmqScheduler implements Scheduler {
  constructor(
    private readonly queue: Queue<AlertJob, unknown, string>,
    private readonly clock: Clock,
  ) {}

  async recheckAt(alertId: number, at: Date, reason: string): Promise<void> {
    const deliveryKey = `recheck-${alertId}-${at.getTime()}-${reason}`;
    await this.queue.add(
      'recheck',
      { kind: 'recheck', deliveryKey, alertId, reason, dueAt: at.toISOString() },
      { jobId: deliveryKey, delay: Math.max(0, at.getTime() - this.clock.now().getTime()) },
    );
  }
}
