import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const START = '2025-06-02T08:00:00Z';
const at = (t: number) => new Date(Date.parse(START) + t * 1000).toISOString();

function amBody(t: number, alerts: Array<{ labels: Record<string, string>; summary: string; status?: 'firing' | 'resolved'; fingerprint: string }>) {
  return {
    version: '4',
    status: alerts.some((alert) => (alert.status ?? 'firing') === 'firing') ? 'firing' : 'resolved',
    receiver: 'oncall',
    groupKey: '{}:{}',
    externalURL: 'http://alertmanager:9093',
    alerts: alerts.map((alert) => ({
      status: alert.status ?? 'firing',
      labels: alert.labels,
      annotations: { summary: alert.summary },
      startsAt: at(t),
      endsAt: alert.status === 'resolved' ? at(t) : '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph',
      fingerprint: alert.fingerprint,
    })),
  };
}

const pool = { labels: { alertname: 'PostgresTooManyConnections', service: 'orders', instance: 'orders-db-01:9187', severity: 'critical' }, summary: 'orders-db-01 at 98% of max_connections', fingerprint: 'f-pool' };
const latency = { labels: { alertname: 'HighRequestLatency', service: 'orders', pod: 'orders-api-6f7c9-x2k4p', severity: 'critical' }, summary: 'orders p99 latency above 3 s', fingerprint: 'f-latency' };
const probe = { labels: { alertname: 'ProbeSlow', service: 'partners', instance: 'https://partner.example.net/health', severity: 'warning' }, summary: 'Probe of partner.example.net is slow', fingerprint: 'f-probe' };
const batch = { labels: { alertname: 'KubeJobFailed', service: 'reports', job_name: 'nightly-report-1', severity: 'warning' }, summary: 'Job nightly-report-1 failed', fingerprint: 'f-batch' };
const blip = { labels: { alertname: 'DiskLatencyHigh', service: 'builds', instance: 'runner-7:9100', severity: 'warning' }, summary: 'Disk latency on runner-7 above 50 ms', fingerprint: 'f-blip' };

/**
 * A small scenario of the firebreak-scenario/1 format (shared/scenarios/README.md) written to a new temporary
 * folder: an incident of two alerts with a redelivery, known noise (which resolves), a maintenance window and a transient, with
 * its playbooks, history, verdicts and truth. Returns the folder.
 */
export function writeTinyScenario(): string {
  const dir = mkdtempSync(join(tmpdir(), 'firebreak-scenario-'));
  mkdirSync(join(dir, 'playbooks'));
  writeFileSync(
    join(dir, 'scenario.json'),
    JSON.stringify({
      format: 'firebreak-scenario/1',
      name: 'tiny',
      description: 'hand-made for the tests',
      start: START,
      silences: [{ matchers: { service: '^reports$' }, startsAt: at(0), endsAt: at(3600), comment: 'report cluster upgrade', createdBy: 'ops' }],
    }),
  );
  writeFileSync(
    join(dir, 'playbooks', 'pool.yaml'),
    'id: pool-exhausted\ntitle: Connection pool exhausted\nseverity: major\ncategory: infrastructure\nmatch:\n  labels: { alertname: "(?i)connections" }\nchecklist: [Who holds the connections?]\n',
  );
  writeFileSync(
    join(dir, 'playbooks', 'jobs.yaml'),
    'id: job-failed\ntitle: A job failed\nseverity: minor\ncategory: application-bug\nmatch:\n  labels: { alertname: "^KubeJobFailed$" }\n',
  );
  const history = [
    { id: 'H-1', title: 'Orders: database connections exhausted by the export job', service: 'orders', severity: 'major', status: 'resolved', detected_at: '2025-01-10T10:00:00Z', resolved_at: '2025-01-10T11:00:00Z', symptom: 'orders API timing out', root_cause: 'export job leaked connections', category: 'infrastructure', playbook: 'pool-exhausted' },
    { id: 'H-2', title: 'Search: index rebuild slow', service: 'search', severity: 'minor', status: 'resolved', detected_at: '2025-02-01T10:00:00Z', resolved_at: '2025-02-01T12:00:00Z', symptom: 'slow search', root_cause: 'rebuild', category: 'infrastructure' },
  ];
  writeFileSync(join(dir, 'history.jsonl'), history.map((row) => JSON.stringify(row)).join('\n') + '\n');
  const verdict = (day: number) => JSON.stringify({ at: `2025-05-0${day}T10:00:00Z`, source: 'alertmanager', labels: probe.labels, title: probe.summary, verdict: 'false_positive', by: 'sre' });
  writeFileSync(join(dir, 'verdicts.jsonl'), [1, 2, 3].map(verdict).join('\n') + '\n');

  const latencyBody = amBody(90, [latency]);
  const events = [
    { id: 'e1', t: 60, type: 'webhook', source: 'alertmanager', headers: {}, body: amBody(60, [pool]) },
    { id: 'e2', t: 90, type: 'webhook', source: 'alertmanager', headers: {}, body: latencyBody },
    { id: 'e3', t: 95, type: 'webhook', source: 'alertmanager', headers: {}, body: latencyBody },
    { id: 'e4', t: 300, type: 'webhook', source: 'alertmanager', headers: {}, body: amBody(300, [probe]) },
    { id: 'e5', t: 400, type: 'webhook', source: 'alertmanager', headers: {}, body: amBody(400, [batch]) },
    { id: 'e5b', t: 900, type: 'webhook', source: 'alertmanager', headers: {}, body: amBody(900, [{ ...probe, status: 'resolved' }]) },
    { id: 'e6', t: 7200, type: 'webhook', source: 'alertmanager', headers: {}, body: amBody(7200, [blip]) },
    { id: 'e7', t: 7260, type: 'webhook', source: 'alertmanager', headers: {}, body: amBody(7260, [{ ...blip, status: 'resolved' }]) },
  ];
  writeFileSync(join(dir, 'events.jsonl'), events.map((event) => JSON.stringify(event)).join('\n') + '\n');
  writeFileSync(
    join(dir, 'truth.json'),
    JSON.stringify({
      alerts: {
        'e1/0': { incident: 'T1', noise: null },
        'e2/0': { incident: 'T1', noise: null },
        'e3/0': { incident: null, noise: 'duplicate' },
        'e4/0': { incident: null, noise: 'known-noisy' },
        'e5/0': { incident: null, noise: 'maintenance' },
        'e6/0': { incident: null, noise: 'transient' },
      },
      incidents: { T1: { title: 'Orders database connections exhausted', service: 'orders', severity: 'major', category: 'infrastructure', playbook: 'pool-exhausted', similar: ['H-1'], first_alert_t: 60 } },
    }),
  );
  return dir;
}
