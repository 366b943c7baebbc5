import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/domain/alert.js';
import { normalizeAlertmanager } from '../../src/http/receivers/alertmanager.js';
import { normalizeGrafana } from '../../src/http/receivers/grafana.js';
import { normalizeSentry } from '../../src/http/receivers/sentry.js';
import type { AlertJob } from '../../src/queue/alert-job.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { alertmanagerBodyFromSchema, fixtureBytes, fixtureFiles } from './support/fixtures.js';
import { fixedClock, startTestDaemon, type TestDaemon } from './support/test-daemon.js';

const SENTRY_SECRET = 'sentry-client-secret-for-tests';
const AM_TOKEN = 'alertmanager-token-for-tests';
const CHANGES_TOKEN = 'changes-token-for-tests';
const NOW = '2026-03-01T12:00:00.000Z';

let database: TestDatabase;
let daemon: TestDaemon;

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  daemon = await startTestDaemon({
    db: database.db,
    clock: fixedClock(NOW),
    env: { SENTRY_CLIENT_SECRET: SENTRY_SECRET, ALERTMANAGER_TOKEN: AM_TOKEN, CHANGES_TOKEN, FIREBREAK_BODY_LIMIT: String(64 * 1024) },
  });
});

afterAll(async () => {
  await daemon?.close();
  await database?.drop();
});

const sign = (secret: string, bytes: Buffer | string) => createHmac('sha256', secret).update(bytes).digest('hex');
const requestId = () => randomBytes(16).toString('hex');

function sentryHeaders(resource: string, bytes: Buffer, id = requestId()): Record<string, string> {
  return {
    'Request-ID': id,
    'Sentry-Hook-Resource': resource,
    'Sentry-Hook-Timestamp': String(Math.floor(Date.parse(NOW) / 1000)),
    'Sentry-Hook-Signature': sign(SENTRY_SECRET, bytes),
  };
}

async function queuedJob(deliveryKey: unknown): Promise<AlertJob> {
  expect(typeof deliveryKey).toBe('string');
  const job = await daemon.context.queue.getJob(deliveryKey as string);
  expect(job, `job ${String(deliveryKey)} in Redis`).toBeDefined();
  return job!.data;
}

async function queuedAlerts(deliveryKey: unknown): Promise<Alert[]> {
  const job = await queuedJob(deliveryKey);
  expect(job.kind).toBe('alerts');
  return job.kind === 'alerts' ? job.alerts : [];
}

describe('POST /webhooks/sentry', () => {
  const platformFixtures = fixtureFiles('sentry').filter((name) => !name.startsWith('legacy'));

  it.each(platformFixtures)('queues the alert of %s, signed, as the normaliser reads it', async (name) => {
    const bytes = fixtureBytes(`sentry/${name}`);
    const resource = name.split('.')[0]!;
    const id = requestId();
    const response = await daemon.post('/webhooks/sentry', bytes, sentryHeaders(resource, bytes, id));
    expect(response.status).toBe(202);
    expect(response.json).toMatchObject({ accepted: true, duplicate: false, alerts: 1, deliveryKey: `sentry-${id}` });
    const job = await queuedJob(response.json.deliveryKey);
    expect(job).toMatchObject({ kind: 'alerts', source: 'sentry', deliveryKey: `sentry-${id}`, receivedAt: NOW });
    const [alert] = await queuedAlerts(response.json.deliveryKey);
    expect(alert).toEqual(normalizeSentry(JSON.parse(bytes.toString('utf8')), { 'sentry-hook-resource': resource }, new Date(NOW))[0]);
    expect(alert?.source).toBe('sentry');
    expect(alert?.receivedAt).toBe(NOW);
  });

  it('queues each Sentry alert with the fields a person reads', async () => {
    const cases: Array<[string, Partial<Alert>]> = [
      ['event_alert.triggered.docs.json', { fingerprint: 'sentry:event_alert:e4874d664c3540c1a32eab185f12c5ab', status: 'firing', title: 'ReferenceError: heck is not defined', service: 'front-end' }],
      ['issue.created.docs.json', { fingerprint: 'sentry:issue:1170820242', status: 'firing', title: 'ReferenceError: blooopy is not defined', severity: 'error' }],
      ['metric_alert.resolved.docs.json', { fingerprint: 'sentry:metric_alert:7:1', status: 'resolved', title: 'Too many errors', rule: 'Too many errors', endsAt: NOW }],
      ['error.created.docs.json', { fingerprint: 'sentry:issue:1170820242', status: 'firing', startsAt: '2019-08-19T20:58:37.391Z' }],
    ];
    for (const [name, expected] of cases) {
      const bytes = fixtureBytes(`sentry/${name}`);
      const response = await daemon.post('/webhooks/sentry', bytes, sentryHeaders(name.split('.')[0]!, bytes));
      expect(response.status).toBe(202);
      expect((await queuedAlerts(response.json.deliveryKey))[0]).toMatchObject(expected);
    }
  });

  it.each(['resolved', 'ignored', 'archived', 'unresolved', 'assigned'])('queues issue.%s with its status', async (action) => {
    const body = { ...(JSON.parse(fixtureBytes('sentry/issue.created.docs.json').toString('utf8')) as object), action };
    const bytes = Buffer.from(JSON.stringify(body));
    const response = await daemon.post('/webhooks/sentry', bytes, sentryHeaders('issue', bytes));
    expect(response.status).toBe(202);
    const [alert] = await queuedAlerts(response.json.deliveryKey);
    expect(alert?.status).toBe(['unresolved', 'assigned'].includes(action) ? 'firing' : 'resolved');
    expect(alert?.fingerprint).toBe('sentry:issue:1170820242');
  });

  it.each(['installation', 'comment'])('acknowledges %s with 202 and queues nothing', async (resource) => {
    const bytes = Buffer.from(JSON.stringify({ action: 'created', data: {}, installation: { uuid: 'u' } }));
    const before = await daemon.context.queue.count();
    const response = await daemon.post('/webhooks/sentry', bytes, sentryHeaders(resource, bytes));
    expect(response.status).toBe(202);
    expect(response.json).toMatchObject({ accepted: true, alerts: 0, deliveryKey: null });
    expect(await daemon.context.queue.count()).toBe(before);
  });

  it('answers a redelivery (same Request-ID) as a duplicate and keeps one job', async () => {
    const bytes = fixtureBytes('sentry/issue.created.docs.json');
    const headers = sentryHeaders('issue', bytes);
    const first = await daemon.post('/webhooks/sentry', bytes, headers);
    const second = await daemon.post('/webhooks/sentry', bytes, headers);
    expect(first.json).toMatchObject({ duplicate: false });
    expect(second.status).toBe(202);
    expect(second.json).toMatchObject({ duplicate: true, deliveryKey: first.json.deliveryKey });
    const jobs = await daemon.context.queue.getJobs(['waiting']);
    expect(jobs.filter((job) => job.id === first.json.deliveryKey)).toHaveLength(1);
  });

  it('refuses an unknown resource with 400 naming it', async () => {
    const bytes = Buffer.from(JSON.stringify({ action: 'exploded', data: {} }));
    const response = await daemon.post('/webhooks/sentry', bytes, sentryHeaders('issue', bytes));
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ error: 'FB_ERR_RECEIVER_UNSUPPORTED' });
    expect(String(response.json.message)).toContain('issue.exploded');
  });
});

describe('POST /webhooks/grafana', () => {
  it.each(fixtureFiles('grafana'))('queues every alert of %s as the normaliser reads it', async (name) => {
    const bytes = fixtureBytes(`grafana/${name}`);
    const response = await daemon.post('/webhooks/grafana', bytes);
    expect(response.status).toBe(202);
    const alerts = await queuedAlerts(response.json.deliveryKey);
    expect(alerts).toEqual(normalizeGrafana(JSON.parse(bytes.toString('utf8')), {}, new Date(NOW)));
    expect(response.json.alerts).toBe(alerts.length);
  });

  it('queues the two unified alerts field by field', async () => {
    const body = JSON.parse(fixtureBytes('grafana/unified.firing.docs.json').toString('utf8')) as { alerts: unknown[] };
    body.alerts.reverse(); // a different body: its own delivery
    const response = await daemon.post('/webhooks/grafana', JSON.stringify(body));
    const alerts = await queuedAlerts(response.json.deliveryKey);
    expect(alerts.map((alert) => [alert.fingerprint, alert.status, alert.rule, alert.labels.zone])).toEqual([
      ['bc97ff14869b13e3', 'firing', 'High CPU usage', 'eu-1'],
      ['c6eadffa33fcdf37', 'firing', 'High memory usage', 'us-1'],
    ]);
  });
});

describe('POST /webhooks/alertmanager', () => {
  const body = alertmanagerBodyFromSchema({
    status: 'resolved',
    alerts: [
      { status: 'resolved', labels: { alertname: 'DiskFull', service: 'db', env: 'prod', severity: 'critical' }, annotations: { summary: 'Disk full' }, startsAt: '2026-03-01T11:00:00Z', endsAt: '0001-01-01T00:00:00Z', fingerprint: 'aa11bb22cc33dd44', generatorURL: 'http://prom/g' },
      { status: 'firing', labels: { alertname: 'DiskFull', service: 'db', env: 'prod', instance: 'db-2' }, annotations: {}, startsAt: '2026-03-01T11:30:00Z', endsAt: '0001-01-01T00:00:00Z', fingerprint: 'ee55ff6600771188' },
    ],
  });
  const bytes = Buffer.from(JSON.stringify(body));
  const auth = { authorization: `Bearer ${AM_TOKEN}` };

  it('queues every alert of a documented-schema body, status trusted over a zero endsAt', async () => {
    const response = await daemon.post('/webhooks/alertmanager', bytes, auth);
    expect(response.status).toBe(202);
    const alerts = await queuedAlerts(response.json.deliveryKey);
    expect(alerts).toEqual(normalizeAlertmanager(body, {}, new Date(NOW)));
    expect(alerts[0]).toMatchObject({ source: 'alertmanager', fingerprint: 'aa11bb22cc33dd44', status: 'resolved', endsAt: NOW, service: 'db', environment: 'prod', severity: 'critical', title: 'Disk full', rule: 'DiskFull' });
    expect(alerts[1]).toMatchObject({ fingerprint: 'ee55ff6600771188', status: 'firing', endsAt: null, title: 'DiskFull', startsAt: '2026-03-01T11:30:00.000Z' });
  });

  it('makes one job of the same notification sent by two HA replicas', async () => {
    const replica = alertmanagerBodyFromSchema({ status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'HA' }, fingerprint: '1234567812345678' }] });
    const raw = JSON.stringify(replica);
    const one = await daemon.post('/webhooks/alertmanager', raw, auth);
    const two = await daemon.post('/webhooks/alertmanager', raw, auth);
    expect([one.status, two.status]).toEqual([202, 202]);
    expect(two.json).toMatchObject({ duplicate: true, deliveryKey: one.json.deliveryKey });
  });

  it('refuses a missing or wrong token with 401', async () => {
    expect((await daemon.post('/webhooks/alertmanager', bytes)).json).toMatchObject({ error: 'FB_ERR_RECEIVER_BAD_TOKEN' });
    const wrong = await daemon.post('/webhooks/alertmanager', bytes, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
  });
});

describe('POST /webhooks/changes', () => {
  it('queues a change job for the worker to store', async () => {
    const change = { service: 'checkout', kind: 'deploy', version: '4.6.2', environment: 'production', at: '2026-03-01T11:59:00Z', author: 'ci', description: 'MR', url: 'https://ci/1' };
    const response = await daemon.post('/webhooks/changes', JSON.stringify(change), { authorization: `Bearer ${CHANGES_TOKEN}` });
    expect(response.status).toBe(202);
    expect(await queuedJob(response.json.deliveryKey)).toEqual({
      kind: 'change',
      deliveryKey: response.json.deliveryKey,
      receivedAt: NOW,
      change: { ...change, at: '2026-03-01T11:59:00.000Z' },
    });
  });

  it('refuses a change of unknown kind with the field named', async () => {
    const response = await daemon.post('/webhooks/changes', JSON.stringify({ service: 'a', kind: 'party' }), { authorization: `Bearer ${CHANGES_TOKEN}` });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ error: 'FB_ERR_RECEIVER_SCHEMA' });
    expect(String(response.json.message)).toMatch(/^kind: /);
  });
});

describe('what a refused sender gets', () => {
  it('400 for a body that is not JSON', async () => {
    const response = await daemon.post('/webhooks/grafana', '{"alerts": [');
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ error: 'FB_ERR_RECEIVER_BAD_JSON' });
  });

  it('400 naming the JSON path of a schema-invalid body', async () => {
    const response = await daemon.post('/webhooks/grafana', JSON.stringify({ version: '1', alerts: [{ labels: [] }] }));
    expect(response.status).toBe(400);
    expect(response.json.error).toBe('FB_ERR_RECEIVER_SCHEMA');
    expect(String(response.json.message)).toMatch(/^alerts\[0\]\.labels: /);
  });

  it('413 over the size limit', async () => {
    const big = JSON.stringify({ version: '1', alerts: [], padding: 'x'.repeat(70 * 1024) });
    const response = await daemon.post('/webhooks/grafana', big);
    expect(response.status).toBe(413);
    expect(response.json).toMatchObject({ error: 'FB_ERR_RECEIVER_TOO_LARGE' });
  });

  it('415 for another content type', async () => {
    const response = await daemon.post('/webhooks/grafana', 'state=alerting', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(415);
    expect(response.json).toMatchObject({ error: 'FB_ERR_RECEIVER_CONTENT_TYPE' });
    expect(typeof response.json.requestId).toBe('string');
  });

  it('logs every refusal with source, reason and request id, and counts it on /metrics', async () => {
    const response = await daemon.post('/webhooks/alertmanager', '{}', { authorization: 'Bearer wrong-token' });
    const line = daemon.logs.lines.find((entry) => entry.requestId === response.json.requestId);
    expect(line).toMatchObject({ msg: 'webhook refused', source: 'alertmanager', reason: 'FB_ERR_RECEIVER_BAD_TOKEN' });
    const metrics = await (await fetch(`${daemon.url}/metrics`)).text();
    expect(metrics).toMatch(/firebreak_webhooks_refused_total\{source="alertmanager",reason="FB_ERR_RECEIVER_BAD_TOKEN"\} [1-9]/);
    expect(metrics).toMatch(/firebreak_webhooks_accepted_total\{source="sentry",outcome="queued"\} [1-9]/);
    expect(metrics).toMatch(/firebreak_alerts_received_total\{source="alertmanager",status="resolved"\} [1-9]/);
  });

  it('404 for a source it does not have, logged and counted as unknown', async () => {
    const response = await daemon.post('/webhooks/pagerduty', '{}');
    expect(response.status).toBe(404);
    expect(response.json).toMatchObject({ error: 'FB_ERR_NOT_FOUND' });
    expect(daemon.logs.lines.find((entry) => entry.requestId === response.json.requestId)).toMatchObject({ source: 'unknown', reason: 'FB_ERR_NOT_FOUND' });
  });

  it('never writes a configured secret to the log', () => {
    const all = daemon.logs.text.join('\n');
    for (const secret of [SENTRY_SECRET, AM_TOKEN, CHANGES_TOKEN]) expect(all).not.toContain(secret);
  });
});

describe('health endpoints', () => {
  it('GET /healthz is 200 and GET /readyz reports Redis and the store', async () => {
    expect((await fetch(`${daemon.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${daemon.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', redis: 'ok', store: 'ok' });
  });
});
