import { Worker } from 'bullmq';
import type { DaemonContext } from '../daemon/daemon-context.js';
import { observeWorker } from '../metrics/worker-metrics.js';
import { ALERTS_QUEUE, type AlertJob } from '../queue/alert-job.js';

/**
 * The worker role: consumes the `alerts` queue. PLACEHOLDER BODY (issue 3 wiring): it only logs each job so the
 * daemon runs end to end; the triage pipeline replaces the processor (the lead's issue). Keep the signature.
 */
export async function startTriageWorker(context: DaemonContext): Promise<{ close(): Promise<void> }> {
  const worker = new Worker<AlertJob, void, string>(
    ALERTS_QUEUE,
    async (job) => {
      const data = job.data;
      context.logger.info(
        { jobId: job.id, kind: data.kind, alerts: data.kind === 'alerts' ? data.alerts.length : undefined },
        'job received (triage pipeline not wired yet)',
      );
    },
    {
      connection: context.redisOptions,
      prefix: context.queuePrefix,
      concurrency: context.config.FIREBREAK_WORKER_CONCURRENCY,
    },
  );
  worker.on('error', (error) => context.logger.warn({ err: { message: error.message } }, 'worker connection error'));
  observeWorker(worker, context.metrics);
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
    },
  };
}
