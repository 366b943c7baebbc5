// `npm run bench:ingest`: loads POST /webhooks/alertmanager of the real daemon (`firebreak serve --role api`, a
// child process) with an Alertmanager body built from the documented schema, then measures the ceiling: a bare
// server that only does Queue.add on the same Redis. Same load for both (autocannon, 50 connections, 15 s by
// default, split in BENCH_ROUNDS=3 interleaved rounds; BENCH_CONNECTIONS / BENCH_DURATION_S to change). Each request
// carries a distinct alert so that every one is a new job (not the cheaper duplicate path). Prints requests/s, p50
// and p99 per round and overall, and the share of the ceiling.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { redisOptionsFromUrl } from '../../src/daemon/redis-connection.js';
import { alertmanagerBodyFromSchema } from '../http/support/fixtures.js';
import { createTestDatabase } from '../support/databases.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 15);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 30);
const TOKEN = 'bench-alertmanager-token';

interface Figures {
  name: string;
  /** CPU time (user + system) the server process spent per request: steadier than requests/s on a busy machine. */
  cpuMicrosPerRequest: number;
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

/** CPU seconds a process has used so far (Linux /proc; 0 elsewhere). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

async function load(name: string, url: string, headers: Record<string, string>, pid: number | undefined): Promise<Figures> {
  // A warm-up, not counted: on a busy machine V8 takes tens of seconds to optimise the daemon's code paths, and a
  // long-running daemon is measured in its steady state (BENCH_WARMUP_S, default 30).
  await autocannon({ url, method: 'POST', connections: CONNECTIONS, duration: WARMUP_S, headers, requests: [{ setupRequest: (r) => ({ ...r, body: nextBody() }) }] });
  const cpuBefore = cpuSeconds(pid);
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION_S / ROUNDS,
    headers,
    requests: [{ setupRequest: (request) => ({ ...request, body: nextBody() }) }],
  });
  const cpuMicrosPerRequest = ((cpuSeconds(pid) - cpuBefore) * 1e6) / Math.max(1, result.requests.total);
  return { name, cpuMicrosPerRequest, requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
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
// The store an API replica uses in production: PostgreSQL (a database of its own, dropped afterwards). The embedded
// PGlite would have V8 compiling its WebAssembly in the background during the first rounds.
const database = await createTestDatabase('postgres');
const stamp = Date.now().toString(36);
const daemonPrefix = `bench-daemon-${stamp}`;
const ceilingPrefix = `bench-ceiling-${stamp}`;
const rounds: Array<{ firebreak: Figures; ceiling: Figures }> = [];
const children: ChildProcess[] = [];
try {
  const daemon = await startChild(
    [join(root, 'src/cli/bin.mjs'), 'serve', '--role', 'api'],
    {
      PORT: '0',
      HOST: '127.0.0.1',
      REDIS_URL,
      FIREBREAK_QUEUE_PREFIX: daemonPrefix,
      FIREBREAK_DATA_DIR: dataDir,
      DATABASE_URL: database.location,
      FIREBREAK_REQUIRE_NOEVICTION: 'false',
      ALERTMANAGER_TOKEN: TOKEN,
      LOG_LEVEL: 'info',
    },
    /"url":"(http:\/\/[^"]+)".*receivers listening/,
  );
  children.push(daemon.child);
  const ceiling = await startChild(['--import', 'tsx', join(root, 'test/bench/ingest-ceiling-server.ts')], { REDIS_URL, FIREBREAK_QUEUE_PREFIX: ceilingPrefix }, /^(http:\/\/\S+)$/);
  children.push(ceiling.child);
  // Interleaved rounds, so that whatever else the machine is doing weighs on both alike.
  for (let round = 0; round < ROUNDS; round += 1) {
    const firebreak = await load('firebreak POST /webhooks/alertmanager', `${daemon.url}/webhooks/alertmanager`, {
      'content-type': 'application/json',
      authorization: `Bearer ${TOKEN}`,
    }, daemon.child.pid);
    const bare = await load('ceiling: bare Queue.add server', `${ceiling.url}/add`, { 'content-type': 'application/json' }, ceiling.child.pid);
    rounds.push({ firebreak, ceiling: bare });
  }
} finally {
  for (const child of children) await stop(child);
  await obliterate(daemonPrefix);
  await obliterate(ceilingPrefix);
  rmSync(dataDir, { recursive: true, force: true });
  await database.drop();
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const summary = (pick: (round: { firebreak: Figures; ceiling: Figures }) => Figures) => {
  const figures = rounds.map(pick);
  return {
    requestsPerSecond: figures.reduce((sum, f) => sum + f.requestsPerSecond, 0) / figures.length,
    p50: median(figures.map((f) => f.p50)),
    p99: median(figures.map((f) => f.p99)),
    worstP99: Math.max(...figures.map((f) => f.p99)),
    cpuMicrosPerRequest: median(figures.map((f) => f.cpuMicrosPerRequest)),
    non2xx: figures.reduce((sum, f) => sum + f.non2xx, 0),
    errors: figures.reduce((sum, f) => sum + f.errors, 0),
  };
};
const firebreak = summary((round) => round.firebreak);
const ceiling = summary((round) => round.ceiling);
console.log(`\ningest benchmark: ${CONNECTIONS} connections, ${DURATION_S} s per target in ${ROUNDS} interleaved rounds, Redis ${new URL(REDIS_URL).host}`);
console.table(
  rounds.flatMap((round, index) =>
    [round.firebreak, round.ceiling].map((r) => ({ round: index + 1, run: r.name, 'requests/s': Math.round(r.requestsPerSecond), 'p50 ms': r.p50, 'p99 ms': r.p99, 'CPU µs/req': Math.round(r.cpuMicrosPerRequest), non2xx: r.non2xx, errors: r.errors })),
  ),
);
console.table([
  { run: 'firebreak', 'requests/s': Math.round(firebreak.requestsPerSecond), 'p50 ms': firebreak.p50, 'p99 ms (median round)': firebreak.p99, 'p99 ms (worst round)': firebreak.worstP99, 'CPU µs/req': Math.round(firebreak.cpuMicrosPerRequest), non2xx: firebreak.non2xx, errors: firebreak.errors },
  { run: 'ceiling', 'requests/s': Math.round(ceiling.requestsPerSecond), 'p50 ms': ceiling.p50, 'p99 ms (median round)': ceiling.p99, 'p99 ms (worst round)': ceiling.worstP99, 'CPU µs/req': Math.round(ceiling.cpuMicrosPerRequest), non2xx: ceiling.non2xx, errors: ceiling.errors },
]);
const share = firebreak.requestsPerSecond / ceiling.requestsPerSecond;
console.log(`firebreak / ceiling: ${(share * 100).toFixed(1)}% of requests/s (goal >= 70%); firebreak p99 ${firebreak.p99} ms (goal < 50 ms)`);
console.log(`CPU per request: firebreak ${Math.round(firebreak.cpuMicrosPerRequest)} µs, ceiling ${Math.round(ceiling.cpuMicrosPerRequest)} µs (ceiling / firebreak ${((ceiling.cpuMicrosPerRequest / firebreak.cpuMicrosPerRequest) * 100).toFixed(1)}%)`);
