import type { Playbook, PlaybookMatcher } from '../../src/domain/playbook.js';

/** The alert fields a playbook matcher reads (a StoredAlert or a normalised Alert both fit). */
export interface MatchableAlert {
  source: string;
  service: string | null;
  labels: Record<string, string>;
  title: string;
  message: string;
}

export interface PlaybookRank {
  id: string;
  score: number;
  why: string[];
}

/**
 * How specific a matched matcher is: a label pattern names a rule, text names an error, a source or service
 * alone says little. Used so that "any Sentry alert on billing" ranks below "KubeJobFailed on billing-*".
 */
function specificity(matcher: PlaybookMatcher): number {
  return (matcher.labels.length > 0 ? 3 : 0) + (matcher.text !== null ? 2 : 0) + (matcher.logs !== null ? 2 : 0) + (matcher.services !== null ? 1 : 0) + (matcher.sources !== null ? 0.5 : 0);
}

/** Whether every key of the matcher matches the alert (and the log lines found around it). */
export function matcherMatches(matcher: PlaybookMatcher, alert: MatchableAlert, logLines: readonly string[]): boolean {
  if (matcher.sources !== null && !matcher.sources.includes(alert.source)) return false;
  if (matcher.services !== null && (alert.service === null || !matcher.services.includes(alert.service))) return false;
  for (const { name, pattern } of matcher.labels) {
    const value = alert.labels[name];
    if (value === undefined || !pattern.test(value)) return false;
  }
  if (matcher.text !== null && !matcher.text.test(`${alert.title}\n${alert.message}`)) return false;
  if (matcher.logs !== null && !logLines.some((line) => matcher.logs?.test(line))) return false;
  return true;
}

/** The best matcher of a playbook for one alert, or null when none matches. */
export function bestMatch(playbook: Playbook, alert: MatchableAlert, logLines: readonly string[]): { index: number; specificity: number } | null {
  let best: { index: number; specificity: number } | null = null;
  playbook.match.forEach((matcher, index) => {
    if (!matcherMatches(matcher, alert, logLines)) return;
    const value = specificity(matcher);
    if (best === null || value > best.specificity) best = { index, specificity: value };
  });
  return best;
}

/**
 * Ranks the playbooks matching a group of alerts, best first. Each alert adds the specificity of the playbook's
 * best matcher for it; earlier alerts weigh a little more, since the first signals are closest to the cause.
 */
export function rankPlaybooks(playbooks: readonly Playbook[], alerts: readonly MatchableAlert[], logLines: readonly string[]): PlaybookRank[] {
  const ranks: PlaybookRank[] = [];
  for (const playbook of playbooks) {
    let score = 0;
    const why: string[] = [];
    alerts.forEach((alert, position) => {
      const match = bestMatch(playbook, alert, logLines);
      if (match === null) return;
      score += match.specificity * (1 + 1 / (position + 2));
      if (why.length < 5) why.push(`${alert.title.slice(0, 80)} matched match[${match.index}]`);
    });
    if (score > 0) ranks.push({ id: playbook.id, score: Math.round(score * 100) / 100, why });
  }
  return ranks.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}
