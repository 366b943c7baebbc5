import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario, type Scenario, type ScenarioEvent } from '../../src/eval/scenario.js';
import { seedScenarioKnowledge } from '../../src/eval/seed-knowledge.js';
import { ALERTS_QUEUE } from '../../src/queue/alert-job.js';
import { SCENARIOS_DIR } from '../http/support/fixtures.js';
import { startFakeSlack, type FakeSlack } from '../slack/support/fake-slack.js';
import { createTestDatabase, TEST_REDIS_URL, testQueuePrefix, type TestDatabase } from '../support/databases.js';
import { waves } from './support/event-waves.js';
import { startFirebreak, stopAll, type FirebreakProcess } from './support/process-cluster.js';
import { decisionDifferences, triageSnapshot, type TriageSnapshot } from './support/triage-snapshot.js';

// The same alerts, replayed over HTTP into one process triaging one job at a time (the reference) and into two
// API processes and three workers on one Redis and one PostgreSQL, one of the workers killed part-way: the
// incidents, what was suppressed or held, and the notifications must come out the same. The real clock runs,
// so only the first SCALE_EVENTS events of a scenario are replayed, in seconds rather than the days they span
// (holds are not yet due when the snapshot is taken, in either run). Events go in waves (support/event-waves.ts):
// all of a wave at once, the next once the queue is idle, so an alert's own notifications keep their order as
// real spacing would keep it, while different alerts race.

const EVENTS = Number(process.env.SCALE_EVENTS ?? 150);
const scenarioDirs = existsSync(SCENARIOS_DIR)
  ? readdirSync(SCENARIOS_DIR).map((name) => join(SCENARIOS_DIR, name)).filter((dir) => existsSync(join(dir, 'events.jsonl'))).sort()
  : [];

interface Setup {
  apis: number;
  workers: number;
  concurrency: number;
  /** Kill (SIGKILL) one worker after this share of the events has been posted. */
  killWorkerAt?: number;
}

interface ReplayRun {
  snapshot: TriageSnapshot;
  statuses: Record<string, number>;
}

async function post(url: string, event: ScenarioEvent): Promise<number> {
  const path = event.type === 'change' ? '/webhooks/changes' : `/webhooks/${event.source}`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (event.type === 'webhook') for (const [name, value] of Object.entries(event.headers)) headers[name.toLowerCase()] = value;
  const response = await fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(event.body), signal: AbortSignal.timeout(10_000) });
  await response.arrayBuffer();
  return response.status;
}

/** Waits until nothing is waiting or running for a moment (held alerts stay delayed: they are not due yet). */
async function waitUntilIdle(queue: Queue, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  while (quiet < 2) {
    if (Date.now() > deadline) throw new Error(`the queue did not settle: ${JSON.stringify(await queue.getJobCounts())}`);
    const counts = await queue.getJobCounts('waiting', 'active', 'prioritized');
    quiet = Object.values(counts).every((count) => count === 0) ? quiet + 1 : 0;
    await new Promise((done) => setTimeout(done, 50));
  }
}

async function replay(scenario: Scenario, events: ScenarioEvent[], setup: Setup, slack: FakeSlack): Promise<ReplayRun> {
  const database: TestDatabase = await createTestDatabase('postgres');
  const prefix = testQueuePrefix();
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(ALERTS_QUEUE, { connection: redis, prefix });
  const processes: FirebreakProcess[] = [];
  try {
    await seedScenarioKnowledge(database.db, scenario);
    const env = {
      REDIS_URL: TEST_REDIS_URL,
      DATABASE_URL: database.location,
      FIREBREAK_QUEUE_PREFIX: prefix,
      FIREBREAK_REQUIRE_NOEVICTION: 'false',
      FIREBREAK_PLAYBOOKS_DIR: join(scenario.dir, 'playbooks'),
      FIREBREAK_WORKER_CONCURRENCY: String(setup.concurrency),
      SLACK_BOT_TOKEN: 'xoxb-scale-out-test',
      SLACK_CHANNEL: 'C0SCALEOUT',
      SLACK_API_URL: slack.url,
      LOG_LEVEL: 'info',
    };
    const started = await Promise.allSettled([
      ...Array.from({ length: setup.apis }, () => startFirebreak('api', env)),
      ...Array.from({ length: setup.workers }, () => startFirebreak('worker', env)),
    ]);
    for (const result of started) if (result.status === 'fulfilled') processes.push(result.value);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    const apis = processes.filter((process_) => process_.role === 'api');
    const workers = processes.filter((process_) => process_.role === 'worker');

    const statuses: Record<string, number> = {};
    const batches = waves(events);
    for (const [number, wave] of batches.entries()) {
      const answered = await Promise.all(wave.map((event, index) => post(apis[index % apis.length]!.url, event)));
      for (const status of answered) statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
      // Part-way, one worker dies with its jobs in hand (an OOM kill, a lost node); another takes them back once
      // their locks expire (BullMQ's stalled-job check).
      if (setup.killWorkerAt !== undefined && number === Math.floor(batches.length * setup.killWorkerAt)) {
        await workers[0]!.stop('SIGKILL');
      }
      await waitUntilIdle(queue, 90_000);
    }
    return { snapshot: await triageSnapshot(database.db), statuses };
  } finally {
    await stopAll(processes);
    await queue.close();
    redis.disconnect();
    await database.drop();
  }
}

// Run by hand (npm run test:scale-replay, FIREBREAK_SCALE_REPLAY=1), not by `npm test`: the two replays take
// 40-160 s on the 2-core machine, past the minute the suite may spend on it. It used to differ on one alert in
// ~70: a known-noisy alert completed a storm of three services when decided last but not when decided first;
// since commit 3b0872b it does not complete one in either order (test/agents/correlate.test.ts). Waves keep
// firing alerts apart from resolutions, whose order changes a sequential triager's decisions too
// (BENCHMARKS.md, "Scale-out").
const enabled = process.env.FIREBREAK_SCALE_REPLAY === '1';

describe.skipIf(scenarioDirs.length === 0 || !enabled)('replaying a scenario into several API and worker processes', () => {
  let slack: FakeSlack;
  afterAll(async () => {
    await slack?.close();
  });

  it('gives the same incidents, suppressions and single notification per incident as one sequential process', async () => {
    slack = await startFakeSlack();
    const scenario = loadScenario(scenarioDirs[0]!);
    const events = scenario.events.slice(0, EVENTS);
    const reference = await replay(scenario, events, { apis: 1, workers: 1, concurrency: 1 }, slack);
    const scaled = await replay(scenario, events, { apis: 2, workers: 3, concurrency: 4, killWorkerAt: 1 / 3 }, slack);

    // The replay did exercise triage: alerts were recorded and some of them were decided.
    expect(Object.keys(reference.snapshot.alerts).length).toBeGreaterThan(10);
    expect(scaled.statuses).toEqual(reference.statuses);
    const differences = decisionDifferences(reference.snapshot, scaled.snapshot);
    expect(scaled.snapshot.alerts, differences).toEqual(reference.snapshot.alerts);
    expect(scaled.snapshot.incidents, differences).toEqual(reference.snapshot.incidents);
    expect(scaled.snapshot.notified, differences).toEqual(reference.snapshot.notified);
    // One incident message per notified incident, whoever triaged it.
    for (const run of [reference, scaled]) {
      expect(Object.values(run.snapshot.slackIncidentMessages).every((count) => count === 1)).toBe(true);
      expect(Object.keys(run.snapshot.slackIncidentMessages).sort()).toEqual(run.snapshot.notified);
    }
  }, 600_000);
});
