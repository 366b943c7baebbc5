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
  labelMap,
  labelSetKey,
  link,
  looseScalar,
  stringValues,
  text,
} from './normalize-support.js';

/**
 * One alert of the Alertmanager template data (`template.Alert`), which both Alertmanager's webhook (version 4)
 * and Grafana's unified-alerting webhook (version 1) carry. Grafana adds dashboard, panel and silence links and
 * the query values. Every field but the labels is optional: older and newer senders differ. The fields are
 * checked, not converted: `normalizeTemplateAlert` makes them strings (no zod transform on this hot path).
 */
export const templateAlertSchema = z.object({
  status: looseScalar,
  labels: labelMap,
  annotations: labelMap,
  startsAt: z.unknown().optional(),
  endsAt: z.unknown().optional(),
  generatorURL: looseScalar,
  fingerprint: looseScalar,
  silenceURL: looseScalar,
  dashboardURL: looseScalar,
  panelURL: looseScalar,
  valueString: looseScalar,
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
  const labels = stringValues(alert.labels);
  const annotations = stringValues(alert.annotations);
  const endsAtSent = isoTime(alert.endsAt);
  const status = templateStatus(text(alert.status), group.status, endsAtSent, receivedAt);
  const received = receivedAt.toISOString();
  const name = firstLabel(labels, ['alertname']);
  const title = firstLabel(annotations, ['summary', 'title']) ?? name ?? `${source} alert`;
  const message = firstLabel(annotations, ['description', 'message']) ?? text(alert.valueString) ?? title;
  const links: AlertLinks = compact({
    generator: link(text(alert.generatorURL)),
    dashboard: link(text(alert.dashboardURL)) ?? link(annotations.dashboard_url) ?? link(annotations.dashboard),
    panel: link(text(alert.panelURL)),
    silence: link(text(alert.silenceURL)),
    runbook: link(annotations.runbook_url) ?? link(annotations.runbook),
  });
  return {
    source,
    fingerprint: text(alert.fingerprint) ?? derivedFingerprint(source, labelSetKey(labels)),
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
