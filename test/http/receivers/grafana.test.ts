import { describe, expect, it } from 'vitest';
import { normalizeGrafana } from '../../../src/http/receivers/grafana.js';
import { fixtureJson } from '../support/fixtures.js';

const receivedAt = new Date('2026-03-01T12:00:00.000Z');
const received = receivedAt.toISOString();

describe('Grafana normaliser', () => {
  describe('a unified alerting body (version 1) with two firing alerts', () => {
    const body = fixtureJson('grafana/unified.firing.docs.json') as { alerts: unknown[] };
    const alerts = normalizeGrafana(body, {}, receivedAt);

    it('gives one alert per entry, each with its own fingerprint, labels and links', () => {
      expect(alerts).toHaveLength(2);
      expect(alerts[0]).toEqual({
        source: 'grafana',
        fingerprint: 'c6eadffa33fcdf37',
        status: 'firing',
        rule: 'High memory usage',
        title: 'This alert was triggered for zone us-1',
        message: 'The system has high memory usage',
        service: null,
        environment: null,
        severity: null,
        labels: { alertname: 'High memory usage', team: 'blue', zone: 'us-1' },
        annotations: {
          description: 'The system has high memory usage',
          runbook_url: 'https://myrunbook.com/runbook/1234',
          summary: 'This alert was triggered for zone us-1',
        },
        startsAt: '2021-10-12T07:51:03.157Z',
        endsAt: null,
        receivedAt: received,
        links: {
          generator: 'https://play.grafana.org/alerting/1afz29v7z/edit',
          silence: 'https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers=alertname%3DT2%2Cteam%3Dblue%2Czone%3Dus-1',
          runbook: 'https://myrunbook.com/runbook/1234',
        },
        raw: body.alerts[0],
      });
      expect(alerts[1]).toMatchObject({ fingerprint: 'bc97ff14869b13e3', rule: 'High CPU usage', startsAt: '2021-10-12T07:56:03.157Z' });
    });

    it('trusts each alert status over the group status, firing and resolved mixed', () => {
      const mixed = structuredClone(body) as { status: string; alerts: Array<Record<string, unknown>> };
      mixed.alerts[1] = { ...mixed.alerts[1], status: 'resolved', endsAt: '0001-01-01T00:00:00Z' };
      const [first, second] = normalizeGrafana(mixed, {}, receivedAt);
      expect(first?.status).toBe('firing');
      expect(second).toMatchObject({ status: 'resolved', endsAt: received });
    });

    it('names the service and environment from the labels a team would use', () => {
      const labelled = structuredClone(body) as { alerts: Array<{ labels: Record<string, string> }> };
      labelled.alerts[0]!.labels = { alertname: 'x', app: 'checkout', env: 'prod', severity: 'critical' };
      expect(normalizeGrafana(labelled, {}, receivedAt)[0]).toMatchObject({ service: 'checkout', environment: 'prod', severity: 'critical' });
    });

    it('derives a stable fingerprint from the labels when the sender gives none', () => {
      const bare = { version: '1', alerts: [{ status: 'firing', labels: { b: '2', a: '1' } }] };
      const again = { version: '1', alerts: [{ status: 'firing', labels: { a: '1', b: '2' } }] };
      const one = normalizeGrafana(bare, {}, receivedAt)[0]?.fingerprint;
      expect(one).toMatch(/^[0-9a-f]{16}$/);
      expect(normalizeGrafana(again, {}, receivedAt)[0]?.fingerprint).toBe(one);
    });

    it('names the JSON path of a schema-invalid alert', () => {
      expect(() => normalizeGrafana({ version: '1', alerts: [{ labels: 'x' }] }, {}, receivedAt)).toThrow(/^alerts\[0\]\.labels: /);
      expect(() => normalizeGrafana({ version: '1', alerts: 'none' }, {}, receivedAt)).toThrow(/^alerts: /);
    });
  });

  describe('a legacy (pre-8) alerting body', () => {
    const body = fixtureJson('grafana/legacy.alerting.docs.json') as Record<string, unknown>;
    const [alert, ...rest] = normalizeGrafana(body, {}, receivedAt);

    it('gives one alert per rule, titled by the rule name, with tags as labels', () => {
      expect(rest).toEqual([]);
      expect(alert).toMatchObject({
        source: 'grafana',
        status: 'firing',
        rule: 'Panel Title alert',
        title: 'Panel Title alert',
        message: 'Notification Message',
        labels: { 'tag name': 'tag value', grafana_state: 'alerting' },
        annotations: { message: 'Notification Message', eval_matches: 'Count=1' },
        startsAt: received,
        endsAt: null,
        links: {
          dashboard: 'http://localhost:3000/d/hZ7BuVbWz/test-dashboard?fullscreen&edit&tab=alert&panelId=2&orgId=1',
          generator: 'http://localhost:3000/d/hZ7BuVbWz/test-dashboard?fullscreen&edit&tab=alert&panelId=2&orgId=1',
        },
        raw: body,
      });
    });

    it('keys the alert by rule so that ok resolves what alerting fired', () => {
      const [ok] = normalizeGrafana({ ...body, state: 'ok', evalMatches: [] }, {}, receivedAt);
      expect(ok).toMatchObject({ status: 'resolved', fingerprint: alert?.fingerprint, endsAt: received });
    });

    it('acknowledges no_data and pending without firing or resolving', () => {
      expect(normalizeGrafana({ ...body, state: 'no_data' }, {}, receivedAt)).toEqual([]);
      expect(normalizeGrafana({ ...body, state: 'pending' }, {}, receivedAt)).toEqual([]);
    });

    it('refuses a state it does not know', () => {
      expect(() => normalizeGrafana({ ...body, state: 'exploded' }, {}, receivedAt)).toThrow(/state: unknown/);
    });
  });
});
