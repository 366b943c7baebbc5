import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { fixtureBytes } from '../http/support/fixtures.js';
import { startTestDaemon, type TestDaemon } from '../http/support/test-daemon.js';
import { parseExposition, promtoolCheck, sampleValue, type Sample } from './exposition.js';

const FIXTURE = fixtureBytes('grafana/unified.firing.docs.json');
const TOKEN = 'grafana-metrics-test-token';

/** Counts the fixture's alerts by status, as the receiver must have counted them. */
function fixtureStatuses(): Record<string, number> {
  const body = JSON.parse(FIXTURE.toString('utf8')) as { alerts: Array<{ status: string }> };
  const counts: Record<string, number> = {};
  for (const alert of body.alerts) counts[alert.status] = (counts[alert.status] ?? 0) + 1;
  return counts;
}

describe('GET /metrics on the running daemon, after real traffic', () => {
  let database: TestDatabase;
  let daemon: TestDaemon;
  let text: string;
  let contentType: string | null;
  let samples: Sample[];

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    await database.db.query(`INSERT INTO incidents (id, origin, title, status, severity) VALUES ('INC-0001', 'triage', 'Checkout down', 'open', 'critical')`);
    daemon = await startTestDaemon({ db: database.db, role: 'all', env: { GRAFANA_TOKEN: TOKEN, LOG_LEVEL: 'warn' } });
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await daemon.post('/webhooks/grafana', FIXTURE, auth)).status).toBe(202);
    expect((await daemon.post('/webhooks/grafana', FIXTURE, auth)).status).toBe(202); // a redelivery
    expect((await daemon.post('/webhooks/grafana', FIXTURE, { authorization: 'Bearer wrong-token-here' })).status).toBe(401);
    expect((await daemon.post('/webhooks/grafana', '{"alerts": [', auth)).status).toBe(400);

    // The worker (role all) takes the one queued delivery; wait until Redis says it is done.
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const counts = await daemon.context.queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
      if ((counts.completed ?? 0) + (counts.failed ?? 0) >= 1 && (counts.waiting ?? 0) + (counts.active ?? 0) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const response = await fetch(`${daemon.url}/metrics`);
    expect(response.status).toBe(200);
    contentType = response.headers.get('content-type');
    text = await response.text();
    samples = parseExposition(text);
  });

  afterAll(async () => {
    await daemon?.context.queue.obliterate({ force: true }).catch(() => undefined);
    await daemon?.close();
    await database?.drop();
  });

  it('passes promtool check metrics with no finding', () => {
    expect(contentType).toContain('text/plain');
    expect(promtoolCheck(text)).toEqual({ status: 0, output: '' });
  });

  it('counts the alerts received by source and status, once for a redelivered body', () => {
    for (const [status, count] of Object.entries(fixtureStatuses())) {
      expect(sampleValue(samples, 'firebreak_alerts_received_total', { source: 'grafana', status })).toBe(count);
    }
    expect(sampleValue(samples, 'firebreak_webhooks_accepted_total', { source: 'grafana', outcome: 'queued' })).toBe(1);
    expect(sampleValue(samples, 'firebreak_webhooks_accepted_total', { source: 'grafana', outcome: 'duplicate' })).toBe(1);
  });

  it('counts the refused deliveries by source and reason', () => {
    expect(sampleValue(samples, 'firebreak_webhooks_refused_total', { source: 'grafana', reason: 'FB_ERR_RECEIVER_BAD_TOKEN' })).toBe(1);
    expect(sampleValue(samples, 'firebreak_webhooks_refused_total', { source: 'grafana', reason: 'FB_ERR_RECEIVER_BAD_JSON' })).toBe(1);
  });

  it('reads the queue and the store at scrape time', () => {
    expect(sampleValue(samples, 'firebreak_queue_jobs', { state: 'completed' })).toBe(1);
    expect(sampleValue(samples, 'firebreak_queue_jobs', { state: 'waiting' })).toBe(0);
    expect(sampleValue(samples, 'firebreak_queue_jobs', { state: 'failed' })).toBe(0);
    expect(sampleValue(samples, 'firebreak_incidents_open', { severity: 'critical', drill: 'false' })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(samples, 'firebreak_metrics_collector_errors_total', { collector: 'queue_jobs' })).toBeUndefined();
  });
});
