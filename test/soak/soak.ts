/**
 * `npm run soak`: realistic load for FIREBREAK_SOAK_MINUTES (default 30) against a real api process and a real
 * worker process (own redis-server, own PostgreSQL database, loopback), printing every 30 s each process's resident
 * memory, the p50/p99 of the webhook answers in that window and the queue backlog, then whether memory and latency
 * stayed flat (last third against the first third after warm-up). Nightly-style, not part of CI.
 */
import { readFileSync } from 'node:fs';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ALERTS_QUEUE } from '../../src/queue/alert-job.js';
import { createTestDatabase, testQueuePrefix } from '../support/databases.js';
import { OwnRedisServer } from '../http/support/redis-server.js';
import { serveProcess, sleep } from '../faults/support/serve-process.js';

const MINUTES = Number(process.env.FIREBREAK_SOAK_MINUTES ?? 30);
const RATE_PER_S = Number(process.env.FIREBREAK_SOAK_RATE ?? 20);
const SAMPLE_S = Number(process.env.FIREBREAK_SOAK_SAMPLE_S ?? 30);

const rssMb = (pid: number | undefined) => {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

/** A realistic mix: 200 rules over 20 services, repeats of firing alerts, resolves, now and then a storm. */
function nextBody(tick: number): string {
  const rule = Math.floor(Math.random() ** 2 * 200);
  const service = `svc-${rule % 20}`;
  const storm = tick % 600 < 20;
  const alerts = Array.from({ length: storm ? 5 : 1 }, (_, k) => ({
    status: Math.random() < 0.3 ? 'resolved' : 'firing',
    labels: { alertname: `Rule${rule + k}`, service, severity: rule % 10 === 0 ? 'critical' : 'warning' },
    annotations: { summary: `Rule${rule + k} on ${service}` },
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    fingerprint: `50a4${String(rule + k).padStart(12, '0')}`,
  }));
  return JSON.stringify({ version: '4', status: alerts[0]!.status, receiver: 'firebreak', groupKey: `{}:{service="${service}"}`, alerts, tick });
}

async function main(): Promise<void> {
  const database = await createTestDatabase('postgres');
  const redis = await OwnRedisServer.start();
  const prefix = testQueuePrefix();
  const env = { REDIS_URL: redis.url, DATABASE_URL: database.location, FIREBREAK_QUEUE_PREFIX: prefix, LOG_LEVEL: 'info' };
  const api = serveProcess('api', env);
  const worker = serveProcess('worker', env);
  const stopAll = () => Promise.all([api.stop('SIGKILL'), worker.stop('SIGKILL')]);
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  const url = await api.ready;
  await worker.ready;
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  const queue = new Queue(ALERTS_QUEUE, { connection, prefix });
  const samples: Array<{ minute: number; apiRssMb: number; workerRssMb: number; p50Ms: number; p99Ms: number; errors: number; backlog: number }> = [];
  let latencies: number[] = [];
  let errors = 0;
  let tick = 0;
  const end = Date.now() + MINUTES * 60_000;
  const started = Date.now();
  let nextSample = Date.now() + SAMPLE_S * 1000;
  console.log(`soak: ${MINUTES} min at ${RATE_PER_S}/s against ${url}`);
  while (Date.now() < end) {
    const at = performance.now();
    void fetch(`${url}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: nextBody(tick++) })
      .then(async (response) => {
        await response.arrayBuffer();
        if (response.status !== 202) errors++;
        latencies.push(performance.now() - at);
      })
      .catch(() => errors++);
    await sleep(1000 / RATE_PER_S);
    if (Date.now() >= nextSample) {
      nextSample += SAMPLE_S * 1000;
      const counts = await queue.getJobCounts('waiting', 'active');
      const sample = {
        minute: Math.round((Date.now() - started) / 6000) / 10,
        apiRssMb: Math.round(rssMb(api.child.pid)),
        workerRssMb: Math.round(rssMb(worker.child.pid)),
        p50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
        p99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
        errors,
        backlog: (counts.waiting ?? 0) + (counts.active ?? 0),
      };
      samples.push(sample);
      console.log(JSON.stringify(sample));
      latencies = [];
      errors = 0;
    }
  }
  const third = Math.max(1, Math.floor(samples.length / 3));
  const mean = (rows: typeof samples, key: 'apiRssMb' | 'workerRssMb' | 'p99Ms') => rows.reduce((sum, row) => sum + row[key], 0) / rows.length;
  const early = samples.slice(1, 1 + third);
  const late = samples.slice(-third);
  const verdict = Object.fromEntries((['apiRssMb', 'workerRssMb', 'p99Ms'] as const).map((key) => [key, { early: Math.round(mean(early, key)), late: Math.round(mean(late, key)) }]));
  console.log(`soak summary: ${JSON.stringify(verdict)}`);
  await queue.close();
  connection.disconnect();
  await api.stop();
  await worker.stop();
  await redis.destroy();
  await database.drop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
