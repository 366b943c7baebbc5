import { Queue, QueueEvents, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics, type Metrics } from '../../src/metrics/metrics.js';
import { observeWorker } from '../../src/metrics/worker-metrics.js';
import { ALERTS_QUEUE } from '../../src/queue/alert-job.js';
import { createTestDatabase, STORE_KINDS, TEST_REDIS_URL, testQueuePrefix, type TestDatabase } from '../support/databases.js';
import { parseExposition, promtoolCheck, sampleValue, type Sample } from './exposition.js';

async function seedStore(db: TestDatabase['db']): Promise<void> {
  const incident = `INSERT INTO incidents (id, origin, title, status, severity, drill) VALUES ($1, $2, $3, $4, $5, $6)`;
  await db.query(incident, ['INC-1', 'triage', 'Checkout 500s', 'open', 'critical', false]);
  await db.query(incident, ['INC-2', 'triage', 'Slow search', 'mitigated', 'minor', false]);
  await db.query(incident, ['INC-3', 'triage', 'Old outage', 'resolved', 'major', false]);
  await db.query(incident, ['INC-4', 'drill', '[DRILL] Pool exhausted', 'open', 'major', true]);
  const verdict = `INSERT INTO verdicts (dedupe_key, rule, verdict, labels, at) VALUES ($1, $2, $3, $4, now())`;
  const verdicts: Array<[string, string, Record<string, string>?]> = [
    ['DiskAlmostFull', 'false_positive'],
    ['DiskAlmostFull', 'false_positive'],
    ['DiskAlmostFull', 'false_positive'],
    ['DiskAlmostFull', 'true_positive'],
    ['HighErrorRate "5xx"', 'true_positive'],
    ['FirebreakDrill', 'false_positive', { firebreak_drill: 'true' }],
  ];
  for (const [index, [rule, value, labels]] of verdicts.entries()) {
    await db.query(verdict, [`v${index}`, rule, value, JSON.stringify(labels ?? {})]);
  }
}

describe.each(STORE_KINDS)('/metrics on the %s store', (kind) => {
  let database: TestDatabase;
  let connection: Redis;
  let queue: Queue;
  let worker: Worker;
  let metrics: Metrics;
  let text: string;
  let samples: Sample[];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await seedStore(database.db);
    connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const prefix = testQueuePrefix();
    queue = new Queue(ALERTS_QUEUE, { connection, prefix });
    metrics = createMetrics();
    metrics.bindScrapeSources({ db: database.db, queue });

    // Real jobs through a real worker: one succeeds, one fails once then for good, one is unrecoverable.
    const events = new QueueEvents(ALERTS_QUEUE, { connection: connection.duplicate(), prefix });
    await events.waitUntilReady();
    worker = new Worker(
      ALERTS_QUEUE,
      async (job) => {
        if (job.name === 'flaky') throw new Error('store down');
        if (job.name === 'poison') throw new UnrecoverableError('schema');
        return 'ok';
      },
      { connection: connection.duplicate(), prefix },
    );
    observeWorker(worker, metrics);
    const settled = (id: string) =>
      new Promise<void>((resolve) => {
        const check = ({ jobId }: { jobId: string }) => {
          if (jobId === id) resolve();
        };
        events.on('completed', check);
        events.on('failed', (event) => {
          if (event.jobId === id) void queue.getJob(id).then((job) => (job?.finishedOn ? resolve() : undefined));
        });
      });
    // Listening before the jobs are added: the worker may finish one before the next add returns.
    const allSettled = Promise.all([settled('ok-1'), settled('flaky-1'), settled('poison-1')]);
    await queue.add('ok', { kind: 'alerts' }, { jobId: 'ok-1' });
    await queue.add('flaky', { kind: 'change' }, { jobId: 'flaky-1', attempts: 2, backoff: { type: 'fixed', delay: 10 } });
    await queue.add('poison', { kind: 'recheck' }, { jobId: 'poison-1', attempts: 5 });
    await allSettled;
    await worker.close();
    await events.close();
    await queue.add('later', { kind: 'alerts' }, { delay: 60_000 });
    await queue.add('waiting', { kind: 'alerts' });

    // The counters other modules increment, through the same objects they use.
    metrics.alertsReceived.inc({ source: 'alertmanager', status: 'firing' }, 3);
    metrics.webhooksRefused.inc({ source: 'sentry', reason: 'FB_ERR_RECEIVER_BAD_SIGNATURE' });
    metrics.webhooksAccepted.inc({ source: 'grafana', outcome: 'queued' });
    metrics.alertsSuppressed.inc({ reason: 'maintenance' });
    metrics.triageDecisions.inc({ outcome: 'open' });
    metrics.triageLatency.observe(0.03);
    metrics.timeToNotify.observe(95);
    metrics.incidentsOpened.inc({ severity: 'major' });
    metrics.actionRuns.inc({ outcome: 'succeeded' });
    metrics.slackCalls.inc({ method: 'chat.postMessage', outcome: 'ok' });
    metrics.llmCalls.inc({ outcome: 'timeout' });

    text = await metrics.registry.metrics();
    samples = parseExposition(text);
  });

  afterAll(async () => {
    await queue?.obliterate({ force: true });
    await queue?.close();
    connection?.disconnect();
    await database?.drop();
  });

  it('passes promtool check metrics with no finding', () => {
    const { status, output } = promtoolCheck(text);
    expect(output).toBe('');
    expect(status).toBe(0);
  });

  it('counts queue jobs by state, read from Redis at scrape time', () => {
    expect(sampleValue(samples, 'firebreak_queue_jobs', { state: 'completed' })).toBe(1);
    expect(sampleValue(samples, 'firebreak_queue_jobs', { state: 'failed' })).toBe(2);
    expect(sampleValue(samples, 'firebreak_queue_jobs', { state: 'delayed' })).toBe(1);
    expect(sampleValue(samples, 'firebreak_queue_jobs', { state: 'waiting' })).toBe(1);
    expect(sampleValue(samples, 'firebreak_queue_jobs', { state: 'active' })).toBe(0);
  });

  it('tells retried attempts from jobs that failed for good', () => {
    expect(sampleValue(samples, 'firebreak_queue_jobs_retried_total', { kind: 'change' })).toBe(1);
    expect(sampleValue(samples, 'firebreak_queue_jobs_failed_total', { kind: 'change' })).toBe(1);
    expect(sampleValue(samples, 'firebreak_queue_jobs_failed_total', { kind: 'recheck' })).toBe(1);
    expect(sampleValue(samples, 'firebreak_queue_jobs_retried_total', { kind: 'recheck' })).toBeUndefined();
  });

  it('reports open incidents by severity, drills apart', () => {
    expect(sampleValue(samples, 'firebreak_incidents_open', { severity: 'critical', drill: 'false' })).toBe(1);
    expect(sampleValue(samples, 'firebreak_incidents_open', { severity: 'minor', drill: 'false' })).toBe(1);
    expect(sampleValue(samples, 'firebreak_incidents_open', { severity: 'major', drill: 'false' })).toBe(0);
    expect(sampleValue(samples, 'firebreak_incidents_open', { severity: 'major', drill: 'true' })).toBe(1);
  });

  it('gives the false-positive ratio per rule with the verdict counts behind it, drills left out', () => {
    expect(sampleValue(samples, 'firebreak_rule_false_positive_ratio', { rule: 'DiskAlmostFull' })).toBe(0.75);
    expect(sampleValue(samples, 'firebreak_rule_verdicts', { rule: 'DiskAlmostFull', verdict: 'false_positive' })).toBe(3);
    expect(sampleValue(samples, 'firebreak_rule_verdicts', { rule: 'DiskAlmostFull', verdict: 'true_positive' })).toBe(1);
    expect(sampleValue(samples, 'firebreak_rule_false_positive_ratio', { rule: 'HighErrorRate "5xx"' })).toBe(0);
    expect(sampleValue(samples, 'firebreak_rule_false_positive_ratio', { rule: 'FirebreakDrill' })).toBeUndefined();
  });

  it('exposes the counters and histograms other modules increment', () => {
    expect(sampleValue(samples, 'firebreak_alerts_received_total', { source: 'alertmanager', status: 'firing' })).toBe(3);
    expect(sampleValue(samples, 'firebreak_webhooks_refused_total', { source: 'sentry' })).toBe(1);
    expect(sampleValue(samples, 'firebreak_triage_latency_seconds_bucket', { le: '0.05' })).toBe(1);
    expect(sampleValue(samples, 'firebreak_triage_latency_seconds_bucket', { le: '0.025' })).toBe(0);
    expect(sampleValue(samples, 'firebreak_time_to_notify_seconds_sum')).toBe(95);
    expect(sampleValue(samples, 'firebreak_llm_calls_total', { outcome: 'timeout' })).toBe(1);
    expect(sampleValue(samples, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(samples.some((sample) => /^nodejs_active_\w+_total$/.test(sample.name))).toBe(false);
  });

  it('keeps the previous values and counts the failure when the store cannot be read', async () => {
    const broken = createMetrics({ defaults: false });
    broken.bindScrapeSources({
      db: { kind: 'postgres', query: () => Promise.reject(new Error('down')), execute: () => Promise.reject(new Error('down')), transaction: () => Promise.reject(new Error('down')), close: async () => undefined },
    });
    const scraped = parseExposition(await broken.registry.metrics());
    expect(sampleValue(scraped, 'firebreak_metrics_collector_errors_total', { collector: 'incidents_open' })).toBe(1);
    expect(sampleValue(scraped, 'firebreak_metrics_collector_errors_total', { collector: 'rule_verdicts' })).toBe(1);
  });
});
