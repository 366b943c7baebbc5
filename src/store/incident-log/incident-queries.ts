import { z } from 'zod';
import { INCIDENT_ORIGINS, INCIDENT_STATUSES, SEVERITIES } from '../../domain/incident.js';
import { FirebreakError } from '../../errors/catalogue.js';
import { readDate } from '../../import/read-date.js';
import type { Db } from '../db.js';
import { sql } from '../sql-file.js';
import type {
  ActionRunSummary,
  Countermeasure,
  IncidentPage,
  IncidentRecord,
  IncidentSummary,
  LinkedAlert,
  Remediation,
  SimilarIncident,
  TimelineEntry,
} from './incident-records.js';
import { camelRow, camelRows } from './row-mapping.js';

const day = z.union([z.string(), z.date()]).transform((value, ctx) => {
  const iso = readDate(value);
  if (iso === null) {
    ctx.addIssue({ code: 'custom', message: `cannot read date ${JSON.stringify(String(value))}` });
    return z.NEVER;
  }
  return iso;
});

/**
 * Which incidents `listIncidents` returns. `open: true` means not yet resolved (status open or mitigated);
 * `since` / `until` compare with when the incident started (impact start, else detection, else creation).
 */
export const incidentFilterSchema = z.strictObject({
  open: z.boolean().optional(),
  status: z.array(z.enum(INCIDENT_STATUSES)).optional(),
  since: day.optional(),
  until: day.optional(),
  service: z.string().min(1).optional(),
  severity: z.array(z.enum(SEVERITIES)).optional(),
  origin: z.enum(INCIDENT_ORIGINS).optional(),
  limit: z.number().int().positive().optional(),
});
export type IncidentFilter = z.input<typeof incidentFilterSchema>;

/** The incident log, newest first. Throws FB_ERR_BAD_ARGUMENT naming the bad filter field. */
export async function listIncidents(db: Db, input: IncidentFilter = {}): Promise<IncidentSummary[]> {
  const parsed = incidentFilterSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'filter';
    throw new FirebreakError('FB_ERR_BAD_ARGUMENT', `${field}: ${issue?.message ?? 'invalid filter'}`, { field });
  }
  const filter = parsed.data;
  let statuses: string[] | null = filter.status ?? null;
  if (filter.open === true) statuses = (statuses ?? ['open', 'mitigated']).filter((s) => s === 'open' || s === 'mitigated');
  const rows = await db.query(sql('incident-log/list-incidents'), [
    statuses,
    filter.since ?? null,
    filter.service ?? null,
    filter.severity ?? null,
    filter.origin ?? null,
    filter.limit ?? null,
    filter.until ?? null,
  ]);
  return camelRows<IncidentSummary>(rows);
}

/** One incident, or null. */
export async function getIncident(db: Db, id: string): Promise<IncidentRecord | null> {
  const [row] = await db.query(sql('incident-log/get-incident'), [id]);
  if (row === undefined) return null;
  const { similarIncidents: _similar, ...incident } = camelRow<IncidentRecord & { similarIncidents: unknown }>(row);
  return incident;
}

/**
 * The full page of an incident: the record, its timeline, linked alerts, countermeasures, remediations, action
 * runs and similar past incidents (those triage chose, else up to five found by wording).
 * Throws FB_ERR_NOT_FOUND for an unknown id.
 */
export async function getIncidentPage(db: Db, id: string): Promise<IncidentPage> {
  const incident = await getIncident(db, id);
  if (incident === null) throw new FirebreakError('FB_ERR_NOT_FOUND', `incident ${id} not found`, { incident: id });
  const [timeline, alerts, countermeasures, remediations, actionRuns, similar] = await Promise.all([
    db.query(sql('incident-log/list-timeline'), [id]),
    db.query(sql('incident-log/list-linked-alerts'), [id]),
    db.query(sql('incident-log/list-countermeasures'), [id]),
    db.query(sql('incident-log/list-remediations'), [id]),
    db.query(sql('incident-log/list-action-runs'), [id]),
    findSimilar(db, id),
  ]);
  return {
    incident,
    timeline: camelRows<TimelineEntry>(timeline),
    alerts: camelRows<LinkedAlert>(alerts),
    countermeasures: camelRows<Countermeasure>(countermeasures),
    remediations: camelRows<Remediation>(remediations),
    actionRuns: camelRows<ActionRunSummary>(actionRuns),
    similar,
  };
}

async function findSimilar(db: Db, id: string): Promise<SimilarIncident[]> {
  const stored = await db.query(sql('incident-log/list-stored-similar'), [id]);
  if (stored.length > 0) return camelRows<SimilarIncident>(stored).map((row) => ({ ...row, foundBy: 'triage' as const }));
  const byText = await db.query(sql('incident-log/list-similar-by-text'), [id, 5]);
  return camelRows<SimilarIncident>(byText).map((row) => ({ ...row, why: null, foundBy: 'text' as const }));
}

/** Remediations still to do (open or in progress), soonest due first; `dueBy` (a day) narrows to the late ones. */
export async function listOpenRemediations(db: Db, dueBy: string | null = null): Promise<Remediation[]> {
  return camelRows<Remediation>(await db.query(sql('incident-log/list-open-remediations'), [dueBy]));
}
