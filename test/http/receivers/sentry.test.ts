import { describe, expect, it } from 'vitest';
import { normalizeSentry } from '../../../src/http/receivers/sentry.js';
import { isFirebreakError } from '../../../src/errors/catalogue.js';
import { fixtureJson } from '../support/fixtures.js';

const receivedAt = new Date('2026-03-01T12:00:00.000Z');
const received = receivedAt.toISOString();
const hook = (resource: string) => ({ 'sentry-hook-resource': resource });

describe('Sentry normaliser', () => {
  describe('an event_alert.triggered delivery (issue alert)', () => {
    const body = fixtureJson('sentry/event_alert.triggered.docs.json');
    const [alert, ...rest] = normalizeSentry(body, hook('event_alert'), receivedAt);

    it('gives one firing alert per trigger, titled by the issue, its rule key the issue-alert rule', () => {
      expect(rest).toEqual([]);
      expect(alert).toMatchObject({
        source: 'sentry',
        fingerprint: 'sentry:event_alert:e4874d664c3540c1a32eab185f12c5ab',
        status: 'firing',
        title: 'ReferenceError: heck is not defined',
        rule: 'Very Important Alert Rule!',
        message: 'heck is not defined\n?(<anonymous>)',
        service: 'front-end',
        environment: null,
        severity: 'error',
        startsAt: '2019-08-19T21:06:17.677Z',
        endsAt: null,
        receivedAt: received,
        links: { issue: 'https://sentry.io/organizations/test-org/issues/1117540176/' },
      });
    });

    it('labels the project, level, platform, error type and the issue-alert rule that fired', () => {
      expect(alert?.labels).toEqual({
        project: 'front-end',
        level: 'error',
        platform: 'javascript',
        error_type: 'ReferenceError',
        alert_rule: 'Very Important Alert Rule!',
        sentry_resource: 'event_alert',
        sentry_action: 'triggered',
      });
      expect(alert?.annotations).toEqual({ culprit: '?(<anonymous>)', event_id: 'e4874d664c3540c1a32eab185f12c5ab' });
      expect(alert?.raw).toEqual(body);
    });
  });

  describe('an issue.created delivery', () => {
    const [alert] = normalizeSentry(fixtureJson('sentry/issue.created.docs.json'), hook('issue'), receivedAt);
    it('fires the issue with its project as the service', () => {
      expect(alert).toMatchObject({
        fingerprint: 'sentry:issue:1170820242',
        status: 'firing',
        title: 'ReferenceError: blooopy is not defined',
        rule: 'ReferenceError: blooopy is not defined',
        message: 'blooopy is not defined\n?(runner)',
        service: 'front-end',
        environment: null,
        severity: 'error',
        startsAt: '2019-08-19T20:58:37.391Z',
        endsAt: null,
        links: {},
      });
      expect(alert?.labels).toEqual({
        project: 'front-end',
        level: 'error',
        issue_type: 'error',
        error_type: 'ReferenceError',
        short_id: 'FRONT-END-9',
        substatus: 'escalating',
        sentry_resource: 'issue',
        sentry_action: 'created',
      });
    });
  });

  describe('the issue actions', () => {
    const issue = fixtureJson('sentry/issue.created.docs.json') as Record<string, unknown>;
    const as = (action: string) => normalizeSentry({ ...issue, action }, hook('issue'), receivedAt)[0];

    it('resolves the same fingerprint on issue.resolved', () => {
      expect(as('resolved')).toMatchObject({ fingerprint: 'sentry:issue:1170820242', status: 'resolved', endsAt: received });
      expect(as('resolved')?.labels.resolved_reason).toBe('resolved');
    });

    it.each(['ignored', 'archived'])('resolves on issue.%s with a label saying why', (action) => {
      expect(as(action)?.status).toBe('resolved');
      expect(as(action)?.labels.resolved_reason).toBe(action);
    });

    it.each(['unresolved', 'assigned'])('keeps the issue firing on issue.%s', (action) => {
      expect(as(action)?.status).toBe('firing');
      expect(as(action)?.labels.sentry_action).toBe(action);
    });

    it('refuses an action it does not know, naming it', () => {
      expect(() => as('exploded')).toThrow(/issue\.exploded/);
      try {
        as('exploded');
      } catch (error) {
        expect(isFirebreakError(error, 'FB_ERR_RECEIVER_UNSUPPORTED')).toBe(true);
      }
    });
  });

  describe('a metric_alert.resolved delivery', () => {
    const [alert] = normalizeSentry(fixtureJson('sentry/metric_alert.resolved.docs.json'), hook('metric_alert'), receivedAt);
    it('is titled by the alert rule, keyed by rule and incident, and resolved', () => {
      expect(alert).toMatchObject({
        fingerprint: 'sentry:metric_alert:7:1',
        status: 'resolved',
        title: 'Too many errors',
        rule: 'Too many errors',
        message: '1000 events in the last 10 minutes\\nFilter: level:error',
        service: 'bar',
        environment: null,
        severity: null,
        startsAt: '2020-09-13T12:26:40.000Z',
        // date_closed is null in the docs' example: it ended when we heard of it.
        endsAt: received,
        links: { dashboard: 'https://sentry.io/organizations/baz/alerts/1/' },
      });
      expect(alert?.labels).toEqual({
        project: 'bar',
        alert_rule_id: '7',
        aggregate: 'count()',
        dataset: 'events',
        sentry_resource: 'metric_alert',
        sentry_action: 'resolved',
      });
      expect(alert?.annotations).toEqual({ description_title: 'Resolved: Too many errors', incident_title: 'Sacred Marmot' });
    });

    it.each(['critical', 'warning', 'open'])('fires the same fingerprint on metric_alert.%s, severity as sent', (action) => {
      const body = { ...(fixtureJson('sentry/metric_alert.resolved.docs.json') as Record<string, unknown>), action };
      const [firing] = normalizeSentry(body, hook('metric_alert'), receivedAt);
      expect(firing).toMatchObject({ fingerprint: 'sentry:metric_alert:7:1', status: 'firing', endsAt: null, severity: action });
    });
  });

  describe('an error.created delivery', () => {
    const [alert] = normalizeSentry(fixtureJson('sentry/error.created.docs.json'), hook('error'), receivedAt);
    it('fires the error issue', () => {
      expect(alert).toMatchObject({
        fingerprint: 'sentry:issue:1170820242',
        status: 'firing',
        title: 'ReferenceError: blooopy is not defined',
        service: 'front-end',
        severity: 'error',
        startsAt: '2019-08-19T20:58:37.391Z',
        links: { issue: 'https://sentry.io/organizations/test-org/issues/1170820242/' },
      });
      expect(alert?.labels.sentry_resource).toBe('error');
      expect(alert?.labels.alert_rule).toBeUndefined();
    });
  });

  describe('a legacy WebHooks plugin delivery (no Sentry-Hook headers)', () => {
    const [alert] = normalizeSentry(fixtureJson('sentry/legacy-plugin.alerta-contrib-readme.json'), {}, receivedAt);
    it('fires the issue from the top-level fields', () => {
      expect(alert).toMatchObject({
        source: 'sentry',
        fingerprint: 'sentry:issue:541485531',
        status: 'firing',
        title: 'This is an example Python exception',
        rule: 'This is an example Python exception',
        service: 'alerta5',
        severity: 'error',
        startsAt: received,
        links: { issue: 'https://sentry.io/alertaio/alerta5/issues/541485531/' },
      });
      expect(alert?.labels).toEqual({ project: 'alerta5', level: 'error', sentry_resource: 'legacy_plugin' });
    });
  });

  describe('deliveries that carry no alert', () => {
    it.each(['installation', 'comment'])('acknowledges %s with no alerts', (resource) => {
      expect(normalizeSentry({ action: 'created', data: {}, installation: { uuid: 'x' } }, hook(resource), receivedAt)).toEqual([]);
    });
  });

  describe('bodies from other versions', () => {
    it('reads tags given as {key, value} objects and ids given as numbers', () => {
      const [alert] = normalizeSentry(
        {
          action: 'triggered',
          data: {
            event: { issue_id: 42, title: 'Boom', level: 'fatal', tags: [{ key: 'service', value: 'billing' }, { key: 'environment', value: 'prod' }] },
            triggered_rule: 'r',
          },
        },
        hook('event_alert'),
        receivedAt,
      );
      expect(alert).toMatchObject({ fingerprint: 'sentry:issue:42', rule: 'r', service: 'billing', environment: 'prod', severity: 'fatal', title: 'Boom' });
    });

    it('recognises the resource from the body when the header is missing', () => {
      const body = fixtureJson('sentry/metric_alert.resolved.docs.json');
      expect(normalizeSentry(body, {}, receivedAt)[0]?.fingerprint).toBe('sentry:metric_alert:7:1');
    });

    it('names the JSON path of a malformed field', () => {
      expect(() => normalizeSentry({ action: 'created', data: { issue: { id: 1, project: 'not-an-object' } } }, hook('issue'), receivedAt)).toThrow(
        /^data\.issue\.project: /,
      );
    });
  });
});
