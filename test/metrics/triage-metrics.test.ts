import { NO_LOCK } from '../../agents/ports/triage-lock.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTriagePipeline, type TriagePipeline } from '../../agents/pipeline.js';
import { DEFAULT_TRIAGE_POLICY } from '../../agents/policy.js';
import { buildDrillJob } from '../../src/drills/drill-alert.js';
import type { Alert } from '../../src/domain/alert.js';
import { RecordingNotifier } from '../../src/eval/recording-notifier.js';
import { VirtualClock, VirtualScheduler } from '../../src/eval/virtual-time.js';
import { createMetrics, type Metrics } from '../../src/metrics/metrics.js';
import { metricsTriageObserver } from '../../src/metrics/triage-metrics.js';
import { SqlAlertLog } from '../../src/store/triage/sql-alert-log.js';
import { SqlAlertContext } from '../../src/store/triage/sql-alert-context.js';
import { SqlIncidentLog } from '../../src/store/triage/sql-incident-log.js';
import { SqlChangeLog, SqlIncidentHistory, SqlVerdictLog } from '../../src/store/triage/sql-knowledge.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { parseExposition, promtoolCheck, sampleValue, type Sample } from './exposition.js';

const START = new Date('2024-03-13T09:00:00Z');

function criticalAlert(at: Date, fingerprint: string, status: 'firing' | 'resolved' = 'firing'): Alert {
  return {
    source: 'alertmanager',
    fingerprint,
    status,
    rule: 'CheckoutDown',
    title: 'Checkout is down',
    message: 'Every checkout request fails',
    service: 'checkout',
    environment: 'production',
    severity: 'critical',
    labels: { alertname: 'CheckoutDown', service: 'checkout', severity: 'critical' },
    annotations: {},
    startsAt: at.toISOString(),
    endsAt: status === 'resolved' ? at.toISOString() : null,
    receivedAt: at.toISOString(),
    links: {},
    raw: {},
  };
}

describe('triage metrics, counted by the real pipeline', () => {
  let database: TestDatabase;
  let metrics: Metrics;
  let samples: Sample[];
  let text: string;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    metrics = createMetrics({ defaults: false });
    metrics.bindScrapeSources({ db: database.db });
    const clock = new VirtualClock(START);
    const db = database.db;
    const pipeline: TriagePipeline = createTriagePipeline({
      alertLog: new SqlAlertLog(db),
      alertContext: new SqlAlertContext(db),
      incidentLog: new SqlIncidentLog(db),
      changeLog: new SqlChangeLog(db),
      verdictLog: new SqlVerdictLog(db),
      history: new SqlIncidentHistory(db),
      scheduler: new VirtualScheduler(),
      notifier: new RecordingNotifier(),
      proposals: new RecordingNotifier(),
      logs: null,
      clock,
      lock: NO_LOCK,
      observer: metricsTriageObserver(metrics, clock),
      playbooks: [],
      policy: DEFAULT_TRIAGE_POLICY,
    });
    // Each delivery is decided 2 s after it was received (the virtual clock stands there while it is triaged); the
    // pipeline measures a new alert from when its episode was stored, so those observe ~0 s.
    const deliver = async (key: string, at: Date, alerts: Alert[]) => {
      clock.set(new Date(at.getTime() + 2_000));
      await pipeline.handle({ kind: 'alerts', deliveryKey: key, receivedAt: at.toISOString(), alerts });
    };
    const t0 = START;
    const t1 = new Date(START.getTime() + 60_000);
    const t2 = new Date(START.getTime() + 600_000);
    await deliver('d1', t0, [criticalAlert(t0, 'checkout-down')]);
    await deliver('d2', t1, [criticalAlert(t1, 'checkout-down')]); // the same alert, still firing: a repeat
    const drill = buildDrillJob({ now: t1, service: 'payments' });
    await deliver(drill.job.deliveryKey, t1, drill.job.alerts);
    await deliver('d3', t2, [criticalAlert(t2, 'checkout-down', 'resolved')]);
    text = await metrics.registry.metrics();
    samples = parseExposition(text);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('counts one decision per alert, each with its triage latency', async () => {
    const decided = samples.filter((sample) => sample.name === 'firebreak_triage_decisions_total').reduce((sum, sample) => sum + sample.value, 0);
    expect(decided).toBe(4);
    expect(sampleValue(samples, 'firebreak_triage_decisions_total', { outcome: 'duplicate' })).toBe(1);
    expect(sampleValue(samples, 'firebreak_triage_decisions_total', { outcome: 'resolved' })).toBe(1);
    expect(sampleValue(samples, 'firebreak_triage_latency_seconds_count')).toBe(4);
    expect(sampleValue(samples, 'firebreak_triage_latency_seconds_bucket', { le: '2.5' })).toBe(4);
  });

  it('counts the incidents opened by severity as the store holds them, the drill among the open ones', async () => {
    const rows = await database.db.query<{ severity: string; drill: boolean; notified: number; total: number }>(
      `SELECT severity, drill, count(*) FILTER (WHERE notified_at IS NOT NULL)::int AS notified, count(*)::int AS total FROM incidents GROUP BY severity, drill`,
    );
    const opened = rows.reduce((sum, row) => sum + row.total, 0);
    expect(opened).toBeGreaterThanOrEqual(1);
    for (const severity of ['minor', 'major', 'critical']) {
      const stored = rows.filter((row) => row.severity === severity).reduce((sum, row) => sum + row.total, 0);
      expect(sampleValue(samples, 'firebreak_incidents_opened_total', { severity }) ?? 0, severity).toBe(stored);
    }
    expect(sampleValue(samples, 'firebreak_triage_decisions_total', { outcome: 'opened' })).toBe(opened);
    const notified = rows.reduce((sum, row) => sum + row.notified, 0);
    expect(sampleValue(samples, 'firebreak_time_to_notify_seconds_count')).toBe(notified);
    const drillOpen = samples
      .filter((sample) => sample.name === 'firebreak_incidents_open' && sample.labels.drill === 'true')
      .reduce((sum, sample) => sum + sample.value, 0);
    expect(drillOpen).toBe(1);
  });

  it('counts every suppression the store records, by reason', async () => {
    const rows = await database.db.query<{ suppressed: string; n: number }>(`SELECT suppressed, count(*)::int AS n FROM alerts WHERE suppressed IS NOT NULL GROUP BY suppressed`);
    const counted = samples.filter((sample) => sample.name === 'firebreak_alerts_suppressed_total');
    expect(counted.map((sample) => [sample.labels.reason, sample.value]).sort()).toEqual(rows.map((row) => [row.suppressed, row.n]).sort());
  });

  it('stays promtool-clean', () => {
    expect(promtoolCheck(text)).toEqual({ status: 0, output: '' });
  });
});
