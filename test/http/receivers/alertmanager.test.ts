import { describe, expect, it } from 'vitest';
import { normalizeAlertmanager } from '../../../src/http/receivers/alertmanager.js';
import { alertmanagerBodyFromSchema } from '../support/fixtures.js';

const receivedAt = new Date('2026-03-01T12:00:00.000Z');
const received = receivedAt.toISOString();

const firing = {
  status: 'firing',
  labels: { alertname: 'KubePodCrashLooping', namespace: 'shop', pod: 'api-7d9', job: 'kube-state-metrics', severity: 'critical', env: 'production' },
  annotations: { summary: 'Pod shop/api-7d9 is crash looping', description: 'Restarted 5 times in 10 minutes', runbook_url: 'https://runbooks.test/crashloop' },
  startsAt: '2026-03-01T11:50:00.123456789Z',
  endsAt: '0001-01-01T00:00:00Z',
  generatorURL: 'http://prometheus.test/graph?g0.expr=x',
  fingerprint: 'a1b2c3d4e5f60718',
};

describe('Alertmanager normaliser', () => {
  describe('a webhook version 4 body built from the documented schema', () => {
    const body = alertmanagerBodyFromSchema({ status: 'firing', alerts: [firing] });

    it('gives the alert with the sender fingerprint, labels, annotations and links', () => {
      expect(normalizeAlertmanager(body, {}, receivedAt)).toEqual([
        {
          source: 'alertmanager',
          fingerprint: 'a1b2c3d4e5f60718',
          status: 'firing',
          rule: 'KubePodCrashLooping',
          title: 'Pod shop/api-7d9 is crash looping',
          message: 'Restarted 5 times in 10 minutes',
          // `job` is the scrape job here, but it is the first service-like label present: no `service` or `app`.
          service: 'kube-state-metrics',
          environment: 'production',
          severity: 'critical',
          labels: firing.labels,
          annotations: firing.annotations,
          startsAt: '2026-03-01T11:50:00.123Z',
          endsAt: null,
          receivedAt: received,
          links: { generator: 'http://prometheus.test/graph?g0.expr=x', runbook: 'https://runbooks.test/crashloop' },
          raw: (body.alerts as unknown[])[0],
        },
      ]);
    });

    it('prefers the service label to every other', () => {
      const labelled = alertmanagerBodyFromSchema({ status: 'firing', alerts: [{ ...firing, labels: { ...firing.labels, service: 'checkout', app: 'api' } }] });
      expect(normalizeAlertmanager(labelled, {}, receivedAt)[0]?.service).toBe('checkout');
    });
  });

  describe('resolved alerts', () => {
    it('trusts status over a zero endsAt and ends the alert when it was heard of', () => {
      const body = alertmanagerBodyFromSchema({ status: 'resolved', alerts: [{ ...firing, status: 'resolved' }] });
      expect(normalizeAlertmanager(body, {}, receivedAt)[0]).toMatchObject({ status: 'resolved', endsAt: received, fingerprint: firing.fingerprint });
    });

    it('keeps the sent endsAt when there is one', () => {
      const body = alertmanagerBodyFromSchema({ status: 'resolved', alerts: [{ ...firing, status: 'resolved', endsAt: '2026-03-01T11:58:00Z' }] });
      expect(normalizeAlertmanager(body, {}, receivedAt)[0]?.endsAt).toBe('2026-03-01T11:58:00.000Z');
    });

    it('trusts a firing status over an endsAt in the past', () => {
      const body = alertmanagerBodyFromSchema({ status: 'firing', alerts: [{ ...firing, endsAt: '2026-03-01T11:00:00Z' }] });
      expect(normalizeAlertmanager(body, {}, receivedAt)[0]).toMatchObject({ status: 'firing', endsAt: null });
    });

    it('mixes firing and resolved alerts of one group', () => {
      const body = alertmanagerBodyFromSchema({
        status: 'firing',
        alerts: [firing, { ...firing, status: 'resolved', fingerprint: 'ffff000011112222' }],
      });
      expect(normalizeAlertmanager(body, {}, receivedAt).map((alert) => alert.status)).toEqual(['firing', 'resolved']);
    });
  });

  describe('bodies from other versions', () => {
    it('tolerates a missing fingerprint, annotations and times', () => {
      const [alert] = normalizeAlertmanager({ version: '4', status: 'firing', alerts: [{ labels: { alertname: 'Up', instance: 'a:9100' } }] }, {}, receivedAt);
      expect(alert).toMatchObject({ status: 'firing', rule: 'Up', title: 'Up', startsAt: received, annotations: {} });
      expect(alert?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    });

    it('turns non-string label values into strings instead of refusing the alert', () => {
      const [alert] = normalizeAlertmanager({ alerts: [{ labels: { alertname: 'X', replica: 2, ok: true, nested: { a: 1 } } }] }, {}, receivedAt);
      expect(alert?.labels).toEqual({ alertname: 'X', replica: '2', ok: 'true' });
    });

    it('names the JSON path of a malformed body', () => {
      expect(() => normalizeAlertmanager({ version: '4' }, {}, receivedAt)).toThrow(/^alerts: /);
      expect(() => normalizeAlertmanager([], {}, receivedAt)).toThrow(/^\(body\): /);
    });
  });
});
