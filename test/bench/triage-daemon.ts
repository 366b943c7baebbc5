/**
 * End-to-end triage throughput of the real daemon for `npm run bench:triage`: Alertmanager bodies (the shapes of
 * the shared scenarios' events, each alert given a fingerprint of its own and one of 50 services) are POSTed over
 * HTTP to `firebreak serve` child processes, from the first POST until every alert has its decision stored.
 *
 * - PostgreSQL: a fresh database, one `--role api` and one `--role worker` process (so the worker has one core);
 *   progress is read from the alerts table (suppressed, incident_id or held_until set).
 * - PGlite: one `--role all` process on a temporary data folder. PGlite belongs to that process, so progress is
 *   read from the queue (a job completes only once its decisions are stored), and the alerts table is checked
 *   once the process has stopped.
 */
import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ALERTS_QUEUE } from '../../src/queue/alert-job.js';
import type { Db } from '../../src/store/db.js';
import { createPgliteDb } from '../../src/store/pglite-db.js';
import { createTestDatabase, TEST_REDIS_URL, testQueuePrefix } from '../support/databases.js';
import { startFirebreak, stopAll, type FirebreakProcess } from '../scale/support/process-cluster.js';
import { startFakeSlack } from '../slack/support/fake-slack.js';

export interface ThroughputFigures {
  store: 'postgres' | 'pglite';
  alerts: number;
  /** Alerts posted and decided before the measurement, not counted. */
  warmupAlerts: number;
  bodies: number;
  seconds: number;
  alertsPerSecond: number;
  /** CPU seconds the triaging process spent per 1,000 alerts (the worker; for PGlite the one `all` process). */
  cpuSecondsPer1000: number;
  /** CPU seconds the load generator (this process, posting) spent per 1,000 alerts: it shares the cores. */
  loadGeneratorCpuSecondsPer1000: number;
  /** PostgreSQL: the share of the measured time the worker held the triage lock, and decisions per turn (its /metrics). */
  lock: { busyShare: number; decisionsPerTurn: number } | null;
  decided: number;
  /** POSTs answered 503 or not answered in time, and sent again. */
  retried503: number;
  lastRefusal: string | null;
}

const DECIDED = 'SELECT count(*)::int AS n FROM alerts WHERE suppressed IS NOT NULL OR incident_id IS NOT NULL OR held_until IS NOT NULL';

function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Firing Alertmanager alert groups from the shared scenarios' events, resolved alerts left out. */
function scenarioTemplates(scenariosDir: string): Array<Record<string, unknown>> {
  const templates: Array<Record<string, unknown>> = [];
  for (const name of readdirSync(scenariosDir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name)) {
    for (const line of readFileSync(join(scenariosDir, name, 'events.jsonl'), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const event = JSON.parse(line) as { source?: string; body?: { alerts?: Array<{ status?: string }> } };
      if (event.source !== 'alertmanager' || !Array.isArray(event.body?.alerts)) continue;
      const alerts = event.body.alerts.filter((alert) => alert.status === 'firing');
      if (alerts.length > 0) templates.push({ ...event.body, status: 'firing', alerts });
    }
  }
  if (templates.length === 0) throw new Error(`no Alertmanager bodies under ${scenariosDir}`);
  return templates;
}

/** `count` bodies, cycling through the templates; each alert gets a new fingerprint and one of 50 services, starting now. */
export function benchBodies(scenariosDir: string, count: number): { bodies: string[]; alerts: number } {
  const templates = scenarioTemplates(scenariosDir);
  const bodies: string[] = [];
  let alerts = 0;
  const now = new Date().toISOString();
  for (let index = 0; index < count; index += 1) {
    const template = templates[index % templates.length] ?? {};
    const service = `svc-${index % 50}`;
    const groupAlerts = (template.alerts as Array<Record<string, unknown>>).map((alert) => {
      alerts += 1;
      return { ...alert, startsAt: now, labels: { ...(alert.labels as Record<string, string>), service }, fingerprint: alerts.toString(16).padStart(16, '0') };
    });
    bodies.push(JSON.stringify({ ...template, alerts: groupAlerts }));
  }
  return { bodies, alerts };
}

/** One POST of a JSON body over a kept-alive connection of `agent`; its status and text, or no answer within 30 s. */
function post(agent: Agent, url: URL, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, signal: AbortSignal.timeout(30_000) }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    req.on('error', (error) => (error.name === 'AbortError' || error.name === 'TimeoutError' ? resolve({ status: 0, text: 'no answer within 30 s' }) : reject(error)));
    req.end(body);
  });
}

/**
 * POSTs every body with at most `inFlight` requests at once, on as many kept-alive connections (node:http: fetch
 * cost the load generator 0.45 ms of CPU an alert, as much as the worker being measured, on the same two cores). A
 * 503 (the queue could not take the job in time) or no answer within 30 s is retried after a second, as a sender
 * retries (the same body is the same job), and counted; anything else but 202 throws. Returns the CPU time the
 * posting took in this process as well.
 */
async function postAll(url: string, bodies: string[], inFlight: number): Promise<{ retries: number; lastRefusal: string | null; cpuS: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  const target = new URL('/webhooks/alertmanager', url);
  const cpuBefore = process.cpuUsage();
  let next = 0;
  let retries = 0;
  let lastRefusal: string | null = null;
  const lane = async () => {
    for (let index = next++; index < bodies.length; index = next++) {
      for (;;) {
        const { status, text } = await post(agent, target, bodies[index] ?? '');
        if (status === 202) break;
        if (status !== 503 && status !== 0) throw new Error(`body ${index} answered ${status}: ${text}`);
        retries += 1;
        lastRefusal = text;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: inFlight }, lane));
  } finally {
    agent.destroy();
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { retries, lastRefusal, cpuS: (cpu.user + cpu.system) / 1e6 };
}

function countAlerts(bodies: string[]): number {
  return bodies.reduce((sum, body) => sum + (JSON.parse(body) as { alerts: unknown[] }).alerts.length, 0);
}

/**
 * Waits until `progress` (the share done) reaches 1. Counting the decided alerts scans the alerts table (8 ms at 3,500
 * alerts, on the PostgreSQL the worker uses): polled every 50 ms it took a sixth of a core from the daemon being
 * measured. So it is polled every 250 ms until 95 % are done, then every 20 ms (the end is seen within 20 ms).
 */
async function waitFor(progress: () => Promise<number>, timeoutS: number): Promise<void> {
  const deadline = Date.now() + timeoutS * 1000;
  for (let done = await progress(); done < 1; done = await progress()) {
    if (Date.now() > deadline) throw new Error(`not every alert was decided within ${timeoutS} s`);
    await new Promise((resolve) => setTimeout(resolve, done < 0.95 ? 250 : 20));
  }
}

/** The triage lock's counters on a worker's /metrics (firebreak_triage_lock_held_seconds_total, _turns_total). */
async function lockCounters(url: string): Promise<{ heldS: number; turns: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} ([0-9.e+-]+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  return { heldS: value('firebreak_triage_lock_held_seconds_total'), turns: value('firebreak_triage_turns_total') };
}

async function countDecided(db: Db): Promise<number> {
  return (await db.query<{ n: number }>(DECIDED))[0]?.n ?? 0;
}

/** Runs one throughput measurement against the given store. */
export async function measureThroughput(store: 'postgres' | 'pglite', scenariosDir: string, warmupCount: number, bodyCount: number, timeoutS: number): Promise<ThroughputFigures> {
  const all = benchBodies(scenariosDir, warmupCount + bodyCount);
  const warmup = { bodies: all.bodies.slice(0, warmupCount), alerts: countAlerts(all.bodies.slice(0, warmupCount)) };
  const bodies = all.bodies.slice(warmupCount);
  const alerts = all.alerts - warmup.alerts;
  const prefix = testQueuePrefix();
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(ALERTS_QUEUE, { connection: redis, prefix });
  // BENCH_TRIAGE_SLACK=1: Slack configured, against a local server speaking its Web API (test/slack/support/fake-slack.ts).
  const slack = process.env.BENCH_TRIAGE_SLACK === '1' ? await startFakeSlack() : undefined;
  const slackEnv: Record<string, string> = slack === undefined ? {} : { SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: 'bench-signing-secret', SLACK_CHANNEL: 'C_ONCALL', SLACK_API_URL: slack.url };
  const env: Record<string, string> = { ...slackEnv, REDIS_URL: TEST_REDIS_URL, FIREBREAK_QUEUE_PREFIX: prefix, FIREBREAK_REQUIRE_NOEVICTION: 'false', LOG_LEVEL: 'warn', ...(process.env.FIREBREAK_WORKER_CONCURRENCY ? { FIREBREAK_WORKER_CONCURRENCY: process.env.FIREBREAK_WORKER_CONCURRENCY } : {}) };
  // BENCH_TRIAGER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"): Node's own arguments for the triaging process only.
  const triagerArgs = (process.env.BENCH_TRIAGER_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
  const processes: FirebreakProcess[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'firebreak-bench-triage-'));
  const database = store === 'postgres' ? await createTestDatabase('postgres') : undefined;
  try {
    let triager: FirebreakProcess;
    let apiUrl: string;
    if (database !== undefined) {
      const api = await startFirebreak('api', { ...env, DATABASE_URL: database.location, FIREBREAK_DATA_DIR: dataDir });
      processes.push(api);
      triager = await startFirebreak('worker', { ...env, LOG_LEVEL: 'info', DATABASE_URL: database.location, FIREBREAK_DATA_DIR: dataDir }, undefined, triagerArgs);
      processes.push(triager);
      apiUrl = api.url;
    } else {
      triager = await startFirebreak('all', { ...env, LOG_LEVEL: 'info', FIREBREAK_DATA_DIR: dataDir }, undefined, triagerArgs);
      processes.push(triager);
      apiUrl = triager.url;
    }
    // The share of `alertCount` decided so far (alerts in the table), or for PGlite of `bodyCount` jobs done.
    const reached = async (alertCount: number, bodyCount: number): Promise<number> => {
      if (database !== undefined) return (await countDecided(database.db)) / alertCount;
      const counts = await queue.getJobCounts('completed', 'failed');
      return ((counts.completed ?? 0) + (counts.failed ?? 0)) / bodyCount;
    };
    // A warm-up, not counted: a daemon runs for days, and V8 optimises its code paths in the first seconds.
    await postAll(apiUrl, warmup.bodies, 32);
    await waitFor(() => reached(warmup.alerts, warmup.bodies.length), timeoutS);
    const lockBefore = database !== undefined ? await lockCounters(triager.url) : null;
    const cpuBefore = cpuSeconds(triager.child.pid);
    const started = process.hrtime.bigint();
    const posting = await postAll(apiUrl, bodies, 32);
    await waitFor(() => reached(warmup.alerts + alerts, warmup.bodies.length + bodies.length), timeoutS);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = cpuSeconds(triager.child.pid) - cpuBefore;
    const lockAfter = lockBefore !== null ? await lockCounters(triager.url) : null;
    const lock = lockBefore !== null && lockAfter !== null ? { busyShare: (lockAfter.heldS - lockBefore.heldS) / seconds, decisionsPerTurn: alerts / (lockAfter.turns - lockBefore.turns) } : null;
    let decided: number;
    if (database !== undefined) decided = (await countDecided(database.db)) - warmup.alerts;
    else {
      await stopAll(processes);
      const db = await createPgliteDb(join(dataDir, 'pglite'));
      decided = (await countDecided(db)) - warmup.alerts;
      await db.close();
    }
    return { store, alerts, warmupAlerts: warmup.alerts, bodies: bodies.length, retried503: posting.retries, lastRefusal: posting.lastRefusal, seconds, alertsPerSecond: alerts / seconds, cpuSecondsPer1000: (cpu * 1000) / alerts, loadGeneratorCpuSecondsPer1000: (posting.cpuS * 1000) / alerts, lock, decided };
  } finally {
    await stopAll(processes);
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await redis.quit();
    await slack?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
