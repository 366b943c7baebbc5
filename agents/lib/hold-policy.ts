import type { AlertLog, StoredAlert } from '../ports/alert-log.js';
import type { TriagePolicy } from '../policy.js';

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

/**
 * How long to hold a lone alert before telling a human, learned from its rule's own past episodes: a rule whose
 * alerts usually resolve by themselves is held a little longer than those resolutions take to arrive (they come
 * on the sender's group interval); a rule whose alerts rarely resolve quickly is not held at all; a rule never
 * seen gets the default (one group interval plus margin).
 */
export async function learnHold(alertLog: AlertLog, alert: StoredAlert, now: Date, policy: TriagePolicy): Promise<LearnedHold> {
  const since = new Date(now.getTime() - policy.learningWindowS * 1000);
  const episodes = (await alertLog.ruleEpisodes(alert.source, alert.rule, since, new Date(alert.firstReceivedAt))).filter((episode) => episode.id !== alert.id);
  // Episodes still firing whose hold could not yet have ended say nothing either way.
  const decided = episodes.filter((episode) => episode.resolvedAt !== null || now.getTime() - Date.parse(episode.firstReceivedAt) > policy.transientMaxS * 1000);
  if (decided.length < policy.learningMinEpisodes) {
    return { holdS: policy.defaultHoldS, why: `rule "${alert.rule}" seen ${decided.length} time(s): default hold ${policy.defaultHoldS} s for a resolution to arrive`, evidence: { episodes: decided.length } };
  }
  const quick = decided
    .filter((episode) => episode.resolvedAt !== null)
    .map((episode) => (Date.parse(episode.resolvedAt ?? '') - Date.parse(episode.firstReceivedAt)) / 1000)
    .filter((seconds) => seconds <= policy.transientMaxS)
    .sort((a, b) => a - b);
  const share = quick.length / decided.length;
  const evidence = { episodes: decided.length, resolvedQuickly: quick.length, share: Math.round(share * 100) / 100, p90S: Math.round(quantile(quick, 0.9)) };
  if (share < policy.holdWorthyShare) {
    return { holdS: 0, why: `rule "${alert.rule}" resolved by itself in ${quick.length} of ${decided.length} episodes: not worth holding`, evidence };
  }
  // The slowest self-resolution seen sets the hold: resolutions arrive on the sender's group interval, so a
  // hold shorter than one late interval pages on every alert that needed it.
  const holdS = Math.min(policy.maxHoldS, Math.max(policy.minHoldS, quantile(quick, 1) + 60));
  return { holdS: Math.round(holdS), why: `rule "${alert.rule}" resolved by itself in ${quick.length} of ${decided.length} episodes (p90 ${evidence.p90S} s): hold ${Math.round(holdS)} s`, evidence };
}
