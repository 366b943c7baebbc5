import { describe, expect, it } from 'vitest';
import type { PastIncident } from '../../agents/ports/incident-history.js';
import { rankPastIncidents, type SimilarQuery } from '../../agents/lib/similar-ranking.js';

function past(id: string, overrides: Partial<PastIncident>): PastIncident {
  return { id, title: 'Something else entirely', service: null, category: null, playbookId: null, rootCause: null, symptom: null, startedAt: '2024-06-01T00:00:00Z', textScore: 0, ...overrides };
}

const query: SimilarQuery = {
  services: [{ service: 'Checkout', share: 1 }],
  playbookIds: ['db-pool', 'slow-queries'],
  category: 'infrastructure',
  words: ['connections', 'exhausted'],
};
const order = (candidates: PastIncident[], limit = 5) => rankPastIncidents(candidates, query, limit).map((entry) => entry.id);

describe('similar-incident ranking', () => {
  describe('when a candidate shares the playbook as well as the service', () => {
    it('ranks it above one that shares only the service', () => {
      expect(order([past('H-service', { service: 'checkout' }), past('H-both', { service: 'checkout', playbookId: 'db-pool' })])).toEqual(['H-both', 'H-service']);
    });
  });

  describe("when a candidate's title, symptom or root cause share the alerts' words", () => {
    it('ranks it above an otherwise equal one, and says so', () => {
      const ranked = rankPastIncidents([past('H-plain', { service: 'checkout' }), past('H-words', { service: 'checkout', symptom: 'Database connections exhausted during the export' })], query, 5);
      expect(ranked.map((entry) => entry.id)).toEqual(['H-words', 'H-plain']);
      expect(ranked[0]?.why.join('; ')).toContain('shares words');
    });
  });

  describe('when the top playbook is shared rather than a lower-ranked one', () => {
    it('ranks the top playbook first', () => {
      expect(order([past('H-second', { playbookId: 'slow-queries' }), past('H-first', { playbookId: 'db-pool' })])).toEqual(['H-first', 'H-second']);
    });
  });

  describe('when two candidates score the same', () => {
    it('shows the more recent first', () => {
      expect(order([past('H-old', { service: 'checkout', startedAt: '2023-01-01T00:00:00Z' }), past('H-new', { service: 'checkout', startedAt: '2024-12-01T00:00:00Z' })])).toEqual(['H-new', 'H-old']);
    });
  });

  describe('when a candidate shares nothing', () => {
    it('is left out, and no more than the limit are shown, each with why it matched', () => {
      const candidates = [past('H-none', { service: 'search' }), ...Array.from({ length: 8 }, (_, index) => past(`H-${index}`, { service: 'checkout', category: 'infrastructure', startedAt: `2024-0${index + 1}-01T00:00:00Z` }))];
      const ranked = rankPastIncidents(candidates, query, 5);
      expect(ranked).toHaveLength(5);
      expect(ranked.map((entry) => entry.id)).not.toContain('H-none');
      expect(ranked[0]?.why).toEqual(['same service (checkout)', 'same category (infrastructure)']);
    });
  });
});
