import { describe, expect, it } from 'vitest';
import type { PastIncident } from '../../agents/ports/incident-history.js';
import { rankPastIncidents } from '../../agents/lib/similar-ranking.js';

function past(id: string, overrides: Partial<PastIncident>): PastIncident {
  return { id, title: id, service: null, category: null, playbookId: null, rootCause: null, symptom: null, startedAt: '2024-06-01T00:00:00Z', textScore: 0, ...overrides };
}

describe('similar-incident ranking', () => {
  const query = { services: ['Checkout'], playbookIds: ['db-pool', 'slow-queries'], category: 'infrastructure' };

  describe('when candidates share a playbook, a service or words', () => {
    it('puts the same playbook first, then the same service, then shared words, and says why', () => {
      const ranked = rankPastIncidents(
        [
          past('H-words', { textScore: 0.4 }),
          past('H-service', { service: 'checkout' }),
          past('H-playbook', { playbookId: 'db-pool' }),
          past('H-second-playbook', { playbookId: 'slow-queries' }),
        ],
        query,
        5,
      );
      expect(ranked.map((entry) => entry.id)).toEqual(['H-playbook', 'H-words', 'H-service', 'H-second-playbook']);
      expect(ranked[0]?.why).toEqual(['same playbook (db-pool)']);
      expect(ranked.find((entry) => entry.id === 'H-service')?.why).toEqual(['same service (checkout)']);
    });
  });

  describe('when two candidates score the same', () => {
    it('shows the more recent first', () => {
      const ranked = rankPastIncidents(
        [past('H-old', { service: 'checkout', startedAt: '2023-01-01T00:00:00Z' }), past('H-new', { service: 'checkout', startedAt: '2024-12-01T00:00:00Z' })],
        query,
        5,
      );
      expect(ranked.map((entry) => entry.id)).toEqual(['H-new', 'H-old']);
    });
  });

  describe('when a candidate shares nothing', () => {
    it('is left out, and no more than the limit are shown', () => {
      const candidates = [past('H-none', { service: 'search' }), ...Array.from({ length: 8 }, (_, index) => past(`H-${index}`, { service: 'checkout', category: 'infrastructure', startedAt: `2024-0${index + 1}-01T00:00:00Z` }))];
      const ranked = rankPastIncidents(candidates, query, 5);
      expect(ranked).toHaveLength(5);
      expect(ranked.map((entry) => entry.id)).not.toContain('H-none');
      expect(ranked[0]?.why).toEqual(['same service (checkout)', 'same category (infrastructure)']);
    });
  });
});
