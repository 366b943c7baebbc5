import { z } from 'zod';
import type { Alert, AlertStatus } from '../../domain/alert.js';
import { deriveRule } from '../../domain/alert-rule.js';
import { FirebreakError } from '../../errors/catalogue.js';
import type { NormalizeBody } from './receiver.js';
import { compact, firstLine, isoTime, link, looseString, parseWith } from './normalize-support.js';
import { normalizeSentryEvent, normalizeSentryLegacy } from './sentry-event.js';

/**
 * Sentry's integration-platform webhooks (`Sentry-Hook-Resource` names the resource, `action` the change) and
 * the legacy WebHooks plugin (no `Sentry-Hook-*` headers). Every alert of one Sentry issue shares the
 * fingerprint `sentry:issue:<id>` (issue.created, event_alert.triggered, error.created, issue.resolved), and a
 * metric alert incident is `sentry:metric_alert:<rule id>:<incident identifier>`, so resolving closes what fired.
 */

/** Resources acknowledged and ignored: they carry no alert. */
export const SENTRY_IGNORED_RESOURCES = ['installation', 'comment', 'seer', 'size_analysis'] as const;

/** issue action -> status, and the label saying why a non-resolution closed it. */
const ISSUE_STATUS: Record<string, { status: AlertStatus; reason?: string }> = {
  created: { status: 'firing' },
  unresolved: { status: 'firing' },
  assigned: { status: 'firing' },
  resolved: { status: 'resolved', reason: 'resolved' },
  ignored: { status: 'resolved', reason: 'ignored' },
  archived: { status: 'resolved', reason: 'archived' },
};

/** metric_alert action -> status. `open` is sent by Sentry's code though its docs omit it. */
const METRIC_STATUS: Record<string, AlertStatus> = { critical: 'firing', warning: 'firing', open: 'firing', resolved: 'resolved' };

const envelope = z.object({ action: looseString, data: z.record(z.string(), z.unknown()).nullish() });

const issueSchema = z.object({
  id: looseString,
  shortId: looseString,
  title: looseString,
  culprit: looseString,
  level: looseString,
  type: looseString,
  issueType: looseString,
  issueCategory: looseString,
  status: looseString,
  substatus: looseString,
  permalink: looseString,
  web_url: looseString,
  firstSeen: z.unknown().optional(),
  lastSeen: z.unknown().optional(),
  metadata: z.object({ type: looseString, value: looseString }).nullish(),
  project: z.object({ slug: looseString, name: looseString, id: looseString }).nullish(),
});

const metricSchema = z.object({
  id: looseString,
  identifier: looseString,
  title: looseString,
  date_started: z.unknown().optional(),
  date_detected: z.unknown().optional(),
  date_created: z.unknown().optional(),
  date_closed: z.unknown().optional(),
  projects: z.array(looseString).nullish(),
  alert_rule: z
    .object({
      id: looseString,
      name: looseString,
      environment: looseString,
      aggregate: looseString,
      dataset: looseString,
      projects: z.array(looseString).nullish(),
    })
    .nullish(),
});

/**
 * @example normalizeSentry(body, { 'sentry-hook-resource': 'issue' }, new Date()) // [] for installation/comment
 */
export const normalizeSentry: NormalizeBody = (body, headers, receivedAt): Alert[] => {
  const resource = sentryResource(body, headers);
  if (resource === 'legacy') return [normalizeSentryLegacy(body, receivedAt)];
  if ((SENTRY_IGNORED_RESOURCES as readonly string[]).includes(resource)) return [];
  const { action, data } = parseWith(envelope, body, 'sentry');
  const verb = (action ?? '').toLowerCase();
  const at = (path: string) => ['data', path];
  switch (resource) {
    case 'event_alert':
    case 'error': {
      const key = resource === 'event_alert' ? 'event' : 'error';
      const rule = resource === 'event_alert' ? (data?.triggered_rule ?? undefined) : undefined;
      return [normalizeSentryEvent(data?.[key], at(key), { resource, action: verb, triggeredRule: rule }, receivedAt, body)];
    }
    case 'issue': {
      const mapped = ISSUE_STATUS[verb];
      if (mapped === undefined) throw unsupported(resource, verb);
      return [normalizeIssue(parseWith(issueSchema, data?.issue, 'sentry', at('issue')), verb, mapped, receivedAt, body)];
    }
    case 'metric_alert': {
      const status = METRIC_STATUS[verb];
      if (status === undefined) throw unsupported(resource, verb);
      const metric = parseWith(metricSchema, data?.metric_alert, 'sentry', at('metric_alert'));
      return [normalizeMetricAlert(metric, verb, status, data ?? {}, receivedAt, body)];
    }
    default:
      throw unsupported(resource, verb);
  }
};

/**
 * The resource from `Sentry-Hook-Resource`; without that header, a body shaped like the legacy plugin's is
 * `legacy`, and an integration-platform body is recognised by what its `data` holds.
 */
export function sentryResource(body: unknown, headers: Record<string, string | undefined>): string {
  const header = headers['sentry-hook-resource'] ?? headerIgnoringCase(headers, 'sentry-hook-resource');
  if (header !== undefined && header.trim() !== '') return header.trim().toLowerCase();
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const data = typeof record.data === 'object' && record.data !== null ? (record.data as Record<string, unknown>) : null;
  if (data !== null && 'action' in record) {
    for (const [key, resource] of [['metric_alert', 'metric_alert'], ['issue', 'issue'], ['error', 'error'], ['event', 'event_alert'], ['installation', 'installation'], ['comment', 'comment']] as const) {
      if (key in data) return resource;
    }
  }
  if ('project' in record || 'project_slug' in record || 'event' in record) return 'legacy';
  throw new FirebreakError('FB_ERR_RECEIVER_UNSUPPORTED', 'Sentry-Hook-Resource: header missing and the body is not a known Sentry payload', { source: 'sentry' });
}

function normalizeIssue(
  issue: z.infer<typeof issueSchema>,
  action: string,
  mapped: { status: AlertStatus; reason?: string },
  receivedAt: Date,
  raw: unknown,
): Alert {
  const title = firstLine(issue.title ?? issue.metadata?.type ?? 'Sentry issue') || 'Sentry issue';
  const project = issue.project?.slug ?? issue.project?.name ?? null;
  const labels: Record<string, string> = compact({
    project: project ?? undefined,
    level: issue.level ?? undefined,
    issue_type: issue.issueType ?? issue.type ?? undefined,
    issue_category: issue.issueCategory ?? undefined,
    error_type: issue.metadata?.type ?? undefined,
    short_id: issue.shortId ?? undefined,
    substatus: issue.substatus ?? undefined,
    sentry_resource: 'issue',
    sentry_action: action,
    resolved_reason: mapped.status === 'resolved' ? mapped.reason : undefined,
  }) as Record<string, string>;
  const received = receivedAt.toISOString();
  const message = [issue.metadata?.value ?? issue.title ?? title, issue.culprit].filter((part) => part !== null && part !== '').join('\n');
  return {
    source: 'sentry',
    fingerprint: issue.id !== null ? `sentry:issue:${issue.id}` : `sentry:issue:${project ?? ''}:${title}`,
    status: mapped.status,
    rule: deriveRule(labels, title),
    title,
    message,
    service: project,
    // Issue webhooks carry no environment (an issue spans environments).
    environment: null,
    severity: issue.level,
    labels,
    annotations: compact({ culprit: issue.culprit ?? undefined }) as Record<string, string>,
    startsAt: isoTime(issue.firstSeen) ?? received,
    endsAt: mapped.status === 'resolved' ? received : null,
    receivedAt: received,
    links: compact({ issue: link(issue.permalink) ?? link(issue.web_url) }),
    raw,
  };
}

function normalizeMetricAlert(
  metric: z.infer<typeof metricSchema>,
  action: string,
  status: AlertStatus,
  data: Record<string, unknown>,
  receivedAt: Date,
  raw: unknown,
): Alert {
  const rule = metric.alert_rule;
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : null);
  // The rule's name is the human title; the incident `title` is often a random name ("Sacred Marmot").
  const title = rule?.name ?? stripStatusPrefix(text('description_title')) ?? metric.title ?? 'Sentry metric alert';
  const project = rule?.projects?.find((p) => p !== null) ?? metric.projects?.find((p) => p !== null) ?? null;
  const labels: Record<string, string> = compact({
    project: project ?? undefined,
    environment: rule?.environment ?? undefined,
    alert_rule_id: rule?.id ?? undefined,
    aggregate: rule?.aggregate ?? undefined,
    dataset: rule?.dataset ?? undefined,
    level: action === 'critical' || action === 'warning' ? action : undefined,
    sentry_resource: 'metric_alert',
    sentry_action: action,
  }) as Record<string, string>;
  const received = receivedAt.toISOString();
  return {
    source: 'sentry',
    fingerprint: `sentry:metric_alert:${rule?.id ?? title}:${metric.identifier ?? metric.id ?? ''}`,
    status,
    rule: deriveRule(labels, title),
    title,
    message: text('description_text') ?? text('description_title') ?? title,
    service: project,
    environment: rule?.environment ?? null,
    severity: action === 'resolved' ? null : action,
    labels,
    annotations: compact({ description_title: text('description_title') ?? undefined, incident_title: metric.title ?? undefined }) as Record<string, string>,
    startsAt: isoTime(metric.date_started) ?? isoTime(metric.date_detected) ?? isoTime(metric.date_created) ?? received,
    endsAt: status === 'resolved' ? (isoTime(metric.date_closed) ?? received) : null,
    receivedAt: received,
    links: compact({ dashboard: link(text('web_url')) }),
    raw,
  };
}

function stripStatusPrefix(value: string | null): string | null {
  return value === null ? null : value.replace(/^(Critical|Warning|Resolved|Open):\s*/i, '');
}

function headerIgnoringCase(headers: Record<string, string | undefined>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

function unsupported(resource: string, action: string): FirebreakError {
  return new FirebreakError('FB_ERR_RECEIVER_UNSUPPORTED', `Sentry ${resource}.${action || '(no action)'} is not a resource/action this receiver knows`, {
    source: 'sentry',
    resource,
    action,
  });
}
