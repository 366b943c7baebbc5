/**
 * The Alert of DESIGN.md: what every receiver normalises its source's payload into, and the only shape the
 * queue and the triage agents ever see. `raw` keeps the source's own part of the body for humans and audits.
 */
export const ALERT_SOURCES = ['sentry', 'grafana', 'alertmanager', 'manual'] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];

export type AlertStatus = 'firing' | 'resolved';

export interface AlertLinks {
  dashboard?: string;
  panel?: string;
  issue?: string;
  runbook?: string;
  generator?: string;
  silence?: string;
}

export interface Alert {
  source: AlertSource;
  /** Stable identity of the alert across notifications (the source's own, or derived from identifying fields). */
  fingerprint: string;
  status: AlertStatus;
  /**
   * The rule that produced the alert (Alertmanager/Grafana `alertname`, Sentry rule or issue title). Verdicts,
   * false-positive rates and learned resolve times are kept per rule, so it must not carry per-instance values.
   */
  rule: string;
  title: string;
  message: string;
  service: string | null;
  environment: string | null;
  /** The sender's own severity word (`critical`, `warning`, `error`, ...), as sent; not one of Firebreak's three. */
  severity: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** ISO-8601 times. `endsAt` is null while firing (senders use the zero time for that). */
  startsAt: string;
  endsAt: string | null;
  receivedAt: string;
  links: AlertLinks;
  raw: unknown;
}
