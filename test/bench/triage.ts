/**
 * `npm run bench:triage`: how fast triage is, beside the goals of issue 5 ("Speed"). Prints figures; asserts nothing.
 *
 * 1. alerts/s end to end through the real daemon (POST to decision stored), on PGlite (`serve --role all`) and on
 *    PostgreSQL (`--role api` + one `--role worker`), each on a fresh store and a queue prefix of its own.
 * 2. the wall time of `firebreak eval` on each shared scenario (goal for a week: < 30 s).
 * 3. the wall time of `firebreak eval` on a generated storm of 10,000 alerts in an hour over 50 services and 100
 *    rules, with resolutions (goal < 60 s).
 *
 * Environment: BENCH_STORM_ALERTS (the storm's firing alerts, default 10,000), BENCH_TRIAGE_BODIES (POSTed bodies per store, default 1000), BENCH_TRIAGE_WARMUP (bodies posted and
 * decided first, not counted, default 300), BENCH_TRIAGE_PARTS (any of
 * "http,eval,storm", default all), BENCH_TRIAGE_STORES (any of "pglite,postgres", default both),
 * BENCH_TRIAGER_NODE_ARGS (Node's own arguments for the triaging process only, e.g. "--cpu-prof --cpu-prof-dir=DIR"), SCENARIOS_DIR (default ../shared/scenarios), BENCH_TIMEOUT_S (per run, 1800).
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { measureThroughput, type ThroughputFigures } from './triage-daemon.js';
import { writeStormScenario } from './triage-storm.js';

const root = resolve(import.meta.dirname, '../..');
const SCENARIOS_DIR = process.env.SCENARIOS_DIR ?? resolve(root, '../shared/scenarios');
const BODIES = Number(process.env.BENCH_TRIAGE_BODIES ?? 1000);
const WARMUP = Number(process.env.BENCH_TRIAGE_WARMUP ?? 300);
const PARTS = new Set((process.env.BENCH_TRIAGE_PARTS ?? 'http,eval,storm').split(','));
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 1800);
const STORM_ALERTS = Number(process.env.BENCH_STORM_ALERTS ?? 10_000);
const STORES = (process.env.BENCH_TRIAGE_STORES ?? 'pglite,postgres').split(',') as Array<'pglite' | 'postgres'>;

/** Runs `firebreak eval DIR --json` and returns its wall time (process start to exit) and the scores it printed. */
function timedEval(dir: string): Promise<{ seconds: number; alerts: number; notifications: number }> {
  const started = process.hrtime.bigint();
  return new Promise((done, fail) => {
    execFile(process.execPath, [join(root, 'src/cli/bin.mjs'), 'eval', dir, '--json'], { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent' }, maxBuffer: 64 << 20, timeout: TIMEOUT_S * 1000 }, (error, stdout, stderr) => {
      if (error) return fail(new Error(`firebreak eval ${dir}: ${error.message}\n${stderr}`));
      const scores = JSON.parse(stdout) as { alerts: number; notifications: number };
      done({ seconds: Number(process.hrtime.bigint() - started) / 1e9, alerts: scores.alerts, notifications: scores.notifications });
    });
  });
}

const verdict = (ok: boolean) => (ok ? 'meets the goal' : 'MISSES the goal');
const load = () => loadavg().map((value) => value.toFixed(1)).join(' ');

process.stdout.write(`bench:triage on ${cpus().length} cores, load average ${load()} at start\n`);

if (PARTS.has('http')) {
  process.stdout.write(`\n1. end to end, POST to decision stored (${BODIES} Alertmanager bodies per store after ${WARMUP} not counted, 32 in flight)\n`);
  for (const store of STORES) {
    const figures: ThroughputFigures = await measureThroughput(store, SCENARIOS_DIR, WARMUP, BODIES, TIMEOUT_S);
    const perCore = 1000 / figures.cpuSecondsPer1000;
    // The share of one core the triaging process used over the measured time.
    const coresUsed = (figures.cpuSecondsPer1000 * figures.alerts) / 1000 / figures.seconds;
    // The goal is set for PostgreSQL (issue 5, "Speed"): alerts/s end to end, the worker on one core.
    const goal = store === 'postgres' ? `goal >= 500 alerts/s end to end, the worker on one core: ${verdict(figures.alertsPerSecond >= 500 && coresUsed <= 1)}; ` : 'the goal is set for PostgreSQL; ';
    process.stdout.write(
      `  ${store.padEnd(8)} ${figures.alerts} alerts in ${figures.seconds.toFixed(1)} s: ${figures.alertsPerSecond.toFixed(0)} alerts/s wall (${goal}` +
        `the ${store === 'pglite' ? 'all-in-one process (api, worker and store)' : 'worker'} used ${coresUsed.toFixed(2)} of a core, ` +
        `${figures.cpuSecondsPer1000.toFixed(2)} CPU s per 1,000 alerts = ${perCore.toFixed(0)} alerts per CPU second; the load generator ${figures.loadGeneratorCpuSecondsPer1000.toFixed(2)}); ${figures.decided}/${figures.alerts} decisions stored;${figures.lock === null ? '' : ` triage lock held ${(figures.lock.busyShare * 100).toFixed(0)} % of the time, ${figures.lock.decisionsPerTurn.toFixed(1)} decisions a turn;`} ${figures.retried503} POSTs retried after a 503 or a 30 s timeout${figures.lastRefusal === null ? '' : ` (last: ${figures.lastRefusal.slice(0, 120)})`}\n`,
    );
  }
}

if (PARTS.has('eval') && existsSync(SCENARIOS_DIR)) {
  process.stdout.write('\n2. firebreak eval, wall time per shared scenario (goal for a week of alerts: < 30 s)\n');
  for (const name of readdirSync(SCENARIOS_DIR, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()) {
    const run = await timedEval(join(SCENARIOS_DIR, name));
    process.stdout.write(`  ${name.padEnd(14)} ${run.alerts} alerts: ${run.seconds.toFixed(1)} s (${verdict(run.seconds < 30)}), load ${load()}\n`);
  }
}

if (PARTS.has('storm')) {
  const storm = writeStormScenario({ alerts: STORM_ALERTS, seconds: 3600, services: 50, rules: 100 });
  try {
    process.stdout.write(`\n3. alert storm: ${storm.firing} firing alerts over an hour, 50 services, 100 rules, most resolved (goal < 60 s)\n`);
    try {
      const run = await timedEval(storm.dir);
      process.stdout.write(`  storm ${run.alerts} alerts: ${run.seconds.toFixed(1)} s (${verdict(run.seconds < 60)}), ${run.notifications} notifications, load ${load()}\n`);
    } catch (error) {
      process.stdout.write(`  storm: not finished within BENCH_TIMEOUT_S=${TIMEOUT_S} s (MISSES the goal): ${(error as Error).message.split('\n')[0]}\n`);
    }
  } finally {
    rmSync(storm.dir, { recursive: true, force: true });
  }
}
process.stdout.write(`\nload average ${load()} at the end\n`);
