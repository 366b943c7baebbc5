import { z } from 'zod';
import type { Alert, AlertLinks, AlertSource, AlertStatus } from '../../domain/alert.js';
import { deriveRule } from '../../domain/alert-rule.js';
import {
  ENVIRONMENT_LABELS,
  SERVICE_LABELS,
  compact,
  derivedFingerprint,
  firstLabel,
  isoTime,
  labelSetKey,
  link,
  looseString,
  stringMap,
} from './normalize-support.js';

/**
 * One alert of the Alertmanager template data (`template.Alert`), which both Alertmanager's webhook (version 4)
 * and Grafana's unified-alerting webhook (version 1) carry. Grafana adds dashboard, panel and silence links and
 * the query values. Every field but the labels is optional: older and newer senders differ.
 */
export const templateAlertSchema = z.object({
  status: looseString,
  labels: stringMap,
  annotations: stringMap,
  startsAt: z.unknown().optional(),
  endsAt: z.unknown().optional(),
  generatorURL: looseString,
  fingerprint: looseString,
  silenceURL: looseString,
  dashboardURL: looseString,
  panelURL: looseString,
  valueString: looseString,
});

export type TemplateAlert = z.infer<typeof templateAlertSchema>;

/** The group a template alert arrived in: the body's own status decides when the alert has none. */
export interface TemplateGroup {
  status: string | null;
}

/**
 * Firing or resolved. The alert's own `status` wins, then the group's; `endsAt` decides only when neither is
 * given, because real senders leave `endsAt` at the zero time on resolved alerts and set it in the future on
 * firing ones.
 */
export function templateStatus(alertStatus: string | null, groupStatus: string | null, endsAt: string | null, receivedAt: Date): AlertStatus {
  for (const status of [alertStatus, groupStatus]) {
    const word = status?.trim().toLowerCase();
    if (word === 'resolved' || word === 'ok' || word === 'inactive') return 'resolved';
    if (word === 'firing' || word === 'alerting' || word === 'active') return 'firing';
  }
  return endsAt !== null && Date.parse(endsAt) <= receivedAt.getTime() ? 'resolved' : 'firing';
}

/** Builds the Alert for one template alert; `raw` is the sender's own object for that alert. */
export function normalizeTemplateAlert(
  source: AlertSource,
  alert: TemplateAlert,
  group: TemplateGroup,
  receivedAt: Date,
  raw: unknown,
): Alert {
  // Each alert carries its whole label set (the common labels are a subset of it), kept as sent.
  const { labels, annotations } = alert;
  const endsAtSent = isoTime(alert.endsAt);
  const status = templateStatus(alert.status, group.status, endsAtSent, receivedAt);
  const received = receivedAt.toISOString();
  const name = firstLabel(labels, ['alertname']);
  const title = firstLabel(annotations, ['summary', 'title']) ?? name ?? `${source} alert`;
  const message = firstLabel(annotations, ['description', 'message']) ?? alert.valueString ?? title;
  const links: AlertLinks = compact({
    generator: link(alert.generatorURL),
    dashboard: link(alert.dashboardURL) ?? link(annotations.dashboard_url) ?? link(annotations.dashboard),
    panel: link(alert.panelURL),
    silence: link(alert.silenceURL),
    runbook: link(annotations.runbook_url) ?? link(annotations.runbook),
  });
  return {
    source,
    fingerprint: alert.fingerprint ?? derivedFingerprint(source, labelSetKey(labels)),
    status,
    rule: deriveRule(labels, title),
    title,
    message,
    service: firstLabel(labels, SERVICE_LABELS),
    environment: firstLabel(labels, ENVIRONMENT_LABELS),
    severity: firstLabel(labels, ['severity', 'priority']),
    labels,
    annotations,
    startsAt: isoTime(alert.startsAt) ?? received,
    // A resolved alert sent with the zero endsAt ended, at the latest, when we heard of it.
    endsAt: status === 'resolved' ? (endsAtSent ?? received) : null,
    receivedAt: received,
    links,
    raw,
  };
}
