import { z } from 'zod';
import type { Alert, AlertStatus } from '../../domain/alert.js';
import { deriveRule } from '../../domain/alert-rule.js';
import { FirebreakError } from '../../errors/catalogue.js';
import type { NormalizeBody } from './receiver.js';
import {
  ENVIRONMENT_LABELS,
  SERVICE_LABELS,
  compact,
  derivedFingerprint,
  firstLabel,
  link,
  looseString,
  parseWith,
  stringMap,
} from './normalize-support.js';
import { normalizeTemplateAlert, templateAlertSchema } from './template-alert.js';

/**
 * Grafana's webhook contact point, in both of its shapes:
 * - unified alerting (Grafana 8+, `version: "1"`): Alertmanager template data plus Grafana's links and values;
 *   one body carries a group of alerts, firing and resolved mixed.
 * - legacy ("old") dashboard alerting: one rule per body, `ruleId`, `ruleName`, `state`, `evalMatches`, `tags`.
 * A body with `alerts[]` is unified; one with `ruleName`/`ruleId`/`evalMatches` and no `alerts` is legacy.
 */

/**
 * Legacy `state` -> status; null means acknowledged and ignored. `no_data` says the query returned nothing (the
 * condition is unknown, not true) and `pending` that it is not yet confirmed: neither fires nor resolves the alert.
 * `paused` ends it: a paused rule will never send its resolution.
 */
const LEGACY_STATUS: Record<string, AlertStatus | null> = {
  alerting: 'firing',
  no_data: null,
  pending: null,
  ok: 'resolved',
  paused: 'resolved',
};

const unifiedBody = z.object({
  status: looseString,
  alerts: z.array(z.unknown()),
});

const legacyBody = z.object({
  ruleId: looseString,
  ruleName: looseString,
  ruleUrl: looseString,
  state: z.string({ error: 'expected one of ok, paused, alerting, pending, no_data' }),
  title: looseString,
  message: looseString,
  imageUrl: looseString,
  orgId: looseString,
  dashboardId: looseString,
  panelId: looseString,
  tags: stringMap,
  evalMatches: z
    .array(z.object({ metric: looseString, value: z.unknown().optional(), tags: stringMap }))
    .nullish()
    .transform((value) => value ?? []),
});

/**
 * @example normalizeGrafana(JSON.parse(body), headers, new Date()) // one Alert per unified alert, one for legacy
 */
export const normalizeGrafana: NormalizeBody = (body, _headers, receivedAt): Alert[] => {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    if (!('alerts' in record) && ('ruleName' in record || 'ruleId' in record || 'evalMatches' in record)) {
      return normalizeLegacy(body, receivedAt);
    }
  }
  const group = parseWith(unifiedBody, body, 'grafana');
  return group.alerts.map((rawAlert, index) =>
    normalizeTemplateAlert(
      'grafana',
      parseWith(templateAlertSchema, rawAlert, 'grafana', ['alerts', index]),
      { status: group.status },
      receivedAt,
      rawAlert,
    ),
  );
};

function normalizeLegacy(body: unknown, receivedAt: Date): Alert[] {
  const legacy = parseWith(legacyBody, body, 'grafana');
  const state = legacy.state.trim().toLowerCase();
  const status = LEGACY_STATUS[state];
  if (status === undefined) {
    throw new FirebreakError('FB_ERR_RECEIVER_UNSUPPORTED', `state: unknown legacy alert state "${legacy.state}"`, { source: 'grafana' });
  }
  if (status === null) return [];
  // The legacy title is "[Alerting] <rule name>": the rule name is the human title without the state prefix.
  const title = legacy.ruleName ?? legacy.title?.replace(/^\[[^\]]*\]\s*/, '') ?? 'Grafana alert';
  const labels: Record<string, string> = { ...legacy.tags, grafana_state: state };
  const matches = legacy.evalMatches.map((match) => `${match.metric ?? 'value'}=${String(match.value ?? '')}`).join(', ');
  const annotations: Record<string, string> = compact({
    message: legacy.message ?? undefined,
    eval_matches: matches === '' ? undefined : matches,
  }) as Record<string, string>;
  const received = receivedAt.toISOString();
  const alert: Alert = {
    source: 'grafana',
    // A legacy rule fires once per rule (not per series): the rule is the identity.
    fingerprint: derivedFingerprint('grafana-legacy', legacy.orgId, legacy.ruleId ?? legacy.ruleName ?? title),
    status,
    rule: deriveRule(labels, title),
    title,
    message: legacy.message ?? (matches === '' ? title : matches),
    service: firstLabel(labels, SERVICE_LABELS),
    environment: firstLabel(labels, ENVIRONMENT_LABELS),
    severity: firstLabel(labels, ['severity', 'priority']),
    labels,
    annotations,
    startsAt: received,
    endsAt: status === 'resolved' ? received : null,
    receivedAt: received,
    links: compact({ dashboard: link(legacy.ruleUrl), generator: link(legacy.ruleUrl) }),
    raw: body,
  };
  return [alert];
}
