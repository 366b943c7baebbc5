import type { AlertEpisode, AlertLog, StoredAlert } from '../ports/alert-log.js';
import type { RuleOverrides } from '../ports/verdict-log.js';
import type { TriagePolicy } from '../policy.js';

/** What a rule's own past says about it. */
export interface RuleBehaviour {
  /** Episodes old enough to have shown whether they resolve by themselves. */
  decided: number;
  /** Seconds each quick self-resolution took, sorted. */
  quick: number[];
  /** Share of episodes that resolved by themselves quickly; null while too few episodes were seen. */
  selfResolvingShare: number | null;
}

export interface LearnedHold {
  holdS: number;
  why: string;
  evidence: Record<string, unknown>;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const position = (sorted.length - 1) * q;
  const base = Math.floor(position);
  const next = sorted[Math.min(base + 1, sorted.length - 1)] ?? 0;
  const current = sorted[base] ?? 0;
  return current + (next - current) * (position - base);
}

/** Reads a rule's episodes from the alert log (before `alert` fired) and summarises how they ended. */
export async function ruleBehaviour(alertLog: AlertLog, alert: Pick<StoredAlert, 'id' | 'source' | 'rule' | 'firstReceivedAt'>, now: Date, policy: TriagePolicy): Promise<RuleBehaviour> {
  return summariseBehaviour(await alertLog.ruleEpisodes(alert.source, alert.rule, learningSince(now, policy), new Date(alert.firstReceivedAt)), alert, now, policy);
}

/** Where a rule's learning window starts. */
export function learningSince(now: Date, policy: TriagePolicy): Date {
  return new Date(now.getTime() - policy.learningWindowS * 1000);
}

/** How a rule's episodes (those started in its learning window before `alert`, as read for it) ended. */
export function summariseBehaviour(ruleEpisodes: readonly AlertEpisode[], alert: Pick<StoredAlert, 'id' | 'firstReceivedAt'>, now: Date, policy: TriagePolicy): RuleBehaviour {
  const since = learningSince(now, policy).getTime();
  const before = Date.parse(alert.firstReceivedAt);
  const episodes = ruleEpisodes.filter((episode) => episode.id !== alert.id && Date.parse(episode.firstReceivedAt) >= since && Date.parse(episode.firstReceivedAt) < before);
  // Episodes still firing whose hold could not yet have ended say nothing either way.
  const decided = episodes.filter((episode) => episode.resolvedAt !== null || now.getTime() - Date.parse(episode.firstReceivedAt) > policy.transientMaxS * 1000);
  const quick = decided
    .filter((episode) => episode.resolvedAt !== null)
    .map((episode) => (Date.parse(episode.resolvedAt ?? '') - Date.parse(episode.firstReceivedAt)) / 1000)
    .filter((seconds) => seconds <= policy.transientMaxS)
    .sort((a, b) => a - b);
  return { decided: decided.length, quick, selfResolvingShare: decided.length < policy.learningMinEpisodes ? null : quick.length / decided.length };
}

/**
 * How likely an alert of this rule is to be noise, from what its rule did before: the share of its episodes that
 * resolved by themselves, or an even chance for a rule not seen enough. Corroboration multiplies these.
 */
export function noiseLikelihood(behaviour: RuleBehaviour): number {
  return behaviour.selfResolvingShare ?? 0.5;
}

/**
 * How long to hold a lone alert before telling a human, learned from its rule's own past episodes: a rule whose
 * alerts usually resolve by themselves is held a little longer than its slowest such resolution took to arrive
 * (they come on the sender's group interval); a rule whose alerts rarely resolve quickly is not held at all; a
 * rule never seen gets the default (one group interval plus margin). A hold a human set on the rule (a longer-hold
 * rule change) stands instead of the learned one, within the policy's cap.
 */
export function learnHold(rule: string, behaviour: RuleBehaviour, policy: TriagePolicy, override: RuleOverrides['hold'] = null): LearnedHold {
  if (override !== null) {
    const learned = learnHold(rule, behaviour, policy);
    const holdS = Math.min(policy.maxHoldOverrideS, Math.max(0, Math.round(override.holdS)));
    return {
      holdS,
      why: `rule "${rule}": hold ${holdS} s set by ${override.by ?? 'someone'} at ${override.at} (${override.reason}), instead of the learned ${learned.holdS} s`,
      evidence: { ...learned.evidence, learnedHoldS: learned.holdS, holdSetBy: override.by, holdSetAt: override.at },
    };
  }
  const { decided, quick, selfResolvingShare: share } = behaviour;
  if (share === null) {
    return { holdS: policy.defaultHoldS, why: `rule "${rule}" seen ${decided} time(s): default hold ${policy.defaultHoldS} s for a resolution to arrive`, evidence: { episodes: decided } };
  }
  const evidence = { episodes: decided, resolvedQuickly: quick.length, share: Math.round(share * 100) / 100, slowestS: Math.round(quantile(quick, 1)) };
  if (share < policy.holdWorthyShare) {
    return { holdS: 0, why: `rule "${rule}" resolved by itself in ${quick.length} of ${decided} episodes: not worth holding`, evidence };
  }
  const holdS = Math.round(Math.min(policy.maxHoldS, Math.max(policy.minHoldS, quantile(quick, 1) + 60)));
  return { holdS, why: `rule "${rule}" resolved by itself in ${quick.length} of ${decided} episodes (slowest ${evidence.slowestS} s): hold ${holdS} s`, evidence };
}
