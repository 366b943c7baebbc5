/**
 * `npm run bench:scale`: how triage throughput grows with 1, 2 and 4 worker processes on one Redis and one
 * PostgreSQL. For each worker count: a fresh database and queue prefix, one API process and the workers, all
 * started as the image starts them; the queue is paused while BENCH_ALERTS deliveries are posted through the API,
 * then resumed, and the time until every job has completed is measured, with the CPU time the workers used per
 * alert (steadier than alerts/s on a busy machine). Prints figures; asserts nothing.
 * Environment: BENCH_ALERTS (default 400), BENCH_WORKERS (default "1,2,4"), FIREBREAK_WORKER_CONCURRENCY (32).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ALERTS_QUEUE } from '../../src/queue/alert-job.js';
import { createTestDatabase, TEST_REDIS_URL, testQueuePrefix, type TestDatabase } from '../support/databases.js';
import { alertmanagerDelivery, postAlertmanager } from './support/alert-deliveries.js';
import { startFirebreak, stopAll, type FirebreakProcess } from './support/process-cluster.js';

const ALERTS = Number(process.env.BENCH_ALERTS ?? 400);
const WORKER_COUNTS = (process.env.BENCH_WORKERS ?? '1,2,4').split(',').map(Number);
const CONCURRENCY = process.env.FIREBREAK_WORKER_CONCURRENCY ?? '32';

/** CPU seconds (user + system) a process has used, from /proc (clock ticks of 1/100 s on Linux). */
function cpuSeconds(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Bytes Redis holds under the queue prefix (jobs kept 24 h after completion, holds, indexes). */
async function redisBytes(redis: Redis, prefix: string): Promise<number> {
  let total = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) total += Number(await redis.memory('USAGE', key)) || 0;
  } while (cursor !== '0');
  return total;
}

/** Bytes of the tables and indexes an alert writes to (alerts, deliveries, suppressions, timeline). */
async function postgresBytes(database: TestDatabase): Promise<number> {
  const rows = await database.db.query<{ bytes: string }>(
    `SELECT sum(pg_total_relation_size(name::regclass))::text AS bytes
       FROM unnest(ARRAY['alerts', 'alert_deliveries', 'suppressions', 'timeline']) AS name`,
  );
  return Number(rows[0]?.bytes ?? 0);
}

async function run(workerCount: number): Promise<{ seconds: number; perSecond: number; failed: number; cpuMsPerAlert: number; retries: number; redisBytesPerJob: number; postgresBytesPerAlert: number }> {
  const database = await createTestDatabase('postgres');
  const prefix = testQueuePrefix();
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(ALERTS_QUEUE, { connection: redis, prefix });
  const processes: FirebreakProcess[] = [];
  try {
    const env = {
      REDIS_URL: TEST_REDIS_URL,
      DATABASE_URL: database.location,
      FIREBREAK_QUEUE_PREFIX: prefix,
      FIREBREAK_REQUIRE_NOEVICTION: 'false',
      FIREBREAK_WORKER_CONCURRENCY: CONCURRENCY,
      LOG_LEVEL: 'warn',
    };
    const api = await startFirebreak('api', env);
    processes.push(api);
    await queue.pause();
    for (let index = 0; index < workerCount; index += 1) processes.push(await startFirebreak('worker', { ...env, LOG_LEVEL: 'info' }));
    for (let index = 0; index < ALERTS; index += 1) {
      const { status } = await postAlertmanager(api.url, alertmanagerDelivery(index));
      if (status !== 202) throw new Error(`delivery ${index} answered ${status}`);
    }
    const workers = processes.filter((process_) => process_.role === 'worker');
    const cpuBefore = workers.reduce((sum, worker) => sum + cpuSeconds(worker.child.pid), 0);
    const started = performance.now();
    await queue.resume();
    for (;;) {
      const counts = await queue.getJobCounts('completed', 'failed');
      if ((counts.completed ?? 0) + (counts.failed ?? 0) >= ALERTS) {
        const seconds = (performance.now() - started) / 1000;
        const cpu = workers.reduce((sum, worker) => sum + cpuSeconds(worker.child.pid), 0) - cpuBefore;
        // A job that failed and was retried (a conflict with another worker, a timeout) logs why.
        const retries = workers.flatMap((worker) => worker.logs).filter((line) => line.msg === 'triage failed; the job will be retried').length;
        return {
          seconds,
          perSecond: ALERTS / seconds,
          failed: counts.failed ?? 0,
          cpuMsPerAlert: (cpu * 1000) / ALERTS,
          retries,
          redisBytesPerJob: (await redisBytes(redis, prefix)) / ALERTS,
          postgresBytesPerAlert: (await postgresBytes(database)) / ALERTS,
        };
      }
      await new Promise((done) => setTimeout(done, 20));
    }
  } finally {
    await stopAll(processes);
    await queue.close();
    redis.disconnect();
    await database.drop();
  }
}

console.log(`scale-out: ${ALERTS} Alertmanager alerts through one API, worker concurrency ${CONCURRENCY}, ${availableParallelism()} CPUs`);
let baseline = 0;
for (const workers of WORKER_COUNTS) {
  const result = await run(workers);
  baseline ||= result.perSecond;
  console.log(
    `${String(workers).padStart(2)} worker${workers === 1 ? ' ' : 's'}  ${result.seconds.toFixed(2)} s  ` +
      `${result.perSecond.toFixed(1)} alerts/s  x${(result.perSecond / baseline).toFixed(2)}  ` +
      `worker CPU ${result.cpuMsPerAlert.toFixed(1)} ms/alert  ${result.retries} retried  ` +
      `Redis ${Math.round(result.redisBytesPerJob)} B/job  PostgreSQL ${Math.round(result.postgresBytesPerAlert)} B/alert` +
      `${result.failed > 0 ? `  (${result.failed} failed)` : ''}`,
  );
}
