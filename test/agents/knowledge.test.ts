import { describe, expect, it } from 'vitest';
import { createKnowledgeAgent, queryWords } from '../../agents/knowledge.js';
import { DEFAULT_TRIAGE_POLICY } from '../../agents/policy.js';
import type { StoredAlert } from '../../agents/ports/alert-log.js';
import type { IncidentHistory, PastIncident } from '../../agents/ports/incident-history.js';
import { rankPastIncidents } from '../../agents/lib/similar-ranking.js';

let nextId = 1;
function alert(service: string, title: string, message = ''): StoredAlert {
  const id = nextId++;
  return {
    id, source: 'alertmanager', fingerprint: `fp-${id}`, rule: title, status: 'firing', title, message, service, environment: 'production', severity: 'warning',
    labels: { service }, startsAt: '2025-03-03T09:00:00Z', firstReceivedAt: '2025-03-03T09:00:00Z', lastReceivedAt: '2025-03-03T09:00:00Z',
    resolvedAt: null, repeats: 0, incidentId: 'INC-1', suppressed: null, heldUntil: null,
  };
}

function past(id: string, service: string, title: string, symptom = ''): PastIncident {
  return { id, title, service, category: null, playbookId: null, rootCause: null, symptom, startedAt: '2024-06-01T00:00:00Z', textScore: 0 };
}

/** The history port as the SQL adapter answers it: every candidate, ranking left to the agent. */
function historyOf(candidates: PastIncident[]): IncidentHistory {
  return { candidates: async (query) => candidates.filter((candidate) => candidate.id !== query.excludeId) };
}

describe('knowledge: similar past incidents', () => {
  describe('when an alert names an error in camel case that a post-mortem also names', () => {
    it('finds the post-mortem by that error', () => {
      const words = queryWords([alert('web', 'ChunkLoadError: Loading chunk 5127 failed.')]);
      const ranked = rankPastIncidents(
        [past('H-chunk', 'cdn', 'Assets failing', 'ChunkLoadError in storefront Sentry.'), past('H-other', 'cdn', 'Origin failing: disk full')],
        { services: [{ service: 'web', share: 1 }], playbookIds: [], category: null, words },
        5,
      );
      expect(ranked.map((entry) => entry.id)).toEqual(['H-chunk', 'H-other']);
      expect(ranked[0]!.score).toBeGreaterThan(ranked[1]!.score);
    });
  });

  describe("when the alerts' messages carry the names of the services they run on", () => {
    it('leaves those names out of the words searched (the service is weighed on its own)', () => {
      const words = queryWords([alert('mail-scheduler', 'KubePodNotReady', 'Pod messaging/mail-scheduler-7d9 has been in a non-ready state')]);
      expect(words).toContain('ready');
      expect(words).not.toContain('mail');
      expect(words).not.toContain('scheduler');
    });
  });

  describe('when an incident holds two troubles on two services (a storm grouped them)', () => {
    const history = [
      ...['1', '2', '3', '4', '5', '6'].map((n) => past(`H-pool-${n}`, 'checkout', 'Checkout 5xx: connection pool exhausted', 'pgbouncer max_client_conn reached')),
      past('H-stripe', 'payments', 'Card payments timing out', 'Stripe API timeouts'),
    ];
    const alerts = [
      ...['a', 'b', 'c', 'd'].map(() => alert('checkout', 'OperationalError: no more connections allowed', 'pgbouncer max_client_conn')),
      alert('payments', 'APIConnectionError: timeout communicating with Stripe'),
      alert('payments', 'Payment authorization failures'),
    ];

    it('shows past incidents for each of them, saying which alerts the second ones are for', async () => {
      const agent = createKnowledgeAgent({ playbooks: [], history: historyOf(history), policy: DEFAULT_TRIAGE_POLICY });
      const { similar } = await agent.run({ incidentId: 'INC-1', alerts, logLines: [] });
      expect(similar).toHaveLength(DEFAULT_TRIAGE_POLICY.similarLimit);
      expect(similar.map((entry) => entry.id)).toContain('H-stripe');
      expect(similar.find((entry) => entry.id === 'H-stripe')?.why).toContain('for the alerts on payments');
      expect(similar[0]?.id).toMatch(/^H-pool-/);
    });

    it('shows only the main trouble when the second service has a single alert', async () => {
      const agent = createKnowledgeAgent({ playbooks: [], history: historyOf(history), policy: DEFAULT_TRIAGE_POLICY });
      const { similar } = await agent.run({ incidentId: 'INC-1', alerts: alerts.slice(0, 5), logLines: [] });
      expect(similar.map((entry) => entry.id)).not.toContain('H-stripe');
    });
  });
});
