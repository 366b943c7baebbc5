/**
 * Knowledge: what do we already know about trouble like this? It ranks the playbooks matching the incident's
 * alerts (and the log lines found around them), and retrieves the past incidents most like it — same playbook,
 * same service, the same words in title, symptom and root cause — each with why it matched.
 */
import type { Playbook } from '../src/domain/playbook.js';
import type { StoredAlert } from './ports/alert-log.js';
import type { IncidentHistory } from './ports/incident-history.js';
import { rankPlaybooks, type PlaybookRank } from './lib/playbook-match.js';
import { rankPastIncidents, type RankedPastIncident } from './lib/similar-ranking.js';
import type { TriagePolicy } from './policy.js';

export interface Knowledge {
  playbooks: PlaybookRank[];
  playbook: Playbook | null;
  similar: RankedPastIncident[];
}

export interface KnowledgeAgent {
  /**
   * `previous` is what the incident already shows: when its best playbook has not changed and it already has
   * enough alerts to have been searched well, the past incidents shown are kept (no new retrieval per alert).
   */
  run(input: { incidentId: string; alerts: readonly StoredAlert[]; logLines: readonly string[]; changeKinds?: readonly string[]; previous?: { playbookId: string | null; similar: RankedPastIncident[] } }): Promise<Knowledge>;
}

/** Past this many alerts, a new alert rarely changes what the incident is like. */
const RESEARCH_UNTIL_ALERTS = 4;

const STOP_WORDS = new Set(['the', 'and', 'for', 'with', 'from', 'this', 'that', 'above', 'below', 'high', 'low', 'alert', 'firing', 'resolved', 'error', 'errors', 'value', 'threshold', 'last', 'minutes', 'rate', 'new', 'issue', 'more', 'than', 'over', 'has', 'not', 'are', 'was', 'notification']);

/** Words of free text: letters, or short numbers such as HTTP statuses; no ids, hashes or long numbers. */
function wordsOf(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => (/^[a-z]{3,}$/.test(word) || /^\d{3}$/.test(word)) && !/^[a-f]{8,}$/.test(word));
}

/** Words a change adds to the search: incidents after a deploy resemble past deploy incidents. */
const CHANGE_WORDS: Record<string, string[]> = {
  deploy: ['deploy', 'release', 'rollback', 'rolled', 'regression'],
  hotfix: ['hotfix', 'deploy', 'release', 'regression'],
  rollback: ['rollback', 'rolled', 'release'],
  config: ['config', 'configuration', 'change'],
};

/** The words of the alerts that say what is wrong, for full-text retrieval (frequent words first). */
export function queryWords(alerts: readonly StoredAlert[], changeKinds: readonly string[] = []): string[] {
  const counts = new Map<string, number>();
  for (const kind of changeKinds) for (const word of CHANGE_WORDS[kind] ?? []) counts.set(word, alerts.length);
  for (const alert of alerts) {
    const text = `${alert.title} ${alert.message.slice(0, 400)} ${alert.rule}`;
    for (const word of new Set(wordsOf(text))) {
      if (STOP_WORDS.has(word)) continue;
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([word]) => word).slice(0, 30);
}

export function createKnowledgeAgent(ports: { playbooks: readonly Playbook[]; history: IncidentHistory; policy: TriagePolicy }): KnowledgeAgent {
  const { playbooks, history, policy } = ports;
  const byId = new Map(playbooks.map((playbook) => [playbook.id, playbook]));
  return {
    async run({ incidentId, alerts, logLines, changeKinds = [], previous }) {
      const ranked = rankPlaybooks(playbooks, alerts, logLines);
      const playbook = ranked[0] === undefined ? null : byId.get(ranked[0].id) ?? null;
      if (previous !== undefined && previous.similar.length > 0 && previous.playbookId === (playbook?.id ?? null) && alerts.length > RESEARCH_UNTIL_ALERTS) {
        return { playbooks: ranked, playbook, similar: previous.similar };
      }
      const counts = new Map<string, number>();
      for (const alert of alerts) if (alert.service !== null) counts.set(alert.service, (counts.get(alert.service) ?? 0) + 1);
      const services = [...counts.entries()].map(([service, count]) => ({ service, share: count / alerts.length }));
      const playbookIds = ranked.slice(0, 3).map((rank) => rank.id);
      const words = queryWords(alerts, changeKinds);
      const candidates = await history.candidates({ services: [...counts.keys()], playbookIds, words, excludeId: incidentId }, 300);
      const similar = rankPastIncidents(candidates, { services, playbookIds, category: playbook?.category ?? null, words }, policy.similarLimit);
      return { playbooks: ranked, playbook, similar };
    },
  };
}
