import type { PastIncident } from '../ports/incident-history.js';
import { stems, textWords } from './text-words.js';

export interface SimilarQuery {
  /** The incident's services, each with the share of its alerts on that service. */
  services: Array<{ service: string; share: number }>;
  playbookIds: string[];
  category: string | null;
  /** The alerts' words, most frequent first. */
  words: string[];
}

/** The words of a past incident's title, symptom and root cause (the same tokenising as the query's). */
function documentWords(incident: PastIncident): Set<string> {
  const text = `${incident.title} ${incident.symptom ?? ''} ${incident.rootCause ?? ''}`;
  return new Set(textWords(text).flatMap((word) => [word, ...stems(word)]));
}

/**
 * Text similarity weighted by rarity among the candidates (a word every candidate has says nothing): the sum of
 * the inverse document frequencies of the query words a past incident contains.
 */
function textScores(candidates: readonly PastIncident[], words: readonly string[]): Map<string, number> {
  const documents = candidates.map((candidate) => ({ id: candidate.id, words: documentWords(candidate) }));
  const query = [...new Set(words.flatMap((word) => [word, ...stems(word)]))];
  const scores = new Map<string, number>();
  for (const word of query) {
    const holders = documents.filter((document) => document.words.has(word));
    if (holders.length === 0) continue;
    const idf = Math.log(1 + documents.length / holders.length);
    for (const holder of holders) scores.set(holder.id, (scores.get(holder.id) ?? 0) + idf);
  }
  return scores;
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
  const text = textScores(candidates, query.words);
  const maxText = Math.max(0.0001, ...text.values());
  const serviceShare = new Map(query.services.map(({ service, share }) => [service.toLowerCase(), share]));
  // A playbook that half the history shares says less than one that a few incidents share.
  const perPlaybook = new Map<string, number>();
  for (const candidate of candidates) if (candidate.playbookId !== null) perPlaybook.set(candidate.playbookId, (perPlaybook.get(candidate.playbookId) ?? 0) + 1);
  const ranked = candidates.map((candidate) => {
    const why: string[] = [];
    let score = 0;
    const playbookRank = candidate.playbookId === null ? -1 : query.playbookIds.indexOf(candidate.playbookId);
    const rarity = candidate.playbookId === null ? 0 : Math.min(1, 8 / (perPlaybook.get(candidate.playbookId) ?? 1));
    if (playbookRank === 0) {
      score += 3 * rarity;
      why.push(`same playbook (${candidate.playbookId})`);
    } else if (playbookRank > 0) {
      score += rarity;
      why.push(`playbook ${candidate.playbookId} also matches`);
    }
    const share = candidate.service === null ? undefined : serviceShare.get(candidate.service.toLowerCase());
    if (share !== undefined) {
      score += 1 + 2 * share;
      why.push(`same service (${candidate.service})`);
    }
    const words = text.get(candidate.id) ?? 0;
    if (words > 0) {
      const contribution = (3 * words) / maxText;
      score += contribution;
      why.push(`shares words with the alerts (${contribution.toFixed(2)})`);
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
