import type { AlertLog, RuleEpisodeCounts, StoredAlert } from '../ports/alert-log.js';
import type { RuleOverrides } from '../ports/verdict-log.js';
import type { TriagePolicy } from '../policy.js';

/** What a rule's own past says about it. */
export interface RuleBehaviour extends RuleEpisodeCounts {
  /** Share of episodes that resolved by themselves quickly; null while too few episodes were seen. */
  selfResolvingShare: number | null;
}

export interface LearnedHold {
  holdS: number;
  why: string;
  evidence: Record<string, unknown>;
}

/** Reads how a rule's episodes (before `alert` fired) ended and summarises them. */
export async function ruleBehaviour(alertLog: AlertLog, alert: Pick<StoredAlert, 'source' | 'rule' | 'firstReceivedAt'>, now: Date, policy: TriagePolicy): Promise<RuleBehaviour> {
  return summariseBehaviour(await alertLog.ruleEpisodeCounts(alert.source, alert.rule, learningSince(now, policy), new Date(alert.firstReceivedAt), now, policy.transientMaxS, policy.learningMaxEpisodes), policy);
}

/** Where a rule's learning window starts. */
export function learningSince(now: Date, policy: TriagePolicy): Date {
  return new Date(now.getTime() - policy.learningWindowS * 1000);
}

/**
 * How a rule's episodes (those started in its learning window before the alert, counted for it) ended. Episodes
 * still firing whose hold could not yet have ended say nothing either way, and are not counted as decided.
 */
export function summariseBehaviour(counts: RuleEpisodeCounts, policy: TriagePolicy): RuleBehaviour {
  return { ...counts, selfResolvingShare: counts.decided < policy.learningMinEpisodes ? null : counts.resolvedQuickly / counts.decided };
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
  const { decided, resolvedQuickly, selfResolvingShare: share } = behaviour;
  const slowestS = behaviour.slowestQuickS ?? 0;
  if (share === null) {
    return { holdS: policy.defaultHoldS, why: `rule "${rule}" seen ${decided} time(s): default hold ${policy.defaultHoldS} s for a resolution to arrive`, evidence: { episodes: decided } };
  }
  const evidence = { episodes: decided, resolvedQuickly, share: Math.round(share * 100) / 100, slowestS: Math.round(slowestS) };
  if (share < policy.holdWorthyShare) {
    return { holdS: 0, why: `rule "${rule}" resolved by itself in ${resolvedQuickly} of ${decided} episodes: not worth holding`, evidence };
  }
  const holdS = Math.round(Math.min(policy.maxHoldS, Math.max(policy.minHoldS, slowestS + 60)));
  return { holdS, why: `rule "${rule}" resolved by itself in ${resolvedQuickly} of ${decided} episodes (slowest ${evidence.slowestS} s): hold ${holdS} s`, evidence };
}
