import { z } from 'zod';
import type { Alert } from '../../domain/alert.js';
import { deriveRule } from '../../domain/alert-rule.js';
import { compact, firstLine, isoTime, link, looseString, parseWith } from './normalize-support.js';

/**
 * Sentry bodies built around one event: `event_alert.triggered` (`data.event`), `error.created` (`data.error`)
 * and the legacy WebHooks plugin (the issue at the top level, its latest event in `event`). The alert is the
 * event's issue (an issue-alert trigger: `sentry:event_alert:<event id>`), title the issue title's first line.
 */

const eventSchema = z.object({
  event_id: looseString,
  issue_id: looseString,
  group_id: looseString,
  title: looseString,
  message: looseString,
  culprit: looseString,
  level: looseString,
  environment: looseString,
  release: looseString,
  platform: looseString,
  project: looseString,
  url: looseString,
  web_url: looseString,
  issue_url: looseString,
  datetime: z.unknown().optional(),
  timestamp: z.unknown().optional(),
  metadata: z.object({ type: looseString, value: looseString, title: looseString }).nullish(),
  logentry: z.object({ formatted: looseString, message: looseString }).nullish(),
  tags: z.unknown().optional(),
});

type SentryEvent = z.infer<typeof eventSchema>;

export interface EventContext {
  resource: 'event_alert' | 'error';
  action: string;
  /**
   * The issue-alert rule that fired (`data.triggered_rule`). It is the alert's rule key: verdicts ("this rule is
   * noisy") are given on the rule, as for Prometheus and Grafana rules.
   */
  triggeredRule: unknown;
}

/** One alert from `data.event` / `data.error`; `path` is where the event sits in the body, for error messages. */
export function normalizeSentryEvent(value: unknown, path: string[], context: EventContext, receivedAt: Date, raw: unknown): Alert {
  const event = parseWith(eventSchema, value ?? {}, 'sentry', path);
  const tags = sentryTags(event.tags);
  const project = projectFromEvent(event) ?? tags.project ?? null;
  const title = eventTitle(event);
  const triggered = typeof context.triggeredRule === 'string' && context.triggeredRule !== '' ? context.triggeredRule : undefined;
  const environment = event.environment ?? tags.environment ?? null;
  const labels = compact({
    project: project ?? undefined,
    environment: environment ?? undefined,
    level: event.level ?? tags.level ?? undefined,
    platform: event.platform ?? undefined,
    error_type: event.metadata?.type ?? undefined,
    release: event.release ?? tags.release ?? undefined,
    service: tags.service,
    alert_rule: triggered,
    sentry_resource: context.resource,
    sentry_action: context.action,
  }) as Record<string, string>;
  const received = receivedAt.toISOString();
  const issueId = event.issue_id ?? event.group_id;
  // Each rule trigger is its own notification (Sentry rate-limits them per rule): two triggers on one issue are
  // two alerts, not a repeat. `error.created` fires on every event, so those are kept per issue.
  const perTrigger = context.resource === 'event_alert' && event.event_id !== null && event.event_id !== undefined;
  return {
    source: 'sentry',
    fingerprint: perTrigger
      ? `sentry:event_alert:${event.event_id}`
      : issueId !== null ? `sentry:issue:${issueId}` : `sentry:event:${project ?? ''}:${title}`,
    status: 'firing',
    rule: deriveRule(labels, triggered ?? title),
    title,
    message: eventMessage(event, title),
    service: tags.service ?? project,
    environment,
    severity: event.level ?? tags.level ?? null,
    labels,
    annotations: compact({ culprit: event.culprit ?? undefined, event_id: event.event_id ?? undefined }) as Record<string, string>,
    startsAt: isoTime(event.datetime) ?? isoTime(event.timestamp) ?? received,
    endsAt: null,
    receivedAt: received,
    links: compact({ issue: issueLink(event.web_url) ?? link(event.issue_url) }),
    raw,
  };
}

const legacySchema = z.object({
  id: looseString,
  project: looseString,
  project_name: looseString,
  project_slug: looseString,
  culprit: looseString,
  url: looseString,
  logger: looseString,
  level: looseString,
  message: looseString,
  triggering_rules: z.array(looseString).nullish(),
  event: z.unknown().optional(),
});

/** The legacy WebHooks plugin: unsigned, the issue's fields at the top level (`get_group_data()`). */
export function normalizeSentryLegacy(body: unknown, receivedAt: Date): Alert {
  const legacy = parseWith(legacySchema, body, 'sentry');
  const event = parseWith(eventSchema, legacy.event ?? {}, 'sentry', ['event']);
  const metadataTitle = event.metadata?.title ?? null;
  const tags = sentryTags(event.tags);
  const title = firstLine(legacy.message ?? metadataTitle ?? event.title ?? '') || eventTitle(event);
  const project = legacy.project_slug ?? legacy.project ?? legacy.project_name ?? null;
  const environment = event.environment ?? tags.environment ?? null;
  const rules = (legacy.triggering_rules ?? []).filter((rule): rule is string => rule !== null);
  const labels = compact({
    project: project ?? undefined,
    environment: environment ?? undefined,
    level: legacy.level ?? undefined,
    logger: legacy.logger ?? undefined,
    service: tags.service,
    alert_rule: rules.length > 0 ? rules.join(', ') : undefined,
    sentry_resource: 'legacy_plugin',
  }) as Record<string, string>;
  const received = receivedAt.toISOString();
  return {
    source: 'sentry',
    fingerprint: legacy.id !== null ? `sentry:issue:${legacy.id}` : `sentry:legacy:${project ?? ''}:${title}`,
    status: 'firing',
    rule: deriveRule(labels, title),
    title,
    message: [legacy.message ?? title, legacy.culprit].filter((part) => part !== null && part !== '').join('\n'),
    service: tags.service ?? project,
    environment,
    severity: legacy.level,
    labels,
    annotations: compact({ culprit: legacy.culprit ?? undefined, event_id: event.event_id ?? undefined }) as Record<string, string>,
    startsAt: isoTime(event.datetime) ?? isoTime(event.timestamp) ?? received,
    endsAt: null,
    receivedAt: received,
    links: compact({ issue: link(legacy.url) }),
    raw: body,
  };
}

/**
 * Sentry tags come as `[["key", "value"], ...]` (event payloads), `[{key, value}]` (API serialisers) or an object;
 * all three are read into one map.
 */
export function sentryTags(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (key: unknown, item: unknown) => {
    if (typeof key === 'string' && (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean')) out[key] = String(item);
  };
  if (Array.isArray(value)) {
    for (const entry of value) {
      if (Array.isArray(entry)) put(entry[0], entry[1]);
      else if (typeof entry === 'object' && entry !== null) put((entry as Record<string, unknown>).key, (entry as Record<string, unknown>).value);
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) put(key, item);
  }
  return out;
}

/** The project slug: events carry only the numeric id, but their API `url` is `/projects/<org>/<slug>/events/...`. */
export function projectFromEvent(event: Pick<SentryEvent, 'url' | 'project'>): string | null {
  const match = event.url?.match(/\/projects\/[^/]+\/([^/]+)\/events\//);
  return match?.[1] ?? null;
}

function eventTitle(event: SentryEvent): string {
  const candidates = [event.title, event.metadata?.title, event.message, event.logentry?.formatted, event.metadata?.type];
  for (const candidate of candidates) {
    if (candidate !== null && candidate !== undefined && firstLine(candidate) !== '') return firstLine(candidate);
  }
  return 'Sentry event';
}

function eventMessage(event: SentryEvent, title: string): string {
  const text = event.metadata?.value || event.message || event.logentry?.formatted || event.title || title;
  return [text, event.culprit].filter((part) => part !== null && part !== undefined && part !== '').join('\n');
}

/** The issue's page from an event's `web_url` (`.../issues/<id>/events/<event id>/` -> `.../issues/<id>/`). */
function issueLink(webUrl: string | null): string | undefined {
  const url = link(webUrl);
  if (url === undefined) return undefined;
  const cut = url.indexOf('/events/');
  return cut > 0 && url.includes('/issues/') ? `${url.slice(0, cut)}/` : url;
}
