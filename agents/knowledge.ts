/**
 * Knowledge: what do we already know about trouble like this? It ranks the playbooks matching the incident's
 * alerts (and the log lines found around them), and retrieves the past incidents most like it — same playbook,
 * same service, the same words in title, symptom and root cause — each with why it matched.
 */
import type { Playbook } from '../src/domain/playbook.js';
import type { StoredAlert } from './ports/alert-log.js';
import type { IncidentHistory } from './ports/incident-history.js';
import { rankPlaybooks, type PlaybookRank } from './lib/playbook-match.js';
import { textWords } from './lib/text-words.js';
import { rankPastIncidents, type RankedPastIncident } from './lib/similar-ranking.js';
import type { TriagePolicy } from './policy.js';

export interface Knowledge {
  playbooks: PlaybookRank[];
  playbook: Playbook | null;
  similar: RankedPastIncident[];
}

export interface KnowledgeAgent {
  run(input: { incidentId: string; alerts: readonly StoredAlert[]; logLines: readonly string[]; changeKinds?: readonly string[] }): Promise<Knowledge>;
}

const STOP_WORDS = new Set(['the', 'and', 'for', 'with', 'from', 'this', 'that', 'above', 'below', 'high', 'low', 'alert', 'firing', 'resolved', 'error', 'errors', 'value', 'threshold', 'last', 'minutes', 'rate', 'new', 'issue', 'more', 'than', 'over', 'has', 'not', 'are', 'was', 'notification']);

/** Words a change adds to the search: incidents after a deploy resemble past deploy incidents. */
const CHANGE_WORDS: Record<string, string[]> = {
  deploy: ['deploy', 'release', 'rollback', 'rolled', 'regression'],
  hotfix: ['hotfix', 'deploy', 'release', 'regression'],
  rollback: ['rollback', 'rolled', 'release'],
  config: ['config', 'configuration', 'change'],
};

/**
 * The words of the alerts that say what is wrong, for full-text retrieval (frequent words first). The names of the
 * alerts' own services are left out: the service is weighed on its own, and its name in pod names and messages
 * would otherwise make every past incident of a service that is merely affected look like the same trouble.
 */
export function queryWords(alerts: readonly StoredAlert[], changeKinds: readonly string[] = []): string[] {
  const counts = new Map<string, number>();
  const serviceWords = new Set(alerts.flatMap((alert) => (alert.service === null ? [] : textWords(alert.service))));
  for (const kind of changeKinds) for (const word of CHANGE_WORDS[kind] ?? []) counts.set(word, alerts.length);
  for (const alert of alerts) {
    const text = `${alert.title} ${alert.message.slice(0, 400)} ${alert.rule}`;
    for (const word of new Set(textWords(text))) {
      if (STOP_WORDS.has(word) || serviceWords.has(word)) continue;
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([word]) => word).slice(0, 30);
}

/**
 * A second service counts as a trouble of its own within the incident when it holds at least this share of the
 * alerts (two at least): a storm or a cascade over two services shows past incidents for each, not only the first.
 */
const SECOND_SERVICE_SHARE = 0.25;
const SECOND_SERVICE_SLOTS = 2;

export function createKnowledgeAgent(ports: { playbooks: readonly Playbook[]; history: IncidentHistory; policy: TriagePolicy }): KnowledgeAgent {
  const { playbooks, history, policy } = ports;
  const byId = new Map(playbooks.map((playbook) => [playbook.id, playbook]));

  async function searchSimilar(incidentId: string, alerts: readonly StoredAlert[], playbookRanks: readonly PlaybookRank[], changeKinds: readonly string[], limit: number): Promise<RankedPastIncident[]> {
    const counts = serviceCounts(alerts);
    const services = [...counts.entries()].map(([service, count]) => ({ service, share: count / alerts.length }));
    const playbookIds = playbookRanks.slice(0, 3).map((rank) => rank.id);
    const category = playbookRanks[0] === undefined ? null : byId.get(playbookRanks[0].id)?.category ?? null;
    const words = queryWords(alerts, changeKinds);
    const candidates = await history.candidates({ services: [...counts.keys()], playbookIds, words, excludeId: incidentId }, 300);
    return rankPastIncidents(candidates, { services, playbookIds, category, words }, limit);
  }

  return {
    async run({ incidentId, alerts, logLines, changeKinds = [] }) {
      const ranked = rankPlaybooks(playbooks, alerts, logLines);
      const playbook = ranked[0] === undefined ? null : byId.get(ranked[0].id) ?? null;
      const limit = policy.similarLimit;
      const [, second] = [...serviceCounts(alerts).entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      if (second === undefined || second[1] < 2 || second[1] / alerts.length < SECOND_SERVICE_SHARE || limit <= SECOND_SERVICE_SLOTS) {
        return { playbooks: ranked, playbook, similar: await searchSimilar(incidentId, alerts, ranked, changeKinds, limit) };
      }
      // Each trouble is searched with its own alerts' words: mixed together, the larger one's words drown the other.
      const [ofSecond, ofRest] = partition(alerts, (alert) => alert.service === second[0]);
      const primary = await searchSimilar(incidentId, ofRest, rankPlaybooks(playbooks, ofRest, logLines), changeKinds, limit);
      const secondary = await searchSimilar(incidentId, ofSecond, rankPlaybooks(playbooks, ofSecond, logLines), changeKinds, limit);
      const similar = primary.slice(0, limit - SECOND_SERVICE_SLOTS);
      for (const entry of secondary) {
        if (similar.length >= limit) break;
        if (!similar.some((other) => other.id === entry.id)) similar.push({ ...entry, why: [...entry.why, `for the alerts on ${second[0]}`] });
      }
      for (const entry of primary) if (similar.length < limit && !similar.some((other) => other.id === entry.id)) similar.push(entry);
      return { playbooks: ranked, playbook, similar };
    },
  };
}

function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (test(item) ? yes : no).push(item);
  return [yes, no];
}

function serviceCounts(alerts: readonly StoredAlert[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const alert of alerts) if (alert.service !== null) counts.set(alert.service, (counts.get(alert.service) ?? 0) + 1);
  return counts;
}
