import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECHECK_HOLD } from '../../agents/pipeline.js';
import { BullmqScheduler } from '../../src/worker/bullmq-scheduler.js';
import { createTestDatabase, STORE_KINDS, type TestDatabase } from '../support/databases.js';
import { startTestDaemon, type TestDaemon } from '../http/support/test-daemon.js';

/** Words no log line may carry: they are the sender's text (title, description, a label), not the alert's identity. */
const SENDER_TEXT = ['emails queue is 40000 deep', 'customer-7788@example.com', 'queue-host-17'];

const queueDepth = { alertname: 'QueueDepthHigh', service: 'queue', instance: 'queue-host-17', severity: 'warning' };
const ledgerLag = { alertname: 'LedgerReplicationLag', service: 'ledger', instance: 'ledger-db-2', severity: 'warning' };
const cacheMiss = { alertname: 'CacheMissRateHigh', service: 'cache', instance: 'cache-3', severity: 'warning' };
const cacheDown = { alertname: 'CacheDown', service: 'cache', instance: 'cache-4', severity: 'critical' };
const neverSeen = { alertname: 'NeverFired', service: 'ghost', severity: 'warning' };

/** An Alertmanager (webhook version 4) body carrying one alert. */
function alertmanagerBody(labels: Record<string, string>, status: 'firing' | 'resolved'): string {
  const now = new Date().toISOString();
  return JSON.stringify({
    version: '4',
    status,
    receiver: 'firebreak',
    groupKey: `{}:{alertname="${labels.alertname}"}`,
    externalURL: 'http://alertmanager-0:9093',
    alerts: [
      {
        status,
        labels,
        annotations: { summary: SENDER_TEXT[0], description: `reported by ${SENDER_TEXT[1]}` },
        startsAt: now,
        endsAt: status === 'resolved' ? now : '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus:9090/graph',
        fingerprint: `fp-${labels.alertname}`,
      },
    ],
  });
}

async function eventually<T>(read: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

type LogLine = Record<string, unknown> & { alert?: { id: number | null; rule?: string } };

describe.each(STORE_KINDS)('the triage worker on %s logs each alert it handles', (kind) => {
  let database: TestDatabase;
  let daemon: TestDaemon;

  const lineFor = (msg: string, match: (line: LogLine) => boolean) => () => (daemon.logs.lines as LogLine[]).find((line) => line.msg === msg && match(line));
  const post = async (labels: Record<string, string>, status: 'firing' | 'resolved') => {
    const response = await daemon.post('/webhooks/alertmanager', alertmanagerBody(labels, status));
    expect(response.status).toBe(202);
  };

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    daemon = await startTestDaemon({ db: database.db, role: 'all', env: { FIREBREAK_PLAYBOOKS_DIR: 'playbooks' } });
  }, 60_000);
  afterAll(async () => {
    await daemon?.close();
    await database?.drop();
  });

  it('says an alert was held, then suppressed when it resolved by itself, at info level with who the alert is', { timeout: 60_000 }, async () => {
    await post(queueDepth, 'firing');
    const held = await eventually(lineFor('alert triaged', (line) => line.alert?.rule === 'QueueDepthHigh' && line.outcome === 'new'), 'the held line');
    const [stored] = await database.db.query<{ id: number; held_until: string }>("SELECT id, held_until FROM alerts WHERE rule = 'QueueDepthHigh'");
    expect(held).toMatchObject({
      level: 30,
      service: 'firebreak',
      alert: { id: stored?.id, source: 'alertmanager', rule: 'QueueDepthHigh', service: 'queue' },
      outcome: 'new',
      decision: { kind: 'held', until: stored?.held_until },
    });
    expect(typeof held.jobId).toBe('string');

    await post(queueDepth, 'resolved');
    const resolved = await eventually(lineFor('alert triaged', (line) => line.alert?.rule === 'QueueDepthHigh' && line.outcome === 'resolved'), 'the resolution line');
    expect(resolved).toMatchObject({ level: 30, alert: { id: stored?.id, service: 'queue' }, decision: { kind: 'suppressed', reason: 'transient' } });
  });

  it('says what a recheck decided when a hold is over', { timeout: 60_000 }, async () => {
    await post(ledgerLag, 'firing');
    await eventually(lineFor('alert triaged', (line) => line.alert?.rule === 'LedgerReplicationLag'), 'the held line');
    const [stored] = await database.db.query<{ id: number; held_until: string | null }>("SELECT id, held_until FROM alerts WHERE rule = 'LedgerReplicationLag'");
    expect(stored?.held_until).not.toBeNull();

    // The hold's delayed job, due now instead of in minutes: what the pipeline scheduled, brought forward.
    await new BullmqScheduler(daemon.context.queue, daemon.context.clock).recheckAt(stored?.id ?? 0, daemon.context.clock.now(), RECHECK_HOLD);
    const rechecked = await eventually(lineFor('alert rechecked', (line) => line.alert?.id === stored?.id), 'the recheck line');
    const [after] = await database.db.query<{ incident_id: string | null }>('SELECT incident_id FROM alerts WHERE id = $1', [stored?.id]);
    expect(after?.incident_id).toMatch(/^INC-/);
    expect(rechecked).toMatchObject({
      level: 30,
      alert: { id: stored?.id, source: 'alertmanager', rule: 'LedgerReplicationLag', service: 'ledger' },
      recheck: RECHECK_HOLD,
      decision: { kind: 'incident', incidentId: after?.incident_id },
    });
  });

  it('logs the incident for an alert that a later alert of the same body pulled into it', { timeout: 60_000 }, async () => {
    const body = JSON.parse(alertmanagerBody(cacheMiss, 'firing')) as { alerts: unknown[] };
    body.alerts.push(...(JSON.parse(alertmanagerBody(cacheDown, 'firing')) as { alerts: unknown[] }).alerts);
    const response = await daemon.post('/webhooks/alertmanager', JSON.stringify(body));
    expect(response.status).toBe(202);
    const miss = await eventually(lineFor('alert triaged', (line) => line.alert?.rule === 'CacheMissRateHigh'), 'the line of the first alert');
    const down = await eventually(lineFor('alert triaged', (line) => line.alert?.rule === 'CacheDown'), 'the line of the second alert');
    const [stored] = await database.db.query<{ incident_id: string | null }>("SELECT incident_id FROM alerts WHERE rule = 'CacheMissRateHigh'");
    expect(stored?.incident_id).toMatch(/^INC-/);
    expect(miss).toMatchObject({ alert: { source: 'alertmanager', rule: 'CacheMissRateHigh', service: 'cache' }, outcome: 'new', decision: { kind: 'incident', incidentId: stored?.incident_id } });
    expect(down).toMatchObject({ outcome: 'new', decision: { kind: 'incident', incidentId: stored?.incident_id } });
  });

  it('logs a resolution for an alert it never saw, with what the delivery said, and no decision', { timeout: 60_000 }, async () => {
    await post(neverSeen, 'resolved');
    const line = await eventually(lineFor('alert triaged', (entry) => entry.alert?.rule === 'NeverFired'), 'the unknown resolution line');
    expect(line).toMatchObject({ level: 30, alert: { id: null, source: 'alertmanager', rule: 'NeverFired', service: 'ghost' }, outcome: 'resolved-unknown', decision: null });
  });

  it("never logs the sender's text: titles, descriptions and labels other than rule and service", () => {
    expect(daemon.logs.lines.filter((line) => line.msg === 'alert triaged' || line.msg === 'alert rechecked').length).toBeGreaterThanOrEqual(4);
    for (const text of SENDER_TEXT) expect(daemon.logs.text.filter((line) => line.includes(text))).toEqual([]);
  });
});
