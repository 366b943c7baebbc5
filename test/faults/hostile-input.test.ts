import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSlackRequest } from '../../src/slack/slack-signature.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { FIXTURES_DIR } from '../http/support/fixtures.js';
import { OwnRedisServer } from '../http/support/redis-server.js';
import { startTestDaemon, type TestDaemon } from '../http/support/test-daemon.js';
import { recordFigures } from './support/figures.js';
import { hostileRequests, type HostileRequest } from './support/hostile-bodies.js';

/*
 * Property-based fuzzing of every receiver and of /slack/interactions: bodies built on the real fixtures, mutated,
 * broken, deeply nested, of the wrong type or content type, most of them correctly signed so that they reach the
 * parser and the normaliser rather than stopping at the signature check. Never a 5xx other than 503, the daemon
 * still answers afterwards, and its heap after a forced GC is about where it was.
 * test/http/webhooks.test.ts and signatures.test.ts check the named refusals one by one.
 */
const RUNS = Number(process.env.FIREBREAK_FUZZ_RUNS ?? 10_000);
const HTTP_RUNS = Math.max(50, Math.round(RUNS / 40));
const SLACK_FIXTURES_DIR = process.env.FIREBREAK_SLACK_FIXTURES_DIR ?? '/work/shared/fixtures/slack';

const SENTRY_SECRET = 'fuzz-sentry-client-secret-1f2e';
const GRAFANA_SECRET = 'fuzz-grafana-hmac-secret-3d4c';
const AM_TOKEN = 'fuzz-alertmanager-token-5b6a';
const CHANGES_TOKEN = 'fuzz-changes-token-7a8b';
const SLACK_SECRET = 'fuzz-slack-signing-secret-9c0d';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const nowS = () => String(Math.floor(Date.now() / 1000));
const hmac = (secret: string, ...parts: Array<string | Buffer>) => parts.reduce((mac, part) => mac.update(part), createHmac('sha256', secret)).digest('hex');

interface Target {
  path: string;
  requests: fc.Arbitrary<HostileRequest>;
  /** The headers a genuine sender adds for this body (its signature or token). */
  sign(body: Buffer): Record<string, string>;
}

const SENTRY_RESOURCES: Record<string, string> = { issue: 'issue', error: 'error', event_alert: 'event_alert', metric_alert: 'metric_alert' };
const sentryFixtures = ['issue.created.docs.json', 'error.created.docs.json', 'event_alert.triggered.docs.json', 'metric_alert.resolved.docs.json'];
const amFixture = JSON.stringify({
  version: '4', groupKey: '{}:{alertname="HighLatency"}', truncatedAlerts: 0, status: 'firing', receiver: 'firebreak', groupLabels: { alertname: 'HighLatency' },
  commonLabels: { alertname: 'HighLatency', service: 'checkout' }, commonAnnotations: { summary: 'p99 above 2 s' }, externalURL: 'http://alertmanager:9093',
  alerts: [{ status: 'firing', labels: { alertname: 'HighLatency', service: 'checkout', severity: 'critical' }, annotations: { summary: 'p99 above 2 s' }, startsAt: '2026-01-01T00:00:00Z', endsAt: '0001-01-01T00:00:00Z', generatorURL: 'http://prometheus/graph', fingerprint: 'a1b2c3d4e5f60718' }],
});
const changeFixture = JSON.stringify({ service: 'checkout', kind: 'deploy', version: '4.6.2', environment: 'production', at: '2026-03-01T11:59:00Z', author: 'ci', description: 'MR', url: 'https://ci/1' });
const slackForm = (json: string) => `payload=${encodeURIComponent(json)}`;

const TARGETS: Record<string, Target> = {
  sentry: {
    path: '/webhooks/sentry',
    requests: fc.oneof(...sentryFixtures.map((file) => hostileRequests(read(join(FIXTURES_DIR, 'sentry'), file)).map((request) => ({ ...request, headers: { 'sentry-hook-resource': SENTRY_RESOURCES[file.split('.')[0]!] ?? 'issue', ...request.headers } })))),
    sign: (body) => ({ 'sentry-hook-signature': hmac(SENTRY_SECRET, body), 'sentry-hook-timestamp': nowS(), 'request-id': randomBytes(8).toString('hex') }),
  },
  grafana: {
    path: '/webhooks/grafana',
    requests: fc.oneof(hostileRequests(read(join(FIXTURES_DIR, 'grafana'), 'unified.firing.docs.json')), hostileRequests(read(join(FIXTURES_DIR, 'grafana'), 'legacy.alerting.docs.json'))),
    sign: (body) => {
      const at = nowS();
      return { 'x-grafana-alerting-timestamp': at, 'x-grafana-alerting-signature': hmac(GRAFANA_SECRET, `${at}:`, body) };
    },
  },
  alertmanager: { path: '/webhooks/alertmanager', requests: hostileRequests(amFixture), sign: () => ({ authorization: `Bearer ${AM_TOKEN}` }) },
  changes: { path: '/webhooks/changes', requests: hostileRequests(changeFixture), sign: () => ({ authorization: `Bearer ${CHANGES_TOKEN}` }) },
  'slack-interactions': {
    path: '/slack/interactions',
    requests: fc
      .oneof(hostileRequests(read(SLACK_FIXTURES_DIR, 'block_actions.bolt-python-test.json'), slackForm), hostileRequests(read(SLACK_FIXTURES_DIR, 'block_actions.slack-docs-example.java-slack-sdk-test.json'), slackForm))
      .map((request) => ({ ...request, contentType: request.contentType === 'application/json' ? 'application/x-www-form-urlencoded' : request.contentType })),
    sign: (body) => {
      const at = nowS();
      return { 'x-slack-request-timestamp': at, 'x-slack-signature': signSlackRequest(SLACK_SECRET, at, body.toString('utf8')) };
    },
  },
};

/** Nine in ten correctly signed, so that the fuzz reaches the parsers; the rest with a forged signature. */
const withSignature = (target: Target) => fc.tuple(target.requests, fc.integer({ min: 0, max: 9 })).map(([request, dice]) => ({ request, forged: dice === 0 }));
const headersFor = (target: Target, request: HostileRequest, forged: boolean): Record<string, string> => {
  const signed = target.sign(forged ? Buffer.concat([request.body, Buffer.from(' ')]) : request.body);
  return { ...request.headers, ...signed, ...(request.contentType === undefined ? {} : { 'content-type': request.contentType }) };
};

let database: TestDatabase;
let redis: OwnRedisServer;
let daemon: TestDaemon;
const figures: Record<string, unknown> = {};

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  redis = await OwnRedisServer.start(['--appendfsync', 'no']); // durability is not what this file tests; speed is welcome
  daemon = await startTestDaemon({
    db: database.db,
    env: {
      REDIS_URL: redis.url,
      FIREBREAK_REQUIRE_NOEVICTION: 'true',
      SENTRY_CLIENT_SECRET: SENTRY_SECRET,
      GRAFANA_HMAC_SECRET: GRAFANA_SECRET,
      GRAFANA_HMAC_TIMESTAMP_HEADER: 'X-Grafana-Alerting-Timestamp',
      ALERTMANAGER_TOKEN: AM_TOKEN,
      CHANGES_TOKEN,
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-fuzz-bot-token',
      SLACK_CHANNEL: 'C_FUZZ',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      FIREBREAK_BODY_LIMIT: String(256 * 1024),
      LOG_LEVEL: 'error', // refusals are logged at warn; 50,000 of them would only slow the run
    },
  });
});

afterAll(async () => {
  recordFigures('hostile-input', { runsPerReceiverInProcess: RUNS, runsPerReceiverOverHttp: HTTP_RUNS, ...figures });
  await daemon?.close();
  await redis?.destroy();
  await database?.drop();
});

describe.each(Object.keys(TARGETS))('%s receiver under hostile input', (name) => {
  const target = TARGETS[name]!;

  it(`answers ${RUNS} generated requests in process with a 2xx, a 4xx or 503, never another 5xx, with the heap flat`, async () => {
    const statuses: Record<string, number> = {};
    const bad: string[] = [];
    const app = daemon.server!;
    // Warm up first (JIT, pools, fast-check's own caches) so the heap figure compares like with like.
    await fc.assert(fc.asyncProperty(withSignature(target), async ({ request, forged }) => {
      await app.inject({ method: 'POST', url: target.path, payload: request.body, headers: headersFor(target, request, forged) });
    }), { numRuns: 300, seed: 1 });
    const heapBefore = heapMb();
    await fc.assert(
      fc.asyncProperty(withSignature(target), async ({ request, forged }) => {
        const response = await app.inject({ method: 'POST', url: target.path, payload: request.body, headers: headersFor(target, request, forged) });
        statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
        if (response.statusCode >= 500 && response.statusCode !== 503 && bad.length < 5) bad.push(`${response.statusCode} ${request.kind} ${response.body.slice(0, 300)} <- ${request.body.subarray(0, 300).toString('utf8')}`);
        return response.statusCode < 500 || response.statusCode === 503;
      }),
      { numRuns: RUNS, endOnFailure: false },
    ).catch((error: unknown) => bad.push(String(error).slice(0, 2000)));
    const heapAfter = heapMb();
    figures[name] = { statuses, heapBeforeMb: Number(heapBefore.toFixed(1)), heapAfterMb: Number(heapAfter.toFixed(1)) };
    expect(bad).toEqual([]);
    expect(Object.keys(statuses).some((status) => status.startsWith('2'))).toBe(true); // the fuzz reached the happy path too
    expect(heapAfter - heapBefore).toBeLessThan(64);
    expect((await fetch(`${daemon.url}/healthz`)).status).toBe(200);
  }, 240_000);

  it(`answers ${HTTP_RUNS} of them over real HTTP the same way`, async () => {
    const statuses: Record<string, number> = {};
    await fc.assert(
      // fetch will not send a header holding a control character, so those content types stay in the in-process runs.
      fc.asyncProperty(withSignature(target).filter(({ request }) => !/[\u0000-\u001f]/.test(request.contentType ?? '')), async ({ request, forged }) => {
        const response = await fetch(`${daemon.url}${target.path}`, { method: 'POST', body: request.body, headers: headersFor(target, request, forged), signal: AbortSignal.timeout(10_000) });
        await response.arrayBuffer();
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        return response.status < 500 || response.status === 503;
      }),
      { numRuns: HTTP_RUNS },
    );
    figures[`${name}-http`] = { statuses };
    expect((await fetch(`${daemon.url}/readyz`)).status).toBe(200);
  }, 120_000);
});
