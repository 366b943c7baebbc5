/** Services the generated alerts spread over, so that grouping sees both related and unrelated alerts. */
const SERVICES = ['checkout', 'catalog', 'search', 'billing', 'payouts', 'auth', 'api', 'mail-scheduler'];

/**
 * An Alertmanager (webhook version 4) delivery with one firing alert of its own (`index` makes its fingerprint),
 * on one of a few services and rules, as a Prometheus would send it.
 */
export function alertmanagerDelivery(index: number): string {
  const service = SERVICES[index % SERVICES.length] ?? 'api';
  const alertname = `HighErrorRate${index % 20}`;
  const labels = { alertname, service, severity: index % 5 === 0 ? 'critical' : 'warning', instance: `${service}-${index}` };
  return JSON.stringify({
    version: '4',
    groupKey: `{}:{alertname="${alertname}",service="${service}"}`,
    status: 'firing',
    receiver: 'firebreak',
    groupLabels: { alertname, service },
    commonLabels: labels,
    commonAnnotations: { summary: `${service}: error rate above 5% (${index})` },
    externalURL: 'http://alertmanager.local',
    alerts: [{
      status: 'firing',
      labels,
      annotations: { summary: `${service}: error rate above 5% (${index})` },
      startsAt: new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString(),
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.local/graph',
      fingerprint: index.toString(16).padStart(16, '0'),
    }],
  });
}

/** Posts one Alertmanager delivery to a running API; resolves with the status and the delivery key it answered. */
export async function postAlertmanager(apiUrl: string, body: string): Promise<{ status: number; deliveryKey: string }> {
  const response = await fetch(`${apiUrl}/webhooks/alertmanager`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  const json = (await response.json()) as { deliveryKey?: string };
  return { status: response.status, deliveryKey: String(json.deliveryKey) };
}
