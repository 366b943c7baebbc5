import type { AlertContextQuery, ContextWindows } from '../ports/alert-context.js';
import type { TriagePolicy } from '../policy.js';
import { learningSince } from './hold-policy.js';

/** The windows the correlator and the noise filter look back over, for an alert decided at `now`. */
export function contextWindows(now: Date, policy: TriagePolicy): ContextWindows {
  const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
  const flappingSince = ago(policy.flappingWindowS);
  return {
    incidentsSince: ago(policy.correlationWindowS),
    undecidedSince: ago(policy.corroborationWindowS),
    burstSince: ago(policy.stormWindowS),
    burstLimit: policy.stormLatestAlerts,
    changesFrom: ago(policy.changeLookbackS),
    fingerprintSince: flappingSince,
    ruleSince: learningSince(now, policy),
    ruleLatest: policy.learningMaxEpisodes,
    transientMaxS: policy.transientMaxS,
  };
}

/** What to read of one alert decided at `now`. */
export function alertContextQuery(alert: AlertContextQuery['alert'], now: Date, policy: TriagePolicy): AlertContextQuery {
  return { alert, now, ...contextWindows(now, policy) };
}
