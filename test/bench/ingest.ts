// `npm run bench:ingest`: loads POST /webhooks/alertmanager of the real daemon (`firebreak serve --role api`, a
// child process) with an Alertmanager body built from the documented schema, then measures the ceiling: a bare
// server that only does Queue.add on the same Redis. Same load for both (autocannon, 50 connections, 15 s by
// default; BENCH_CONNECTIONS / BENCH_DURATION_S to change). Each request carries a distinct alert so that every
// one is a new job (not the cheaper duplicate path). Prints requests/s, p50 and p99, and the share of the ceiling.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { redisOptionsFromUrl } from '../../src/daemon/redis-connection.js';
import { alertmanagerBodyFromSchema } from '../http/support/fixtures.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 15);
const TOKEN = 'bench-alertmanager-token';

interface Figures {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

const template = alertmanagerBodyFromSchema({
  status: 'firing',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'KubePodCrashLooping', namespace: 'shop', pod: 'api-0', service: 'api', severity: 'critical', env: 'production' },
      annotations: { summary: 'Pod shop/api-0 is crash looping', description: 'Restarted 5 times in 10 minutes', runbook_url: 'https://runbooks.example/crashloop' },
      startsAt: '2026-03-01T11:50:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example/graph?g0.expr=x',
      fingerprint: '0000000000000000',
    },
  ],
});
let sequence = 0;
/** The same body with a new pod and fingerprint: a new alert, a new delivery, a new job. */
function nextBody(): string {
  sequence += 1;
  const alert = (template.alerts as Array<Record<string, unknown>>)[0]!;
  const labels = { ...(alert.labels as Record<string, string>), pod: `api-${sequence}` };
  return JSON.stringify({ ...template, alerts: [{ ...alert, labels, fingerprint: sequence.toString(16).padStart(16, '0') }] });
}

function startChild(args: string[], env: Record<string, string>, urlPattern: RegExp): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start`)), 60_000);
    lines.on('line', (line) => {
      const match = urlPattern.exec(line);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function load(name: string, url: string, headers: Record<string, string>): Promise<Figures> {
  // A short warm-up (JIT, connection pools), not counted.
  await autocannon({ url, method: 'POST', connections: CONNECTIONS, duration: 2, headers, requests: [{ setupRequest: (r) => ({ ...r, body: nextBody() }) }] });
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers,
    requests: [{ setupRequest: (request) => ({ ...request, body: nextBody() }) }],
  });
  return { name, requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

async function obliterate(prefix: string): Promise<void> {
  const connection = new Redis({ ...redisOptionsFromUrl(REDIS_URL), maxRetriesPerRequest: null });
  const queue = new Queue('alerts', { connection, prefix });
  await queue.obliterate({ force: true });
  await queue.close();
  await connection.quit();
}

const root = new URL('../..', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'firebreak-bench-'));
const stamp = Date.now().toString(36);
const daemonPrefix = `bench-daemon-${stamp}`;
const ceilingPrefix = `bench-ceiling-${stamp}`;
const results: Figures[] = [];
try {
  const daemon = await startChild(
    [join(root, 'src/cli/bin.mjs'), 'serve', '--role', 'api'],
    {
      PORT: '0',
      HOST: '127.0.0.1',
      REDIS_URL,
      FIREBREAK_QUEUE_PREFIX: daemonPrefix,
      FIREBREAK_DATA_DIR: dataDir,
      FIREBREAK_REQUIRE_NOEVICTION: 'false',
      ALERTMANAGER_TOKEN: TOKEN,
      LOG_LEVEL: 'info',
    },
    /"url":"(http:\/\/[^"]+)".*receivers listening/,
  );
  try {
    results.push(
      await load('firebreak POST /webhooks/alertmanager', `${daemon.url}/webhooks/alertmanager`, {
        'content-type': 'application/json',
        authorization: `Bearer ${TOKEN}`,
      }),
    );
  } finally {
    await stop(daemon.child);
    await obliterate(daemonPrefix);
  }
  const ceiling = await startChild(['--import', 'tsx', join(root, 'test/bench/ingest-ceiling-server.ts')], { REDIS_URL, FIREBREAK_QUEUE_PREFIX: ceilingPrefix }, /^(http:\/\/\S+)$/);
  try {
    results.push(await load('ceiling: bare Queue.add server', `${ceiling.url}/add`, { 'content-type': 'application/json' }));
  } finally {
    await stop(ceiling.child);
    await obliterate(ceilingPrefix);
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

const [firebreak, ceiling] = results;
console.log(`\ningest benchmark: ${CONNECTIONS} connections, ${DURATION_S} s each, Redis ${new URL(REDIS_URL).host}`);
console.table(
  results.map((r) => ({ run: r.name, 'requests/s': Math.round(r.requestsPerSecond), 'p50 ms': r.p50, 'p99 ms': r.p99, non2xx: r.non2xx, errors: r.errors })),
);
if (firebreak !== undefined && ceiling !== undefined) {
  const share = firebreak.requestsPerSecond / ceiling.requestsPerSecond;
  console.log(`firebreak / ceiling: ${(share * 100).toFixed(1)}% (goal >= 70%), p99 ${firebreak.p99} ms (goal < 50 ms)`);
}
