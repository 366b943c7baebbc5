import { describe, expect, it } from 'vitest';
import { bestMatch, rankPlaybooks, type MatchableAlert } from '../../agents/lib/playbook-match.js';
import { parsePlaybook } from '../../src/playbooks/load-playbooks.js';

function playbook(id: string, match: string): ReturnType<typeof parsePlaybook> {
  return parsePlaybook(`id: ${id}\ntitle: ${id}\nseverity: major\ncategory: unknown\nmatch:\n${match}`, `${id}.yaml`);
}

function alert(overrides: Partial<MatchableAlert>): MatchableAlert {
  return { source: 'alertmanager', service: 'checkout', labels: {}, title: '', message: '', ...overrides };
}

const poolByText = playbook('pool-by-text', '  text: "(?i)connection pool|too many connections"\n');
const poolByLabel = playbook('pool-by-label', '  labels: { alertname: "^DB(Connections|Pool)" }\n  services: [checkout]\n');
const anySentryOnCheckout = playbook('sentry-on-checkout', '  source: sentry\n  services: [checkout]\n');
const poolByLogs = playbook('pool-by-logs', '  logs: "(?i)remaining connection slots"\n');

describe('playbook ranking', () => {
  describe('when a text regex starts with (?i)', () => {
    it('matches the title and message whatever their case', () => {
      expect(bestMatch(poolByText, alert({ title: 'Too Many Connections on checkout-db', message: '' }), [])).not.toBeNull();
      expect(bestMatch(poolByText, alert({ title: 'Checkout slow', message: 'CONNECTION POOL exhausted' }), [])).not.toBeNull();
      expect(bestMatch(poolByText, alert({ title: 'Checkout slow', message: 'p99 above 2 s' }), [])).toBeNull();
    });
  });

  describe('when a label regex is not marked (?i)', () => {
    it('keeps its case', () => {
      expect(bestMatch(poolByLabel, alert({ labels: { alertname: 'DBPoolSaturated' } }), [])).not.toBeNull();
      expect(bestMatch(poolByLabel, alert({ labels: { alertname: 'dbpoolsaturated' } }), [])).toBeNull();
    });
  });

  describe('when a matcher names several keys', () => {
    it('matches only when every key matches', () => {
      expect(bestMatch(poolByLabel, alert({ service: 'search', labels: { alertname: 'DBConnectionsHigh' } }), [])).toBeNull();
      expect(bestMatch(anySentryOnCheckout, alert({ source: 'grafana' }), [])).toBeNull();
      expect(bestMatch(anySentryOnCheckout, alert({ source: 'sentry' }), [])).not.toBeNull();
    });
  });

  describe('when a matcher reads log lines', () => {
    it('matches only when a correlated log line matches', () => {
      expect(bestMatch(poolByLogs, alert({}), [])).toBeNull();
      expect(bestMatch(poolByLogs, alert({}), ['FATAL: Remaining connection slots are reserved'])).not.toBeNull();
    });
  });

  describe('when several playbooks match one alert', () => {
    it('ranks the more specific matcher first and says which matcher matched', () => {
      const dbAlert = alert({ source: 'sentry', labels: { alertname: 'DBConnectionsHigh' }, title: 'too many connections', message: '' });
      const ranks = rankPlaybooks([anySentryOnCheckout, poolByText, poolByLabel], [dbAlert], []);
      expect(ranks.map((rank) => rank.id)).toEqual(['pool-by-label', 'pool-by-text', 'sentry-on-checkout']);
      expect(ranks[0]?.why[0]).toContain('match[0]');
    });

    it('leaves out playbooks that match none of the alerts', () => {
      expect(rankPlaybooks([poolByText, poolByLabel], [alert({ title: 'Disk almost full' })], [])).toEqual([]);
    });
  });

  describe('when a playbook has a list of matchers', () => {
    it('uses its best matching one', () => {
      const either = playbook('either', '  - source: sentry\n  - labels: { alertname: "^DB" }\n    text: "(?i)pool"\n');
      expect(bestMatch(either, alert({ source: 'sentry', labels: { alertname: 'DBPool' }, title: 'Pool exhausted' }), [])).toEqual({ index: 1, specificity: 5 });
    });
  });

  describe('when several alerts of an incident match different playbooks', () => {
    it('ranks the playbook matching more of them first, the earliest alert weighing most on a tie', () => {
      const first = alert({ title: 'connection pool exhausted' });
      const jobs = playbook('jobs', '  text: "(?i)job failed"\n');
      const later = alert({ title: 'Job failed: invoice-export' });
      const ranks = rankPlaybooks([jobs, poolByText], [first, later], []);
      expect(ranks.map((rank) => rank.id)).toEqual(['pool-by-text', 'jobs']);
      expect(rankPlaybooks([jobs, poolByText], [first, later, alert({ title: 'job failed again' })], []).map((rank) => rank.id)).toEqual(['jobs', 'pool-by-text']);
    });
  });
});
