/**
 * Noise filter: should a human be spared this alert? In order: planned maintenance (a silence matches),
 * flapping (the same alert fired and resolved repeatedly just before), then — unless something corroborates it
 * (an incident it joins, related alerts, a recent change on its service) — a rule humans have marked false
 * positive often enough, or that a human marked known-noisy outright (known-noisy), and finally the transient hold:
 * a lone alert of a rule that often resolves by itself is held as long as that rule's resolutions take to arrive,
 * learned from the episodes already seen (or as long as a human set for the rule).
 * Every suppression carries its reason and evidence; nothing is dropped.
 */
import type { AlertContext } from './ports/alert-context.js';
import type { AlertLog, StoredAlert } from './ports/alert-log.js';
import type { RuleOverrides, RuleVerdicts, VerdictLog } from './ports/verdict-log.js';
import type { Correlation } from './correlate.js';
import { learnHold, noiseLikelihood, ruleBehaviour, summariseBehaviour } from './lib/hold-policy.js';
import { silenceMatches } from './lib/silence-match.js';
import type { TriagePolicy } from './policy.js';

export type NoiseVerdict =
  | { kind: 'pass'; reason: string; evidence?: Record<string, unknown> }
  | { kind: 'suppress'; reason: 'maintenance' | 'flapping' | 'known-noisy'; why: string; evidence: Record<string, unknown> }
  | { kind: 'hold'; until: Date; why: string; evidence: Record<string, unknown> };

export interface NoiseFilter {
  /** Judges the alert from its context (read for it at `now`) and what correlation made of it. */
  run(alert: StoredAlert, context: AlertContext, correlation: Correlation, now: Date): Promise<NoiseVerdict>;
}


/** Whether each firing of the alert's rule gets a new identity from its sender (Sentry metric alert incidents). */
function isPerOccurrence(alert: StoredAlert): boolean {
  return alert.source === 'sentry' && alert.labels.sentry_resource === 'metric_alert';
}

/** Whether the sender resolves this kind of alert by itself (Sentry issues and events never say "resolved" on their own). */
export function canSelfResolve(alert: Pick<StoredAlert, 'source' | 'labels'>): boolean {
  if (alert.source === 'alertmanager' || alert.source === 'grafana') return true;
  return alert.source === 'sentry' && alert.labels.sentry_resource === 'metric_alert';
}

/** Whether humans consider a rule known noise, and how sure: the false-positive rate, or at least the policy's minimum rate when they marked it outright. */
export interface KnownNoise {
  knownNoisy: boolean;
  rate: number;
  /** Said in the suppression: the verdicts, or who marked the rule. */
  why: string;
}

/**
 * A rule is known noise when humans marked its alerts false positive often enough (a minimum count at a minimum
 * rate), or when they approved marking it known-noisy (a rule change after a false positive). A marked rule counts
 * as noise at least at the minimum rate, like the least certain rule learned from verdicts.
 */
export function knownNoise(rule: string, verdicts: RuleVerdicts, overrides: RuleOverrides, policy: TriagePolicy): KnownNoise {
  const total = verdicts.falsePositives + verdicts.truePositives;
  const fpRate = total === 0 ? 0 : verdicts.falsePositives / total;
  const past = verdicts.pastIncidents;
  const counted = `rule "${rule}" was marked false positive ${verdicts.falsePositives} of ${total} times` +
    (past === undefined || past.falsePositives + past.truePositives === 0 ? '' : ` (of them, past incidents naming it: ${past.falsePositives} false positive(s), ${past.truePositives} real)`);
  if (verdicts.falsePositives >= policy.knownNoisyMinFalsePositives && fpRate >= policy.knownNoisyMinRate) {
    return { knownNoisy: true, rate: fpRate, why: counted };
  }
  const marked = overrides.knownNoisy;
  if (marked !== null) {
    return { knownNoisy: true, rate: Math.max(fpRate, policy.knownNoisyMinRate), why: `rule "${rule}" was marked known-noisy by ${marked.by ?? 'someone'} at ${marked.at} (${marked.reason})` };
  }
  return { knownNoisy: false, rate: fpRate, why: counted };
}

export function createNoiseFilter(ports: { alertLog: AlertLog; verdictLog: VerdictLog; policy: TriagePolicy }): NoiseFilter {
  const { alertLog, verdictLog, policy } = ports;

  /**
   * Related alerts of other rules firing alongside corroborate this one when, together, they are unlikely to all
   * be noise: the product of each rule's noise likelihood (one alert per rule) must fall below the policy's
   * threshold. Two rules that usually resolve by themselves firing together are still most likely noise.
   */
  async function corroboratingRules(alert: StoredAlert, likelihood: number, correlation: Correlation, now: Date): Promise<string | null> {
    const byRule = new Map<string, StoredAlert>();
    for (const other of correlation.related) if (other.rule !== alert.rule && !byRule.has(other.rule)) byRule.set(other.rule, other);
    if (byRule.size === 0) return null;
    let combined = likelihood;
    const parts: string[] = [];
    for (const other of byRule.values()) {
      const otherFp = (await ruleNoise(other, now)).rate;
      const otherLikelihood = canSelfResolve(other) ? Math.max(noiseLikelihood(await ruleBehaviour(alertLog, other, now, policy)), otherFp) : otherFp;
      combined *= otherLikelihood;
      parts.push(`${other.title.split('\n')[0]?.slice(0, 60) ?? other.rule} (noise likelihood ${otherLikelihood.toFixed(2)})`);
    }
    if (combined > policy.corroborationMaxLikelihood) return null;
    return `${byRule.size} related alert(s) of other rules firing: ${parts.slice(0, 3).join('; ')}; all noise together: ${combined.toFixed(2)}`;
  }

  /** Another rule's noise, read for it (related alerts); the alert's own rule comes with its context. */
  async function ruleNoise(alert: StoredAlert, now: Date): Promise<KnownNoise> {
    const [verdicts, overrides] = await Promise.all([verdictLog.forRule(alert.source, alert.rule, now), verdictLog.overridesFor(alert.source, alert.rule, now)]);
    return knownNoise(alert.rule, verdicts, overrides, policy);
  }

  return {
    async run(alert, context, correlation, now) {
      if (alert.labels.firebreak_drill === 'true') return { kind: 'pass', reason: 'drill alert: straight to an incident' };

      const silence = context.silences.find((candidate) => silenceMatches(candidate.matchers, alert.labels, alert.service));
      if (silence !== undefined) {
        return { kind: 'suppress', reason: 'maintenance', why: `inside silence ${silence.id ?? ''} (${silence.comment ?? 'planned work'}) until ${silence.endsAt}`, evidence: { silence } };
      }

      const windowStart = new Date(now.getTime() - policy.flappingWindowS * 1000);
      const before = new Date(alert.firstReceivedAt);
      // A Sentry metric alert is a new incident of its rule each time it fires: it flaps as a rule on a project.
      const earlier = (isPerOccurrence(alert) ? context.serviceRuleEpisodes : context.fingerprintEpisodes).filter(
        (episode) => episode.id !== alert.id && Date.parse(episode.firstReceivedAt) >= windowStart.getTime() && Date.parse(episode.firstReceivedAt) < before.getTime(),
      );
      const flaps = earlier.filter((episode) => episode.resolvedAt !== null);
      if (flaps.length >= policy.flappingMinEpisodes) {
        return { kind: 'suppress', reason: 'flapping', why: `fired and resolved ${flaps.length} times in the last ${Math.round(policy.flappingWindowS / 60)} min`, evidence: { episodes: flaps.map((episode) => episode.firstReceivedAt) } };
      }

      const behaviour = summariseBehaviour(context.ruleEpisodeCounts, policy);
      const { verdicts, overrides } = context;
      const noise = knownNoise(alert.rule, verdicts, overrides, policy);
      const knownNoisy = noise.knownNoisy;
      const likelihood = knownNoisy ? Math.max(noise.rate, noiseLikelihood(behaviour)) : canSelfResolve(alert) ? noiseLikelihood(behaviour) : 0;

      const corroboration: string[] = [];
      if (correlation.incident !== null) corroboration.push(`joins ${correlation.incident.incident.id} (${correlation.incident.why.join('; ')})`);
      if (correlation.storm !== null) corroboration.push(`part of a storm: ${correlation.storm.length} services alerting together`);
      const together = await corroboratingRules(alert, likelihood, correlation, now);
      if (together !== null) corroboration.push(together);

      if (knownNoisy) {
        // A deploy alone does not make known noise real: only other alerts or an incident do.
        if (corroboration.length === 0) {
          return {
            kind: 'suppress',
            reason: 'known-noisy',
            why: noise.why,
            evidence: { ...verdicts, rate: Math.round(noise.rate * 100) / 100, ...(overrides.knownNoisy === null ? {} : { markedKnownNoisy: overrides.knownNoisy }) },
          };
        }
        return { kind: 'pass', reason: `known-noisy rule, but corroborated: ${corroboration.join('; ')}`, evidence: { ...verdicts, ...(overrides.knownNoisy === null ? {} : { markedKnownNoisy: overrides.knownNoisy }) } };
      }

      // Following a change, an alert is not held, unless its rule is one that usually resolves by itself anyway.
      const suspect = correlation.changes.find((change) => now.getTime() - Date.parse(change.change.at) <= policy.changeCorroborationS * 1000);
      if (suspect !== undefined && likelihood <= policy.changeCorroborationMaxLikelihood) {
        corroboration.push(`follows a ${suspect.change.kind} of ${suspect.change.service} at ${suspect.change.at}`);
      }
      if (corroboration.length > 0) return { kind: 'pass', reason: corroboration.join('; ') };
      if (!canSelfResolve(alert)) return { kind: 'pass', reason: 'this kind of alert does not resolve by itself: no hold' };

      const learned = learnHold(alert.rule, behaviour, policy, overrides.hold);
      if (learned.holdS <= 0) return { kind: 'pass', reason: learned.why, evidence: learned.evidence };
      const until = new Date(Date.parse(alert.firstReceivedAt) + learned.holdS * 1000);
      if (until.getTime() <= now.getTime()) return { kind: 'pass', reason: `${learned.why}; the hold is already over` };
      return { kind: 'hold', until, why: learned.why, evidence: learned.evidence };
    },
  };
}
