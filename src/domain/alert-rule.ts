/**
 * The rule key of an alert: what verdicts, false-positive rates and learned resolve times are kept by. It must be
 * the same whether it comes from a receiver's normalised alert or from an imported verdict line (which carries
 * only source, labels and title), so both call this. Prometheus and Grafana name their rule in `alertname`;
 * Sentry alerts carry no such label and the receiver puts the rule's (or issue's) title in `title`.
 *
 * @example deriveRule({ alertname: 'KubePodCrashLooping', pod: 'api-1' }, 'Pod is crash looping') // 'KubePodCrashLooping'
 */
export function deriveRule(labels: Record<string, string>, title: string): string {
  const named = labels.alertname ?? labels.rulename ?? labels.rule;
  const rule = named !== undefined && named.trim() !== '' ? named : title;
  return rule.trim().replace(/\s+/g, ' ').slice(0, 300);
}
