/**
 * Correlate: what is this alert connected to? It finds the active incident the alert belongs to (shared
 * entities — service, workload, host, peer — or, while the incident is receiving alerts, its playbook matching
 * it), the recent related alerts that are still undecided or suppressed as noise (they corroborate each other),
 * and the recent changes on related services, ranked as suspects.
 */
import type { Playbook } from '../src/domain/playbook.js';
import type { AlertContext } from './ports/alert-context.js';
import type { StoredAlert } from './ports/alert-log.js';
import type { TriageIncident } from './ports/incident-log.js';
import { entityTokens } from './lib/entities.js';
import { rankSuspectChanges, type SuspectChange } from './lib/suspect-changes.js';
import { bestMatch, rankPlaybooks } from './lib/playbook-match.js';
import { knownNoise } from './noise-filter.js';
import type { TriagePolicy } from './policy.js';

export interface IncidentMatch {
  incident: TriageIncident;
  score: number;
  why: string[];
}

export type { SuspectChange };

export interface Correlation {
  entities: string[];
  incident: IncidentMatch | null;
  /** Distinct services alerting together in the storm window, when they make a storm; else null. */
  storm: string[] | null;
  /** Recent alerts sharing an entity with this one, firing, in no incident, not suppressed or suppressed as known noise. */
  related: StoredAlert[];
  changes: SuspectChange[];
}

export interface Correlator {
  /** Correlates the alert with what its context (read for it at `now`) holds. */
  run(alert: StoredAlert, context: AlertContext, now: Date): Correlation;
}

/** A playbook matching one alert by a label or text pattern (not by source or service alone) names its trouble. */
const SPECIFIC_MATCH = 3;


export function createCorrelator(ports: { playbooks: readonly Playbook[]; policy: TriagePolicy }): Correlator {
  const { playbooks, policy } = ports;
  const playbookById = new Map(playbooks.map((playbook) => [playbook.id, playbook]));

  function incidentScore(alert: StoredAlert, entities: Set<string>, ownPlaybook: string | null, incident: TriageIncident, now: Date): IncidentMatch | null {
    const shared = incident.entities.filter((token) => entities.has(token));
    const playbook = incident.playbookId === null ? undefined : playbookById.get(incident.playbookId);
    const playbookAgrees = playbook !== undefined && bestMatch(playbook, alert, []) !== null;
    if (shared.length === 0 && !playbookAgrees) return null;
    // Two troubles on one service: an alert that a different playbook names precisely, and that the incident's
    // playbook does not match, is its own incident even though it shares the service.
    if (!playbookAgrees && ownPlaybook !== null && playbook !== undefined && ownPlaybook !== playbook.id) return null;
    const ageS = (now.getTime() - Date.parse(incident.lastAlertAt)) / 1000;
    if (shared.length === 0 && ageS > policy.playbookJoinS) return null;
    const why: string[] = [];
    if (shared.length > 0) why.push(`shares ${shared.slice(0, 5).join(', ')}`);
    if (playbookAgrees) why.push(`matches its playbook ${incident.playbookId}`);
    why.push(`its last alert ${Math.round(ageS)} s ago`);
    const score = Math.min(shared.length, 3) * 2 + (playbookAgrees ? 1.5 : 0) + Math.max(0, 1 - ageS / policy.correlationWindowS);
    return { incident, score: Math.round(score * 100) / 100, why };
  }

  return {
    run(alert, context, now) {
      const entities = entityTokens(alert);
      const entitySet = new Set(entities);
      const stormStart = now.getTime() - policy.stormWindowS * 1000;
      const { incidents, undecided, burst } = context;
      const ownPlaybook = rankPlaybooks(playbooks, [alert], []).find((rank) => rank.score >= SPECIFIC_MATCH)?.id ?? null;
      let incident: IncidentMatch | null = null;
      for (const candidate of incidents) {
        const match = incidentScore(alert, entitySet, ownPlaybook, candidate, now);
        if (match !== null && (incident === null || match.score > incident.score)) incident = match;
      }

      // An alert that names no entity of its own (a business KPI panel, a synthetic check) can only be placed in
      // time: during an incident that is receiving alerts, it is most likely one more symptom of it.
      if (incident === null && entities.length === 0) {
        const lively = incidents
          .filter((candidate) => now.getTime() - Date.parse(candidate.lastAlertAt) <= policy.entitylessJoinS * 1000)
          .sort((a, b) => b.lastAlertAt.localeCompare(a.lastAlertAt))[0];
        if (lively !== undefined) {
          incident = { incident: lively, score: 0.5, why: [`names no service or host; ${lively.id} was receiving alerts ${Math.round((now.getTime() - Date.parse(lively.lastAlertAt)) / 1000)} s ago`] };
        }
      }

      const stormServices = new Set(burst.map((group) => group.service).filter((service): service is string => service !== null));
      // An alert of a known-noisy rule does not complete a storm by itself. Suppressed, it no longer counts toward
      // anyone's storm (the burst counts unsuppressed alerts), so counting it toward its own would make the same
      // services a storm or not depending on which alert is decided first: with several workers, or alerts
      // received together, that order is anyone's.
      const completesStorm = alert.service !== null && !stormServices.has(alert.service) && stormServices.size + 1 === policy.stormMinServices;
      if (alert.service !== null && !(completesStorm && knownNoise(alert.rule, context.verdicts, context.overrides, policy).knownNoisy)) stormServices.add(alert.service);
      const storm = stormServices.size >= policy.stormMinServices ? [...stormServices].sort() : null;
      if (storm !== null) {
        // The storm's incident is the one already holding most of the burst's alerts.
        const counts = new Map<string, number>();
        for (const group of burst) if (group.incidentId !== null) counts.set(group.incidentId, (counts.get(group.incidentId) ?? 0) + group.alerts);
        const main = incidents
          .filter((candidate) => counts.has(candidate.id))
          .sort((a, b) => (counts.get(b.id) ?? 0) - (counts.get(a.id) ?? 0) || a.createdAt.localeCompare(b.createdAt))[0];
        if (main !== undefined) {
          incident = { incident: main, score: 10, why: [`${storm.length} services alerting within ${policy.stormWindowS} s: ${storm.slice(0, 6).join(', ')}`] };
        }
      }
      const related = undecided.filter(
        (other) =>
          other.id !== alert.id &&
          (entityTokens(other).some((token) => entitySet.has(token)) || (storm !== null && Date.parse(other.firstReceivedAt) >= stormStart)),
      );

      const changes = rankSuspectChanges(context.changes, entitySet, now, policy.changeLookbackS);

      return { entities, incident, storm, related, changes };
    },
  };
}
