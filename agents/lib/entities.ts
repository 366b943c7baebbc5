/**
 * The entities an alert speaks of, as lower-case tokens: its service, the workloads, hosts, peers and queues its
 * labels name. Two alerts that share an entity are likely the same trouble seen from two places (the database
 * and the API that waits on it). Values are split on separators so `ledger-db` and `ledger` meet on `ledger`.
 *
 * Label names are read generally (no company's conventions): identity-bearing names are taken, while labels
 * that describe the alert itself (severity, team, alertname, cluster-wide placement) are not.
 */
const IGNORED_LABELS = new Set([
  'alertname', 'severity', 'priority', 'team', 'owner', 'prometheus', 'receiver', 'env', 'environment', 'stage',
  'region', 'zone', 'dc', 'datacenter', 'cluster', 'tier', 'grafana_folder', 'level', 'le', 'quantile', 'fstype',
  'device', 'mountpoint', 'module', 'endpoint', 'metrics_path', 'scheme', 'method', 'code', 'status', 'reason',
  'dashboard', 'grafana_state', 'firebreak_drill', 'version', 'uid', 'ruleid', 'rule_uid', '__alert_rule_uid__', 'ref_id',
  'datasource_uid', 'url', 'resource', 'action', 'substatus', 'platform', 'handled', 'mechanism', 'type',
  // Sentry's descriptive labels: what kind of notification and error it is, not which thing is in trouble.
  'alert_rule', 'alert_rule_id', 'sentry_resource', 'sentry_action', 'release', 'error_type', 'aggregate', 'dataset',
  'query', 'runtime', 'browser', 'os', 'transaction', 'culprit', 'logger', 'issue_status', 'resolution',
]);

/** Tokens that name a kind of thing rather than one thing. */
const GENERIC_TOKENS = new Set([
  'prod', 'production', 'staging', 'api', 'app', 'apps', 'web', 'svc', 'service', 'server', 'worker', 'workers',
  'node', 'nodes', 'exporter', 'default', 'monitoring', 'internal', 'example', 'com', 'net', 'org', 'io', 'local',
  'cluster', 'http', 'https', 'tcp', 'main', 'primary', 'replica', 'the', 'and', 'for', 'job', 'pod', 'db',
  'kube', 'system', 'healthz', 'health', 'metrics', 'v1', 'v2', 'public', 'private', 'blackbox', 'probe',
]);

/**
 * The tokens of one value. A hyphenated name also gives its joined form, so `card-auth` meets the host
 * `cardauth-02` and `ledger-db` meets `ledgerdb-01`. A token names something when it starts with a letter and has
 * at least three: `alerta5` or `web2` do (a service named so would otherwise name nothing, and join any incident
 * under way), numbers, `p99` or `v2` do not.
 */
export function tokensOf(value: string): string[] {
  const parts = value.toLowerCase().replace(/^https?:\/\//, '').split(/[^a-z0-9]+/).filter((part) => part.length > 0);
  const words = parts.filter((part) => /^[a-z]+$/.test(part));
  const joined = words.length > 1 && words.length <= 3 ? [words.join('')] : [];
  return [...parts, ...joined].filter((token) => /^[a-z]/.test(token) && token.replace(/[0-9]/g, '').length >= 3 && !GENERIC_TOKENS.has(token));
}

/** Drops the replica-set and pod hashes of a Kubernetes pod name: `checkout-7d9f8-abcde` -> `checkout`. */
function workloadOfPod(pod: string): string {
  return pod.replace(/(-[a-z0-9]{5,10})?-[a-z0-9]{5}$/, '');
}

function hostOfInstance(instance: string): string {
  const withoutScheme = instance.replace(/^[a-z]+:\/\//, '');
  return withoutScheme.split(/[:/]/)[0] ?? withoutScheme;
}

export function entityTokens(alert: { service: string | null; labels: Record<string, string> }): string[] {
  const tokens = new Set<string>();
  if (alert.service !== null) for (const token of tokensOf(alert.service)) tokens.add(token);
  for (const [name, value] of Object.entries(alert.labels)) {
    const key = name.toLowerCase();
    if (IGNORED_LABELS.has(key) || value.length > 200) continue;
    let subject = value;
    if (key === 'pod') subject = workloadOfPod(value);
    else if (key === 'instance' || key === 'host' || key === 'hostname') subject = hostOfInstance(value).split('.')[0] ?? value;
    for (const token of tokensOf(subject)) tokens.add(token);
  }
  return [...tokens].sort();
}
