import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../agents/ports/clock.js';
import { INCIDENT_STATUSES, ROOT_CAUSE_CATEGORIES, SEVERITIES } from '../domain/incident.js';
import { FirebreakError, isFirebreakError } from '../errors/catalogue.js';
import { parseReportClock } from '../reports/report-clock.js';
import { buildWeeklyReport } from '../reports/weekly-report.js';
import type { Db } from '../store/db.js';
import { REMEDIATION_STATUSES } from '../store/incident-log/incident-records.js';
import { principalOf } from './auth/ui-auth.js';
import type { UiCredentials } from './auth/ui-credentials.js';
import { INCIDENT_TIME_FIELDS, LOG_SORT_KEYS, type IncidentEdit, type IncidentLogView } from './data/incident-log-view.js';
import type { SafeHtml } from './html.js';
import { incidentPage } from './pages/incident-page.js';
import { indicatorsPage } from './pages/indicators-page.js';
import { layout, type LayoutOptions } from './pages/layout.js';
import { logPage } from './pages/log-page.js';

export const LOG_PAGE_SIZE = 50;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).transform((value) => new Date(`${value}T00:00:00Z`)).refine((date) => !Number.isNaN(date.getTime()));
/** A filter value the page cannot read is dropped (the page still answers), never passed on. */
const logQuerySchema = z.object({
  q: z.string().max(200).optional().catch(undefined),
  status: z.enum(INCIDENT_STATUSES).optional().catch(undefined),
  severity: z.enum(SEVERITIES).optional().catch(undefined),
  service: z.string().min(1).max(200).optional().catch(undefined),
  category: z.enum(ROOT_CAUSE_CATEGORIES).optional().catch(undefined),
  lead: z.string().min(1).max(200).optional().catch(undefined),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
  sort: z.enum(LOG_SORT_KEYS).catch('start'),
  dir: z.enum(['asc', 'desc']).catch('desc'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

/** `2024-05-01T10:03` from a datetime-local input, read as UTC; '' clears the time. */
const formTime = z.string().transform((value, ctx) => {
  if (value.trim() === '') return null;
  const date = new Date(/[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? value : `${value}Z`);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: `cannot read time "${value.slice(0, 40)}"` });
    return z.NEVER;
  }
  return date.toISOString();
});
const editSchema = z.object({
  rootCause: z.string().optional(),
  category: z.union([z.literal('').transform(() => null), z.enum(ROOT_CAUSE_CATEGORIES)]).optional(),
  impactStartedAt: formTime.optional(),
  detectedAt: formTime.optional(),
  acknowledgedAt: formTime.optional(),
  mitigatedAt: formTime.optional(),
  resolvedAt: formTime.optional(),
});
const optional = z.string().transform((value) => (value.trim() === '' ? null : value.trim()));
const newRemediationSchema = z.object({ title: z.string(), owner: optional.optional(), due: optional.optional() });
const remediationSchema = z.object({ owner: optional.optional(), due: optional.optional(), status: z.enum(REMEDIATION_STATUSES).optional(), verified: z.string().optional() });

interface Deps {
  view: IncidentLogView;
  db: Db;
  clock: Clock;
  credentials: UiCredentials;
}

/** The log (GET /ui), an incident's page and its edit forms (/ui/incidents/:id), the indicators (GET /ui/indicators). */
export function registerIncidentRoutes(app: FastifyInstance, { view, db, clock, credentials }: Deps): void {
  const send = (reply: FastifyReply, status: number, options: LayoutOptions, body: SafeHtml) => {
    const principal = principalOf(reply.request);
    const page = layout({ ...options, actor: principal.actor, csrf: credentials.csrfToken(principal.session), canSignOut: principal.via === 'cookie' }, body);
    return reply.code(status).type('text/html; charset=utf-8').send(page.value);
  };
  const csrfOf = (reply: FastifyReply) => credentials.csrfToken(principalOf(reply.request).session);

  app.get('/ui', async (request, reply) => {
    const input = logQuerySchema.parse(request.query ?? {});
    const query = {
      ...(input.q?.trim() ? { text: input.q.trim() } : {}),
      ...(input.status ? { status: input.status } : {}),
      ...(input.severity ? { severity: input.severity } : {}),
      ...(input.service ? { service: input.service } : {}),
      ...(input.category ? { category: input.category } : {}),
      ...(input.lead ? { lead: input.lead } : {}),
      ...(input.from ? { from: input.from } : {}),
      // The form's "to" day is included: the query's bound is the next midnight.
      ...(input.to ? { to: new Date(input.to.getTime() + 86_400_000) } : {}),
      sort: input.sort,
      direction: input.dir,
      page: input.page,
      pageSize: LOG_PAGE_SIZE,
    };
    const [{ rows, total }, facets] = await Promise.all([view.list(query), view.facets()]);
    return send(reply, 200, { title: 'Incident log', section: 'log' }, logPage({ query, rows, total, facets }));
  });

  app.get<{ Params: { id: string }; Querystring: { saved?: string } }>('/ui/incidents/:id', async (request, reply) => {
    const page = await view.get(request.params.id);
    if (page === null) throw new FirebreakError('FB_ERR_NOT_FOUND', `incident ${request.params.id} not found`);
    const notice = request.query.saved === '1' ? { kind: 'saved' as const, text: 'Saved.' } : undefined;
    return send(reply, 200, { title: `${page.incident.id} ${page.incident.title}`, section: 'incident' }, incidentPage({ page, csrf: csrfOf(reply), ...(notice ? { notice } : {}) }));
  });

  /** Runs an edit; a refused value re-renders the page with the reason (400), anything else propagates. */
  const edit = async (reply: FastifyReply, id: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      if (!isFirebreakError(error, 'FB_ERR_BAD_ARGUMENT')) throw error;
      const page = await view.get(id);
      if (page === null) throw new FirebreakError('FB_ERR_NOT_FOUND', `incident ${id} not found`);
      return send(reply, 400, { title: page.incident.id, section: 'incident' }, incidentPage({ page, csrf: csrfOf(reply), notice: { kind: 'error', text: `Not saved: ${error.message}` } }));
    }
    return reply.redirect(`/ui/incidents/${encodeURIComponent(id)}?saved=1`, 303);
  };

  app.post<{ Params: { id: string } }>('/ui/incidents/:id', async (request, reply) => {
    const { id } = request.params;
    return edit(reply, id, async () => {
      const form = badArgument(editSchema.safeParse(request.body ?? {}));
      const patch: IncidentEdit = {};
      if (form.rootCause !== undefined) patch.rootCause = form.rootCause.trim() === '' ? null : form.rootCause;
      if (form.category !== undefined) patch.category = form.category;
      for (const field of INCIDENT_TIME_FIELDS) if (form[field] !== undefined) patch[field] = form[field];
      await view.update(id, patch, principalOf(request).actor);
    });
  });

  app.post<{ Params: { id: string } }>('/ui/incidents/:id/remediations', async (request, reply) => {
    const { id } = request.params;
    return edit(reply, id, async () => {
      const form = badArgument(newRemediationSchema.safeParse(request.body ?? {}));
      await view.addRemediation(id, { title: form.title, owner: form.owner ?? null, due: form.due ?? null }, principalOf(request).actor);
    });
  });

  app.post<{ Params: { id: string; remediation: string } }>('/ui/incidents/:id/remediations/:remediation', async (request, reply) => {
    const { id } = request.params;
    const remediationId = Number(request.params.remediation);
    if (!Number.isSafeInteger(remediationId) || remediationId <= 0) throw new FirebreakError('FB_ERR_NOT_FOUND', `remediation ${request.params.remediation} not found`);
    return edit(reply, id, async () => {
      const form = badArgument(remediationSchema.safeParse(request.body ?? {}));
      await view.updateRemediation(
        id,
        remediationId,
        {
          ...(form.owner !== undefined ? { owner: form.owner } : {}),
          ...(form.due !== undefined ? { due: form.due } : {}),
          ...(form.status !== undefined ? { status: form.status } : {}),
          // An unchecked box is absent from the form: the form always says whether it is verified.
          verified: form.verified === 'true',
        },
        principalOf(request).actor,
      );
    });
  });

  app.get<{ Querystring: { tz?: string } }>('/ui/indicators', async (request, reply) => {
    const reportClock = parseReportClock({ ...(request.query.tz ? { tz: request.query.tz } : {}) }, () => clock.now());
    const report = await buildWeeklyReport(db, reportClock);
    return send(reply, 200, { title: 'Indicators', section: 'indicators' }, indicatorsPage(report));
  });
}

function badArgument<T>(result: z.ZodSafeParseResult<T>): T {
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || 'form';
  throw new FirebreakError('FB_ERR_BAD_ARGUMENT', `${field}: ${issue?.message ?? 'invalid value'}`, { field });
}
