/**
 * `npm run soak`: realistic load for FIREBREAK_SOAK_MINUTES (default 30) against a real api process and a real
 * worker process (own redis-server, own PostgreSQL database, a local Slack and a local OpenAI-compatible server,
 * loopback), printing every FIREBREAK_SOAK_SAMPLE_S (30 s) each process's resident memory, the p50/p99 of the
 * webhook answers and of triage (a job's enqueue to its completion) in that window, the queue backlog, the worker's
 * CPU time per webhook post (its work, whatever else loads the machine) and the machine's load average; at the end
 * it waits for the backlog to drain and counts alerts sent, acknowledged, triaged and lost, then says whether
 * memory and latency stayed flat (last third against the first third after warm-up). Nightly-style, not CI.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ALERTS_QUEUE } from '../../src/queue/alert-job.js';
import { createTestDatabase, testQueuePrefix } from '../support/databases.js';
import { OwnRedisServer } from '../http/support/redis-server.js';
import { eventually, serveProcess, sleep } from '../faults/support/serve-process.js';
import { startFakeSlack } from '../slack/support/fake-slack.js';
import { FakeOpenAiServer, triageReply } from '../llm/support/fake-openai-server.js';

const MINUTES = Number(process.env.FIREBREAK_SOAK_MINUTES ?? 30);
const RATE_PER_S = Number(process.env.FIREBREAK_SOAK_RATE ?? 20);
const SAMPLE_S = Number(process.env.FIREBREAK_SOAK_SAMPLE_S ?? 30);
const DRAIN_S = 300;

const rssMb = (pid: number | undefined) => {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
};
/** CPU seconds (user + system) a process has used so far: per window, the work done, whatever else loads the machine. */
const cpuS = (pid: number | undefined) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const round1 = (value: number) => Math.round(value * 10) / 10;

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

/** Enqueue-to-completion times (ms) of the alert jobs that completed since `since` (newest first in BullMQ). */
async function triageLatencies(queue: Queue, since: number): Promise<number[]> {
  const found: number[] = [];
  const page = 500;
  for (let start = 0; ; start += page) {
    const jobs = await queue.getJobs(['completed'], start, start + page - 1, false);
    for (const job of jobs) if (job.name === 'alerts' && (job.finishedOn ?? 0) >= since) found.push((job.finishedOn ?? 0) - job.timestamp);
    if (jobs.length < page || (jobs.at(-1)?.finishedOn ?? 0) < since) return found;
  }
}

async function main(): Promise<void> {
  const database = await createTestDatabase('postgres');
  const redis = await OwnRedisServer.start();
  const slack = await startFakeSlack();
  const llm = new FakeOpenAiServer().script({ content: triageReply(), delayMs: 300 });
  const llmUrl = await llm.start();
  const prefix = testQueuePrefix();
  const env = {
    REDIS_URL: redis.url,
    DATABASE_URL: database.location,
    FIREBREAK_QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'info',
    SLACK_API_URL: slack.url,
    SLACK_BOT_TOKEN: 'xoxb-soak',
    SLACK_CHANNEL: 'C_SOAK',
    OPENAI_BASE_URL: llmUrl,
    FIREBREAK_LLM_MODEL: 'fake-model',
  };
  const api = serveProcess('api', env);
  const worker = serveProcess('worker', env);
  const stopAll = () => Promise.all([api.stop('SIGKILL'), worker.stop('SIGKILL')]);
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  const url = await api.ready;
  await worker.ready;
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  const queue = new Queue(ALERTS_QUEUE, { connection, prefix });
  type Sample = {
    minute: number; apiRssMb: number; workerRssMb: number; p50Ms: number; p99Ms: number; triageP50Ms: number; triageP99Ms: number;
    errors: number; backlog: number; workerCpuMsPerPost: number; load1: number;
  };
  const samples: Sample[] = [];
  const acknowledged = new Set<string>();
  let sent = 0;
  let duplicates = 0;
  let givenUp = 0;
  const refusals: Record<string, number> = {};
  let latencies: number[] = [];
  let errors = 0;
  let errorsTotal = 0;
  const inFlight = new Set<Promise<void>>();
  const started = Date.now();
  const end = started + MINUTES * 60_000;
  let windowStart = started;
  let windowCpuS = cpuS(worker.child.pid);
  let windowSent = 0;
  let nextSample = started + SAMPLE_S * 1000;
  console.log(`soak: ${MINUTES} min at ${RATE_PER_S}/s against ${url}`);
  // Sends on a fixed schedule (tick n at started + n / rate), so a slow answer does not slow the load down.
  for (let tick = 0; Date.now() < end; tick++) {
    await sleep(Math.max(0, started + (tick * 1000) / RATE_PER_S - Date.now()));
    sent++;
    windowSent++;
    const body = nextBody(tick);
    // A sender retries what was not acknowledged (Alertmanager does, with backoff): the first answer's latency
    // is measured, every refusal counted by status, and only a post refused 10 times is given up.
    const request = (async () => {
      for (let attempt = 0; attempt < 10; attempt++) {
        const sentAt = performance.now();
        const outcome = await fetch(`${url}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(10_000) })
          .then(async (response) => ({ status: response.status, answer: (await response.json().catch(() => ({}))) as { deliveryKey?: string; duplicate?: boolean } }))
          .catch((error: unknown) => ({ status: (error as Error).name === 'TimeoutError' ? 'timeout' : 'network', answer: {} as { deliveryKey?: string; duplicate?: boolean } }));
        if (attempt === 0) latencies.push(performance.now() - sentAt);
        if (outcome.status === 202 && typeof outcome.answer.deliveryKey === 'string') {
          if (outcome.answer.duplicate === true) duplicates++;
          acknowledged.add(outcome.answer.deliveryKey);
          return;
        }
        errors++;
        refusals[String(outcome.status)] = (refusals[String(outcome.status)] ?? 0) + 1;
        await sleep(Math.min(5000, 500 * 2 ** attempt));
      }
      givenUp++;
    })();
    inFlight.add(request);
    void request.finally(() => inFlight.delete(request));
    if (Date.now() >= nextSample) {
      const now = Date.now();
      const counts = await queue.getJobCounts('waiting', 'active', 'prioritized');
      const triage = await triageLatencies(queue, windowStart);
      const sample: Sample = {
        minute: round1((now - started) / 60_000),
        apiRssMb: Math.round(rssMb(api.child.pid)),
        workerRssMb: Math.round(rssMb(worker.child.pid)),
        p50Ms: round1(percentile(latencies, 50)),
        p99Ms: round1(percentile(latencies, 99)),
        triageP50Ms: Math.round(percentile(triage, 50)),
        triageP99Ms: Math.round(percentile(triage, 99)),
        errors,
        backlog: (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.prioritized ?? 0),
        workerCpuMsPerPost: round1(((cpuS(worker.child.pid) - windowCpuS) * 1000) / Math.max(1, windowSent)),
        load1: round1(loadavg()[0] ?? 0),
      };
      samples.push(sample);
      console.log(JSON.stringify(sample));
      errorsTotal += errors;
      latencies = [];
      errors = 0;
      windowStart = now;
      windowCpuS = cpuS(worker.child.pid);
      windowSent = 0;
      nextSample += SAMPLE_S * 1000;
    }
  }
  await Promise.all(inFlight);
  errorsTotal += errors;

  // Every acknowledged delivery must be triaged: wait for the backlog to drain, then look each one up in the store.
  const drainStarted = Date.now();
  await eventually(async () => {
    const counts = await queue.getJobCounts('waiting', 'active', 'prioritized');
    return (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.prioritized ?? 0) === 0;
  }, 'the backlog to drain', DRAIN_S * 1000).catch((error: unknown) => console.error(String(error)));
  const drainS = round1((Date.now() - drainStarted) / 1000);
  const recorded = await database.db.query<{ key: string }>("SELECT DISTINCT split_part(delivery_key, '/', 1) AS key FROM alert_deliveries WHERE outcome <> 'pending'");
  const triagedKeys = new Set(recorded.map((row) => row.key));
  const lost = [...acknowledged].filter((key) => !triagedKeys.has(key)).length;
  const failed = (await queue.getJobCounts('failed')).failed ?? 0;
  const [store] = await database.db.query<{ alerts: number; incidents: number }>('SELECT (SELECT count(*)::int FROM alerts) AS alerts, (SELECT count(*)::int FROM incidents) AS incidents');
  const totals = {
    minutes: MINUTES,
    ratePerS: RATE_PER_S,
    sent,
    acknowledged: acknowledged.size,
    duplicateAnswers: duplicates,
    refusedAnswers: errorsTotal,
    refusalsByStatus: refusals,
    givenUp,
    triaged: [...acknowledged].filter((key) => triagedKeys.has(key)).length,
    lost,
    failedJobs: failed,
    drainS,
    alertRows: store?.alerts ?? 0,
    incidents: store?.incidents ?? 0,
    slackPosts: slack.callsTo('chat.postMessage').length,
    slackUpdates: slack.callsTo('chat.update').length,
    llmRequests: llm.requests.length,
  };
  console.log(`soak totals: ${JSON.stringify(totals)}`);

  const third = Math.max(1, Math.floor(samples.length / 3));
  type Key = 'apiRssMb' | 'workerRssMb' | 'p99Ms' | 'triageP99Ms' | 'workerCpuMsPerPost' | 'load1';
  const mean = (rows: Sample[], key: Key) => rows.reduce((sum, row) => sum + row[key], 0) / rows.length;
  const early = samples.slice(1, 1 + third);
  const late = samples.slice(-third);
  const verdict = Object.fromEntries((['apiRssMb', 'workerRssMb', 'p99Ms', 'triageP99Ms', 'workerCpuMsPerPost', 'load1'] as const).map((key) => [key, { early: Math.round(mean(early, key)), late: Math.round(mean(late, key)) }]));
  console.log(`soak summary: ${JSON.stringify(verdict)}`);
  await queue.close();
  connection.disconnect();
  await api.stop();
  await worker.stop();
  await slack.close();
  await llm.close();
  await redis.destroy();
  await database.drop();
  if (lost > 0 || failed > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
