import { z } from 'zod';
import type { IncidentOrigin } from '../../domain/incident.js';
import { INCIDENT_ORIGINS, SEVERITIES } from '../../domain/incident.js';
import { FirebreakError } from '../../errors/catalogue.js';
import type { Db } from '../db.js';
import { sql } from '../sql-file.js';
import { PATCH_COLUMNS, STATUS_TIME, parseIncidentPatch, type IncidentPatch } from './incident-patch.js';
import { jsonParam } from './row-mapping.js';
import { TIMELINE_KINDS, describeValue, timelineParam, type NewTimelineEntry } from './timeline-entry.js';

/** One field an update changed, as the timeline records it. */
export interface FieldChange {
  field: keyof IncidentPatch;
  from: unknown;
  to: unknown;
}

/**
 * Applies a patch to an incident in one transaction: the row is locked, each field whose value really changes
 * is written and becomes a `field-changed` timeline entry (who, when, from, to). A status moving to mitigated
 * or resolved fills the matching time when it is empty and not given. Unknown id: FB_ERR_NOT_FOUND; bad value:
 * FB_ERR_BAD_ARGUMENT naming the field; on either nothing is written. Returns the changes (empty: a no-op).
 */
export async function updateIncident(db: Db, id: string, input: unknown, actor: string, now: Date): Promise<FieldChange[]> {
  const patch = parseIncidentPatch(input);
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    const [current] = await tx.query(sql('incident-log/lock-incident'), [id]);
    if (current === undefined) throw new FirebreakError('FB_ERR_NOT_FOUND', `incident ${id} not found`, { incident: id });
    const target: IncidentPatch = { ...patch };
    const timeField = patch.status === undefined ? undefined : STATUS_TIME[patch.status];
    if (timeField !== undefined && target[timeField] === undefined && current[PATCH_COLUMNS[timeField]] === null && patch.status !== current.status) {
      target[timeField] = at;
    }
    const changes: FieldChange[] = [];
    const columns: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(target) as Array<[keyof IncidentPatch, unknown]>) {
      if (value === undefined) continue;
      const column = PATCH_COLUMNS[field];
      const from = current[column] ?? null;
      if (sameValue(from, value)) continue;
      changes.push({ field, from, to: value });
      columns[column] = value;
    }
    if (changes.length === 0) return [];
    await tx.query(sql('incident-log/patch-incident'), [id, jsonParam(columns), at]);
    const entries: NewTimelineEntry[] = changes.map((change) => ({
      incidentId: id,
      at,
      actor,
      kind: TIMELINE_KINDS.fieldChanged,
      summary: `${change.field}: ${describeValue(change.from)} -> ${describeValue(change.to)}`,
      detail: { field: change.field, from: change.from, to: change.to },
    }));
    await tx.query(sql('incident-log/insert-timeline-entries'), [timelineParam(entries)]);
    return changes;
  });
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return JSON.stringify(a) === JSON.stringify(b);
  if (typeof a === 'string' && typeof b === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(a) && /^\d{4}-\d{2}-\d{2}T/.test(b)) {
    return Date.parse(a) === Date.parse(b);
  }
  return a === b;
}

export const newIncidentSchema = z.strictObject({
  origin: z.enum(INCIDENT_ORIGINS).default('declared'),
  title: z.string().trim().min(1, 'must not be empty'),
  service: z.string().trim().min(1).nullable().default(null),
  environment: z.string().trim().min(1).nullable().default(null),
  severity: z.enum(SEVERITIES).default('minor'),
  lead: z.string().trim().min(1).nullable().default(null),
  declaredBy: z.string().trim().min(1).nullable().default(null),
  symptom: z.string().trim().nullable().default(null),
  impactStartedAt: z.iso.datetime({ offset: true }).nullable().default(null),
  detectedAt: z.iso.datetime({ offset: true }).nullable().default(null),
  drill: z.boolean().default(false),
});
export type NewIncident = z.input<typeof newIncidentSchema>;

/**
 * Opens an incident with the next `INC-0001` id and an `opened` timeline entry. An id already taken (by an
 * imported incident of the same shape) is skipped, never overwritten.
 */
export async function createIncident(db: Db, input: NewIncident, actor: string, now: Date): Promise<string> {
  const parsed = newIncidentSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'incident';
    throw new FirebreakError('FB_ERR_BAD_ARGUMENT', `${field}: ${issue?.message ?? 'invalid incident'}`, { field });
  }
  const incident = parsed.data;
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    for (let attempt = 0; attempt < 10_000; attempt += 1) {
      const [row] = await tx.query<{ id: string }>(sql('incident-log/insert-incident'), [
        incident.origin satisfies IncidentOrigin,
        incident.title,
        incident.service,
        incident.environment,
        incident.severity,
        incident.lead,
        incident.declaredBy ?? actor,
        incident.symptom,
        incident.impactStartedAt,
        incident.detectedAt ?? at,
        incident.drill,
        at,
      ]);
      if (row === undefined) continue;
      await tx.query(sql('incident-log/insert-timeline-entries'), [
        timelineParam([{ incidentId: row.id, at, actor, kind: TIMELINE_KINDS.opened, summary: `opened: ${incident.title}`, detail: { origin: incident.origin, severity: incident.severity } }]),
      ]);
      return row.id;
    }
    throw new FirebreakError('FB_ERR_INTERNAL', 'no free incident number');
  });
}

/** Appends timeline entries (a note, a notification, an action) in one statement. Unknown incident: FB_ERR_NOT_FOUND. */
export async function addTimelineEntries(db: Db, entries: NewTimelineEntry[]): Promise<void> {
  if (entries.length === 0) return;
  try {
    await db.query(sql('incident-log/insert-timeline-entries'), [timelineParam(entries)]);
  } catch (error) {
    throw notFoundOnForeignKey(error, entries[0]?.incidentId ?? '');
  }
}

/** A foreign-key violation on incident_id means the incident does not exist. */
export function notFoundOnForeignKey(error: unknown, incidentId: string): unknown {
  if ((error as { code?: string }).code === '23503') {
    return new FirebreakError('FB_ERR_NOT_FOUND', `incident ${incidentId} not found`, { incident: incidentId }, { cause: error });
  }
  return error;
}
