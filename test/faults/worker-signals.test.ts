import { createServer, type Server } from 'node:http';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERTS_QUEUE } from '../../src/queue/alert-job.js';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/databases.js';
import { OwnRedisServer } from '../http/support/redis-server.js';
import { startFakeSlack } from '../slack/support/fake-slack.js';
import { recordFigures } from './support/figures.js';
import { eventually, serveProcess, sleep, type ServeProcess } from './support/serve-process.js';

/*
 * Real signals to real processes. A worker killed with SIGKILL while a job is in the middle of the pipeline (held
 * there by an LLM that answers slowly): another worker picks the job up once its lock expires (BullMQ's stalled-job
 * recovery) and the incident and its Slack message exist once. A daemon sent SIGTERM under load: new requests are
 * not taken, it exits 0, and every alert it acknowledged is triaged by the next worker.
 * test/daemon/serve-command.test.ts checks SIGTERM when idle and kill -9 of the api right after a 202.
 */
const figures: Record<string, unknown> = {};
/** Every process a test started, stopped in afterAll too, so a failed assertion leaves none behind. */
const started: ServeProcess[] = [];
const serve = (...args: Parameters<typeof serveProcess>): ServeProcess => {
  const process = serveProcess(...args);
  started.push(process);
  return process;
};
let database: TestDatabase;
let redis: OwnRedisServer;
let slack: Awaited<ReturnType<typeof startFakeSlack>>;
let llm: Server;
let llmCalls = 0;
let llmUrl: string;

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  redis = await OwnRedisServer.start();
  slack = await startFakeSlack();
  llm = createServer((request, response) => {
    llmCalls++;
    request.resume();
    // Slow enough that the kill lands mid-job; the answer is unusable, so the pipeline falls back to its rules.
    setTimeout(() => {
      if (response.destroyed) return;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: 'x', object: 'chat.completion', created: 0, model: 'fake', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'no' } }] }));
    }, 1500);
  });
  await new Promise<void>((resolve) => llm.listen(0, '127.0.0.1', resolve));
  llmUrl = `http://127.0.0.1:${(llm.address() as { port: number }).port}/v1`;
});

afterAll(async () => {
  recordFigures('worker-signals', figures);
  await Promise.all(started.map((process) => process.stop('SIGKILL')));
  await slack?.close();
  await new Promise((resolve) => llm?.close(resolve));
  await redis?.destroy();
  await database?.drop();
});

const alertBody = (name: string, n: number) =>
  JSON.stringify({ version: '4', status: 'firing', receiver: 'firebreak', groupKey: `{}:{alertname="${name}${n}"}`, alerts: [{ status: 'firing', labels: { alertname: `${name}${n}`, service: `${name.toLowerCase()}-${n}`, severity: 'critical' }, annotations: { summary: `${name} ${n}` }, startsAt: new Date().toISOString(), fingerprint: `${name.toLowerCase().slice(0, 4)}${String(n).padStart(12, '0')}` }] });

describe('a worker killed with SIGKILL in the middle of a job', () => {
  // The kill lands while the LLM is being asked, which the pipeline does in a job of its own after the incident
  // is opened and notified (agents/pipeline.ts); that job must come back, and nothing before it happen again.
  it('leaves the job to be picked up again, and its incident and Slack message happen once', async () => {
    const env = { REDIS_URL: redis.url, DATABASE_URL: database.location, FIREBREAK_QUEUE_PREFIX: testQueuePrefix(), SLACK_BOT_TOKEN: 'xoxb-signals', SLACK_SIGNING_SECRET: 'signals-signing', SLACK_CHANNEL: 'C_SIGNALS', SLACK_API_URL: slack.url, FIREBREAK_SLACK_BATCH_S: '0', OPENAI_BASE_URL: llmUrl, FIREBREAK_LLM_MODEL: 'fake-model', FIREBREAK_JOB_LOCK_S: '10' };
    const api = serve('api', env);
    const first = serve('worker', env);
    const url = await api.ready;
    await first.ready;
    // Three alerts of one service in one delivery: corroborated, so not held, straight through to the LLM step.
    const storm = JSON.parse(alertBody('Killed', 1)) as { alerts: Array<Record<string, unknown> & { labels: Record<string, string> }> };
    const [firstAlert] = storm.alerts;
    storm.alerts = [0, 1, 2].map((k) => ({ ...firstAlert, labels: { ...firstAlert!.labels, alertname: `KilledStorm${k}` }, fingerprint: `kill00000000000${k + 1}` }));
    const response = await fetch(`${url}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(storm) });
    expect(response.status).toBe(202);
    await eventually(async () => llmCalls > 0, 'the job to reach the LLM step', 20_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const killedAt = Date.now();
    const slackBefore = slack.messages.length;

    const second = serve('worker', env);
    await second.ready;
    const incidents = async () => database.db.query<{ id: string; notified_at: string | null }>("SELECT DISTINCT i.id, i.notified_at FROM incidents i JOIN alerts a ON a.incident_id = i.id WHERE a.fingerprint LIKE 'kill%'");
    // Recovery: the killed worker's lock expires (FIREBREAK_JOB_LOCK_S, 10 s here; 30 s by default, which took 35-90 s
    // here under load), the second worker moves the job back at its next stalled-job check and asks the LLM again.
    const callsAtKill = llmCalls;
    await eventually(async () => llmCalls > callsAtKill || undefined, 'the killed job to be run again by the second worker', 90_000);
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue(ALERTS_QUEUE, { connection, prefix: env.FIREBREAK_QUEUE_PREFIX });
    try {
      // Every job the killed worker held comes back (here both LLM assessments of the incident, asked one after the
      // other); BullMQ moves stalled jobs at its periodic checks, so one may come a check (10 s) after another.
      await eventually(async () => {
        const counts = await queue.getJobCounts('waiting', 'active');
        return (counts.waiting ?? 0) + (counts.active ?? 0) === 0 || undefined;
      }, 'the recovered jobs to finish', 65_000).catch(async (error: Error) => {
        const left = await queue.getJobs(['waiting', 'active']);
        throw new Error(`${error.message}; still waiting or active: ${left.map((job) => `${job.id} (processed ${job.processedOn ?? 'never'}, ${job.attemptsStarted} attempts)`).join(', ')}`);
      });
    } finally {
      await queue.close();
      connection.disconnect();
    }
    await sleep(2000); // the Slack outbox delivers within a second
    const rows = await incidents();
    const topMessages = slack.messages.filter((message) => message.thread_ts === undefined).length;
    figures.sigkill = { recoveredAfterS: Math.round((Date.now() - killedAt) / 100) / 10, incidents: rows.length, notified: rows.filter((row) => row.notified_at !== null).length, slackTopMessages: topMessages, slackMessagesBeforeRecovery: slackBefore };
    await api.stop();
    await second.stop();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.notified_at, 'the incident opened before the kill is notified after the recovery').not.toBeNull();
    expect(topMessages).toBe(1);
  }, 180_000);
});

describe('a daemon sent SIGTERM under load', () => {
  it('takes no new request, exits 0, and every alert it acknowledged is triaged', async () => {
    const prefix = testQueuePrefix();
    const env = { REDIS_URL: redis.url, DATABASE_URL: database.location, FIREBREAK_QUEUE_PREFIX: prefix };
    const daemon = serve('all', env);
    const url = await daemon.ready;
    const acknowledged: number[] = [];
    const refused: Record<string, number> = {};
    let stopping = false;
    let n = 0;
    const senders = Array.from({ length: 4 }, async () => {
      while (n < 400) {
        const mine = n++;
        const status = await fetch(`${url}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: alertBody('Term', mine), signal: AbortSignal.timeout(5000) })
          .then(async (response) => (await response.arrayBuffer(), response.status))
          .catch(() => 0);
        if (status === 202) acknowledged.push(mine);
        else {
          const key = stopping ? `${status}-after-sigterm` : String(status);
          refused[key] = (refused[key] ?? 0) + 1;
        }
        if (stopping && status !== 202) return;
      }
    });
    await sleep(1500);
    stopping = true;
    const termAt = Date.now();
    daemon.child.kill('SIGTERM');
    const code = await daemon.exited;
    const exitMs = Date.now() - termAt;
    await Promise.all(senders);
    expect(code).toBe(0);
    expect(Object.keys(refused).filter((key) => !/^(0|503)-after-sigterm$/.test(key))).toEqual([]);

    const worker = serve('worker', env);
    await worker.ready;
    const drainFrom = Date.now();
    const triaged = async () => (await database.db.query<{ n: number }>("SELECT count(DISTINCT fingerprint)::int AS n FROM alerts WHERE fingerprint LIKE 'term%'"))[0]?.n ?? 0;
    await eventually(async () => (await triaged()) >= acknowledged.length || undefined, 'every acknowledged alert to be triaged', 60_000).catch(() => undefined);
    figures.sigterm = { acknowledged: acknowledged.length, refusedWhileStopping: refused, exitCode: code, exitMs, triaged: await triaged(), triagedWithinMs: Date.now() - drainFrom };
    expect(await triaged()).toBe(acknowledged.length);
    expect(await worker.stop()).toBe(0);
  }, 120_000);
});
