import type { PastIncident } from '../ports/incident-history.js';

export interface SimilarQuery {
  services: string[];
  playbookIds: string[];
  category: string | null;
}

export interface RankedPastIncident {
  id: string;
  score: number;
  why: string[];
}

/**
 * Ranks past incidents for "hasn't this happened before?": the same playbook is the strongest sign of the same
 * root cause, then the same service, then the words of the alerts found in its title, symptom and root cause,
 * then the same root-cause category. Each contribution is named in `why`.
 */
export function rankPastIncidents(candidates: readonly PastIncident[], query: SimilarQuery, limit: number): RankedPastIncident[] {
  const maxText = Math.max(0.0001, ...candidates.map((candidate) => candidate.textScore));
  const services = new Set(query.services.map((service) => service.toLowerCase()));
  const ranked = candidates.map((candidate) => {
    const why: string[] = [];
    let score = 0;
    const playbookRank = candidate.playbookId === null ? -1 : query.playbookIds.indexOf(candidate.playbookId);
    if (playbookRank === 0) {
      score += 3;
      why.push(`same playbook (${candidate.playbookId})`);
    } else if (playbookRank > 0) {
      score += 1;
      why.push(`playbook ${candidate.playbookId} also matches`);
    }
    if (candidate.service !== null && services.has(candidate.service.toLowerCase())) {
      score += 2;
      why.push(`same service (${candidate.service})`);
    }
    if (candidate.textScore > 0) {
      const text = (2.5 * candidate.textScore) / maxText;
      score += text;
      why.push(`shares words with the alerts (${text.toFixed(2)})`);
    }
    if (query.category !== null && candidate.category === query.category) {
      score += 0.5;
      why.push(`same category (${candidate.category})`);
    }
    return { id: candidate.id, score: Math.round(score * 1000) / 1000, why, startedAt: candidate.startedAt ?? '' };
  });
  return ranked
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || b.startedAt.localeCompare(a.startedAt) || a.id.localeCompare(b.id))
    .slice(0, limit)
    .map(({ id, score, why }) => ({ id, score, why }));
}
