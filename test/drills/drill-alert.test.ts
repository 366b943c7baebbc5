import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { matcherMatches } from '../../agents/lib/playbook-match.js';
import { buildDrillJob, DRILL_LABEL } from '../../src/drills/drill-alert.js';
import { loadPlaybooks } from '../../src/playbooks/load-playbooks.js';

const dir = mkdtempSync(join(tmpdir(), 'firebreak-drill-playbooks-'));
writeFileSync(
  join(dir, 'pool.yaml'),
  [
    'id: db-pool-exhausted',
    'title: Database connection pool exhausted',
    'severity: major',
    'category: infrastructure',
    'match:',
    '  - source: [grafana, alertmanager]',
    '    services: [checkout, api]',
    '    labels: { alertname: "^DB(Connections|Pool)(Exhausted|Saturated)$", namespace: "^prod-[a-z]{2,4}$" }',
    '    text: "(?i)connection pool|too many connections"',
    '  - text: "never used: only the first matcher drives a drill"',
  ].join('\n'),
);
writeFileSync(
  join(dir, 'sentry.yaml'),
  ['id: payment-errors', 'title: Payment errors', 'severity: critical', 'category: third-party', 'match:', '  source: sentry', '  text: "^PaymentTimeout: .+ after \\\\d+ ?ms"', '  logs: "gateway"'].join('\n'),
);
writeFileSync(
  join(dir, 'tail.yaml'),
  ['id: queue-lag', 'title: Queue lag', 'severity: minor', 'category: traffic', 'match:', '  text: "lag of \\\\d+ messages$"'].join('\n'),
);
writeFileSync(
  join(dir, 'never.yaml'),
  ['id: never-matches', 'title: Never matches', 'severity: minor', 'category: unknown', 'match:', '  text: "^only this$"'].join('\n'),
);
const playbooks = loadPlaybooks(dir);
const byId = (id: string) => {
  const playbook = playbooks.find((candidate) => candidate.id === id);
  if (playbook === undefined) throw new Error(`no playbook ${id}`);
  return playbook;
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('drill alert', () => {
  describe('with a playbook', () => {
    it("matches the playbook's first matcher, labels, services and text included, every time", () => {
      const playbook = byId('db-pool-exhausted');
      for (let draw = 0; draw < 30; draw += 1) {
        const { alert } = buildDrillJob({ playbook, now: new Date('2024-03-13T09:00:00Z') });
        expect(matcherMatches(playbook.match[0]!, alert, [])).toBe(true);
        expect(alert.source).toBe('grafana');
        expect(alert.service).toBe('checkout');
        expect(alert.labels[DRILL_LABEL]).toBe('true');
        expect(alert.labels.alertname).toMatch(/^DB(Connections|Pool)(Exhausted|Saturated)$/);
        expect(alert.rule).toBe(alert.labels.alertname);
      }
    });

    it('warns when the matcher also needs log lines the drill cannot bring', () => {
      const { alert, warnings } = buildDrillJob({ playbook: byId('payment-errors'), now: new Date() });
      expect(alert.source).toBe('sentry');
      expect(alert.title).toMatch(/^PaymentTimeout: .+ after \d+ ?ms/);
      expect(warnings).toEqual(['the matcher also needs log lines around the alert: the drill matches only if a log source has them']);
    });
    it('keeps [DRILL] in the title and the sample in the message when the pattern allows it', () => {
      const playbook = byId('queue-lag');
      const { alert } = buildDrillJob({ playbook, now: new Date() });
      expect(matcherMatches(playbook.match[0]!, alert, [])).toBe(true);
      expect(alert.title).toBe('[DRILL] Queue lag');
      expect(alert.message).toMatch(/lag of \d+ messages$/);
      expect(buildDrillJob({ playbook: byId('db-pool-exhausted'), now: new Date() }).alert.title).toBe('[DRILL] Database connection pool exhausted');
    });

    it('puts the sample in the title when the pattern is anchored at the start of the text', () => {
      const { alert } = buildDrillJob({ playbook: byId('payment-errors'), now: new Date() });
      expect(alert.title).toMatch(/^PaymentTimeout: /);
      expect(alert.message).toContain('Firebreak drill for playbook payment-errors');
    });

    it('refuses a playbook no alert can match, naming it', () => {
      expect(() => buildDrillJob({ playbook: byId('never-matches'), now: new Date() })).toThrow(
        '--playbook never-matches: could not build an alert that its first matcher matches',
      );
    });
  });

  describe('without a playbook', () => {
    it('is a generic critical drill alert on the service asked for, queued as a receiver would', () => {
      const now = new Date('2024-03-13T09:00:00Z');
      const { job, alert } = buildDrillJob({ now, service: 'checkout', startedBy: 'carol' });
      expect(job).toMatchObject({ kind: 'alerts', source: 'manual', receivedAt: '2024-03-13T09:00:00.000Z' });
      expect(job.deliveryKey).toMatch(/^drill-[0-9a-f]{12}$/);
      expect(job.alerts).toEqual([alert]);
      expect(alert).toMatchObject({
        status: 'firing',
        fingerprint: job.deliveryKey,
        rule: 'FirebreakDrill',
        title: '[DRILL] Firebreak drill',
        service: 'checkout',
        severity: 'critical',
        startsAt: '2024-03-13T09:00:00.000Z',
        endsAt: null,
        labels: { alertname: 'FirebreakDrill', service: 'checkout', severity: 'critical', firebreak_drill: 'true' },
      });
      expect(alert.message).toContain('started by carol at 2024-03-13T09:00:00.000Z');
    });

    it('gives every drill its own fingerprint, so two drills are two alerts', () => {
      const now = new Date();
      expect(buildDrillJob({ now }).alert.fingerprint).not.toBe(buildDrillJob({ now }).alert.fingerprint);
    });
  });
});
