import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERTS_QUEUE } from '../../src/queue/alert-job.js';
import { createTestDatabase, TEST_REDIS_URL, testQueuePrefix, type TestDatabase } from '../support/databases.js';
import { alertmanagerDelivery as delivery, postAlertmanager as post } from './support/alert-deliveries.js';
import { startFirebreak, stopAll, type FirebreakProcess } from './support/process-cluster.js';

// Scale-out is more processes on one Redis and one PostgreSQL. These tests start the daemon as the image does
// (`node src/cli/bin.mjs serve --role ...`), two API processes and three workers, and check what an operator
// relies on when adding replicas: every accepted alert is triaged once, none is lost when a worker dies.

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

describe('two API processes and three workers on one Redis and one PostgreSQL', () => {
  let database: TestDatabase;
  let redis: Redis;
  let queue: Queue;
  const prefix = testQueuePrefix();
  const processes: FirebreakProcess[] = [];
  let apis: FirebreakProcess[] = [];
  let workers: FirebreakProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const env = {
      REDIS_URL: TEST_REDIS_URL,
      DATABASE_URL: database.location,
      FIREBREAK_QUEUE_PREFIX: prefix,
      FIREBREAK_REQUIRE_NOEVICTION: 'false',
      FIREBREAK_WORKER_CONCURRENCY: '4',
    };
    // All five start at once: their migrations meet on the same database and must serialise.
    const started = await Promise.allSettled([
      startFirebreak('api', env),
      startFirebreak('api', env),
      startFirebreak('worker', env),
      startFirebreak('worker', env),
      startFirebreak('worker', env),
    ]);
    for (const result of started) if (result.status === 'fulfilled') processes.push(result.value);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    apis = processes.filter((process_) => process_.role === 'api');
    workers = processes.filter((process_) => process_.role === 'worker');
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(ALERTS_QUEUE, { connection: redis, prefix });
  }, 150_000);

  afterAll(async () => {
    await stopAll(processes);
    await queue?.close();
    redis?.disconnect();
    await database?.drop();
  }, 60_000);

  it('processes every alert accepted by either API, also when a worker is killed mid-stream', async () => {
    const total = 60;
    const accepted: string[] = [];
    for (let index = 0; index < total; index += 1) {
      const api = apis[index % apis.length]!;
      const result = await post(api.url, delivery(index));
      expect(result.status).toBe(202);
      accepted.push(result.deliveryKey);
      // A third of the way in, one worker dies without a chance to clean up (an OOM kill, a lost node).
      if (index === Math.floor(total / 3)) await workers[0]!.stop('SIGKILL');
    }
    // A job the killed worker had in hand comes back once its lock expires (BullMQ: up to lockDuration +
    // stalledInterval, 30 s each by default).
    await waitFor(async () => ((await queue.getJobCounts('completed')).completed ?? 0) >= total, 150_000, 'every job to complete');
    const counts = await queue.getJobCounts('completed', 'failed', 'waiting', 'active');
    expect(counts).toEqual({ completed: total, failed: 0, waiting: 0, active: 0 });
    const completed = await queue.getJobs(['completed'], 0, total);
    expect(new Set(completed.map((job) => job.id))).toEqual(new Set(accepted));
    // What stays delayed is triage's own holds (a recheck at a later time), never an alert delivery.
    const delayed = await queue.getJobs(['delayed']);
    expect(delayed.filter((job) => job.data.kind !== 'recheck').map((job) => job.id)).toEqual([]);
    // In the store: each delivery's alert recorded once (keyed <delivery>/<index in the body>), each alert once,
    // whichever worker took it or took it over.
    const deliveries = await database.db.query<{ delivery_key: string; count: string }>(
      'SELECT delivery_key, count(*)::text AS count FROM alert_deliveries GROUP BY delivery_key',
    );
    expect(deliveries.map((row) => row.delivery_key).sort()).toEqual(accepted.map((key) => `${key}/0`).sort());
    expect(deliveries.every((row) => row.count === '1')).toBe(true);
    const alerts = await database.db.query<{ count: string }>('SELECT count(*)::text AS count FROM alerts');
    expect(Number(alerts[0]?.count)).toBe(total);
  }, 240_000);

  it('stops an API process on SIGTERM with exit code 0 while the other keeps accepting', async () => {
    const [leaving, staying] = apis;
    const exit = await leaving!.stop('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(leaving!.logs.some((line) => line.msg === 'shutting down')).toBe(true);
    expect((await post(staying!.url, delivery(1000))).status).toBe(202);
  }, 30_000);

  it('stops a worker on SIGTERM with exit code 0, and the others finish the queue', async () => {
    const exit = await workers[1]!.stop('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    await waitFor(async () => (await queue.getJobCounts('waiting', 'active')).waiting === 0, 30_000, 'the queue to drain');
  }, 30_000);
});
