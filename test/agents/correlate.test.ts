import { describe, expect, it } from 'vitest';
import { parsePlaybook } from '../../src/playbooks/load-playbooks.js';
import { STORE_KINDS } from '../support/databases.js';
import { useStore } from './support/stores.js';
import { TriageHarness, type AmAlert } from './support/triage-harness.js';

const dbConnections: AmAlert = {
  labels: { alertname: 'PostgresTooManyConnections', service: 'checkout', instance: 'checkout-db-01:9187', severity: 'critical' },
  summary: 'checkout-db-01 uses 97% of max_connections',
};
const apiLatency: AmAlert = {
  labels: { alertname: 'HighRequestLatency', service: 'checkout', pod: 'checkout-api-7d9f8-abcde', severity: 'critical' },
  summary: 'checkout p99 latency above 2 s',
};
const exportJobFailed: AmAlert = {
  labels: { alertname: 'KubeJobFailed', service: 'checkout', job_name: 'invoice-export-29069080', namespace: 'billing', severity: 'warning' },
  summary: 'Job invoice-export-29069080 failed to complete',
};
const searchLatency: AmAlert = {
  labels: { alertname: 'SearchLatencyHigh', service: 'search', pod: 'search-api-5c6b7-qwert', severity: 'warning' },
  summary: 'search p95 latency above 800 ms',
};
const slowProbe: AmAlert = {
  labels: { alertname: 'BlackboxSlowProbe', service: 'api-gateway', instance: 'https://api.example.test/healthz', severity: 'warning' },
  summary: 'api-gateway probe slower than 1 s',
};
const consumerLag: AmAlert = {
  labels: { alertname: 'KafkaConsumerLag', service: 'billing-events', consumergroup: 'invoices', severity: 'warning' },
  summary: 'invoices consumer group lags 40k messages',
};

const playbooks = [
  parsePlaybook(
    `id: db-pool
title: Database connections exhausted
severity: major
category: infrastructure
match:
  labels: { alertname: "(?i)connections" }
`,
    'db-pool.yaml',
  ),
  parsePlaybook(
    `id: batch-job-failed
title: A batch job failed
severity: minor
category: application-bug
match:
  labels: { alertname: "^KubeJobFailed$" }
`,
    'batch-job-failed.yaml',
  ),
];

describe('correlate', () => {
  describe.each(STORE_KINDS)('on %s', (kind) => {
    const db = useStore(kind);

    describe('when two alerts of one trouble fire close together on a service', () => {
      it('groups them into one incident with one notification', async () => {
        const triage = new TriageHarness(db(), { playbooks });
        const first = await triage.fire(10, dbConnections);
        const second = await triage.fire(70, apiLatency);
        await triage.advance(10 + triage.policy.maxHoldS + 60);
        const incidentId = (await triage.alert(first)).incident_id;
        expect(incidentId).not.toBeNull();
        expect((await triage.alert(second)).incident_id).toBe(incidentId);
        expect(triage.notified()).toEqual([incidentId]);
        expect((await triage.incident(incidentId!)).playbook_id).toBe('db-pool');
      });
    });

    describe('when an alert on another service matches only the playbook of an open incident', () => {
      // Shares no entity with the checkout incident; the db-pool playbook matches it.
      const inventoryConnections: AmAlert = {
        labels: { alertname: 'MySQLTooManyConnections', service: 'inventory', instance: 'inventory-db-02:9104', severity: 'critical' },
        summary: 'inventory-db-02 uses 95% of max_connections',
      };

      it.each([
        ['joins it while the incident is receiving alerts', -300, true],
        ['opens an incident of its own once the incident has gone quiet', 300, false],
      ])('%s', async (_what, afterWindowS, joins) => {
        const triage = new TriageHarness(db(), { playbooks });
        const first = await triage.fire(10, dbConnections);
        await triage.fire(70, apiLatency);
        const incidentId = (await triage.alert(first)).incident_id;
        expect(incidentId).not.toBeNull();
        expect((await triage.incident(incidentId!)).playbook_id).toBe('db-pool');
        const later = 70 + triage.policy.playbookJoinS + afterWindowS;
        expect(later - 70).toBeLessThan(triage.policy.correlationWindowS);
        const other = await triage.fire(later, inventoryConnections);
        await triage.advance(later + triage.policy.maxHoldS + 60);
        const otherIncident = (await triage.alert(other)).incident_id;
        expect(otherIncident).not.toBeNull();
        if (joins) expect(otherIncident).toBe(incidentId);
        else expect(otherIncident).not.toBe(incidentId);
        expect(triage.notified()).toEqual(joins ? [incidentId] : [incidentId, otherIncident]);
      });
    });

    describe('when an alert of a service whose name has a digit fires during an unrelated incident', () => {
      it('opens an incident of its own: the name is an entity, so the alert is not one that names nothing', async () => {
        const triage = new TriageHarness(db(), { playbooks });
        const first = await triage.fire(10, dbConnections);
        await triage.fire(40, apiLatency);
        const incidentId = (await triage.alert(first)).incident_id;
        expect(incidentId).not.toBeNull();
        const other = await triage.fire(60, { labels: { alertname: 'WorkerCrashed', service: 'alerta5', severity: 'critical' }, summary: 'alerta5 worker crashed' });
        await triage.advance(60 + triage.policy.maxHoldS + 60);
        const otherIncident = (await triage.alert(other)).incident_id;
        expect(otherIncident).not.toBeNull();
        expect(otherIncident).not.toBe(incidentId);
      });
    });

    describe('when alert after alert joins one incident', () => {
      it('re-triages it as each joins while it is small, then each time its alert count doubles', async () => {
        const triage = new TriageHarness(db());
        const hosts = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima', 'mike', 'november', 'oscar', 'papa'];
        const fireHost = (t: number, n: number) => triage.fire(t, { labels: { alertname: 'LedgerWriteErrors', service: 'ledger', instance: `${hosts[n]}:9100`, severity: 'critical' }, summary: `ledger writes failing on ${hosts[n]}` });
        // The first two are held, then open the incident together; the others join it as they come.
        const first = await fireHost(10, 0);
        await fireHost(20, 1);
        const opened = 10 + triage.policy.maxHoldS + 60;
        await triage.advance(opened);
        const incidentId = (await triage.alert(first)).incident_id!;
        expect(incidentId).not.toBeNull();
        // A re-triage writes the entities of every alert the incident holds; an alert joining does not.
        const entities = async () => (await db().query<{ entities: string[] }>('SELECT entities FROM incidents WHERE id = $1', [incidentId]))[0]!.entities;
        for (let n = 2; n < 12; n++) expect((await triage.alert(await fireHost(opened + 10 * n, n))).incident_id).toBe(incidentId);
        expect(await entities()).toEqual(expect.arrayContaining(hosts.slice(0, 10)));
        expect(await entities()).not.toContain('kilo');
        expect(await entities()).not.toContain('lima');
        for (let n = 12; n < 15; n++) await fireHost(opened + 10 * n, n);
        expect(await entities()).not.toContain('oscar');
        await fireHost(opened + 150, 15);
        expect(await entities()).toEqual(expect.arrayContaining(hosts));
      });
    });

    describe('when two legacy Grafana dashboard alerts of unrelated panels fire within the correlation window', () => {
      const legacyAlert = (ruleId: number, ruleName: string, dashboard: string) => ({
        dashboardId: ruleId, panelId: 2, orgId: 1, ruleId, ruleName, state: 'alerting', title: `[Alerting] ${ruleName}`,
        message: `${ruleName} is outside its range`, evalMatches: [{ value: 2, metric: 'per hour', tags: {} }], tags: { dashboard, severity: 'ticket' },
      });

      it('opens one incident each: the state both report says nothing about what is in trouble', async () => {
        const triage = new TriageHarness(db());
        const [first] = await triage.grafana(10, legacyAlert(61, 'Onboarding completions per hour', 'merchant-onboarding'));
        const later = triage.policy.entitylessJoinS + 600;
        expect(later).toBeLessThan(triage.policy.correlationWindowS);
        const [second] = await triage.grafana(later, legacyAlert(17, 'Refund volume per hour', 'refunds-kpis'));
        await triage.advance(later + triage.policy.maxHoldS + 60);
        const incidents = [(await triage.alert(first!.alertId!)).incident_id, (await triage.alert(second!.alertId!)).incident_id];
        expect(incidents[0]).not.toBeNull();
        expect(incidents[1]).not.toBeNull();
        expect(incidents[0]).not.toBe(incidents[1]);
      });
    });

    describe('when two unrelated problems hit one service at the same time', () => {
      it('opens two incidents, one per trouble', async () => {
        const triage = new TriageHarness(db(), { playbooks });
        const pool = await triage.fire(10, dbConnections);
        const latency = await triage.fire(40, apiLatency);
        const job = await triage.fire(600, exportJobFailed);
        await triage.advance(600 + triage.policy.maxHoldS + 60);

        const poolIncident = (await triage.alert(pool)).incident_id;
        const jobIncident = (await triage.alert(job)).incident_id;
        expect(poolIncident).not.toBeNull();
        expect((await triage.alert(latency)).incident_id).toBe(poolIncident);
        expect(jobIncident).not.toBeNull();
        expect(jobIncident).not.toBe(poolIncident);
        expect((await triage.incident(jobIncident!)).playbook_id).toBe('batch-job-failed');
      });
    });

    describe('when a known-noisy alert fires beside alerts of two other services', () => {
      // Three services make a storm. A known-noisy alert, once suppressed, no longer counts toward anyone's storm,
      // so it must not complete one by being decided last either: several workers decide in any order.
      it.each([
        ['first', [slowProbe, searchLatency, consumerLag]],
        ['last', [searchLatency, consumerLag, slowProbe]],
      ])('suppresses it and opens no incident when it is decided %s', async (_when, alerts) => {
        const triage = new TriageHarness(db());
        await triage.verdicts(slowProbe.labels, Array.from({ length: triage.policy.knownNoisyMinFalsePositives + 1 }, () => 'false_positive' as const));
        const ids = new Map<AmAlert, number>();
        for (const [index, alert] of alerts.entries()) ids.set(alert, await triage.fire(10 + index, alert));
        expect((await triage.alert(ids.get(slowProbe)!)).suppressed).toBe('known-noisy');
        expect(await triage.alert(ids.get(searchLatency)!)).toMatchObject({ incident_id: null, held_until: expect.any(String) });
        expect(await triage.alert(ids.get(consumerLag)!)).toMatchObject({ incident_id: null, held_until: expect.any(String) });
        expect(await triage.incidents()).toEqual([]);
      });
    });

    describe('when a config change went out on the service shortly before the alert', () => {
      it('records the change, does not hold the alert, and names the change as the suspect', async () => {
        const triage = new TriageHarness(db());
        await triage.change(100, { service: 'search', kind: 'config', version: 'flags-42', environment: 'production', at: triage.at(100).toISOString(), author: 'dana', description: 'lower the query cache size' });
        await triage.change(150, { service: 'mailer', kind: 'deploy', version: '2.3.1', environment: 'production', at: triage.at(150).toISOString(), author: 'lee', description: 'unrelated' });
        const changes = await db().query<{ service: string; kind: string }>('SELECT service, kind FROM change_events ORDER BY id');
        expect(changes).toEqual([{ service: 'search', kind: 'config' }, { service: 'mailer', kind: 'deploy' }]);

        const id = await triage.fire(400, searchLatency);
        const alert = await triage.alert(id);
        expect(alert.held_until).toBeNull();
        expect(alert.incident_id).not.toBeNull();
        const incident = await triage.incident(alert.incident_id!);
        expect(incident.notified_at).toBe(triage.at(400).toISOString());
        expect(incident.category).toBe('configuration');
        const suspects = incident.evidence.changes as Array<{ service: string; kind: string; version: string }>;
        expect(suspects.map((suspect) => `${suspect.kind} ${suspect.service}`)).toEqual(['config search']);
        expect(incident.evidence.suspectedCause).toEqual(expect.stringContaining('config of search flags-42'));
      });
    });
  });
});
