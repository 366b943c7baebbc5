import { z } from 'zod';
import { FirebreakError } from '../../errors/catalogue.js';
import { readDay } from '../../import/read-date.js';
import type { Db } from '../db.js';
import { sql } from '../sql-file.js';
import { badArgument } from './bad-argument.js';
import { REMEDIATION_STATUSES, type Remediation } from './incident-records.js';
import { camelRow } from './row-mapping.js';
import { TIMELINE_KINDS, describeValue, timelineParam } from './timeline-entry.js';

const due = z.union([z.string(), z.date()]).nullable().transform((value, ctx) => {
  if (value === null) return null;
  const day = readDay(value);
  if (day === null) {
    ctx.addIssue({ code: 'custom', message: `cannot read date ${JSON.stringify(String(value))}` });
    return z.NEVER;
  }
  return day;
});

export const newRemediationSchema = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty').max(5_000),
  owner: z.string().trim().min(1).nullable().default(null),
  due: due.default(null),
});
export type NewRemediation = z.input<typeof newRemediationSchema>;

/** What may change on a remediation: `status: 'done'` marks it done (who, when); `verified: true` records the check. */
export const remediationPatchSchema = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty').optional(),
  owner: z.string().trim().min(1).nullable().optional(),
  due: due.optional(),
  status: z.enum(REMEDIATION_STATUSES).optional(),
  verified: z.boolean().optional(),
});
export type RemediationPatch = z.input<typeof remediationPatchSchema>;

/** Schedules a remediation (title, owner, due day) on an incident, with a timeline entry. */
export async function addRemediation(db: Db, incidentId: string, input: NewRemediation, actor: string, now: Date): Promise<Remediation> {
  const parsed = newRemediationSchema.safeParse(input);
  if (!parsed.success) throw badArgument(parsed.error, 'remediation');
  const value = parsed.data;
  return db.transaction(async (tx) => {
    const [touched] = await tx.query(sql('incident-log/touch-incident'), [incidentId, now.toISOString()]);
    if (touched === undefined) throw new FirebreakError('FB_ERR_NOT_FOUND', `incident ${incidentId} not found`, { incident: incidentId });
    const [row] = await tx.query(sql('incident-log/insert-remediation'), [incidentId, value.title, value.owner, value.due, now.toISOString()]);
    const remediation = camelRow<Remediation>(row ?? {});
    const owner = value.owner === null ? '' : `, owner ${value.owner}`;
    const dueText = value.due === null ? '' : `, due ${value.due}`;
    await tx.query(sql('incident-log/insert-timeline-entries'), [
      timelineParam([{ incidentId, at: now.toISOString(), actor, kind: TIMELINE_KINDS.remediation, summary: `remediation scheduled: ${value.title}${owner}${dueText}`, detail: { remediationId: remediation.id } }]),
    ]);
    return remediation;
  });
}

/**
 * Changes a remediation in one transaction (row locked): each changed field becomes a timeline entry on its
 * incident. Done records who and when; verified records who verified and when, and implies done.
 * Unknown id: FB_ERR_NOT_FOUND; bad value: FB_ERR_BAD_ARGUMENT; nothing written on error.
 */
export async function updateRemediation(db: Db, remediationId: number, input: RemediationPatch, actor: string, now: Date): Promise<Remediation> {
  const parsed = remediationPatchSchema.safeParse(input);
  if (!parsed.success) throw badArgument(parsed.error, 'remediation');
  const patch = parsed.data;
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    const [current] = await tx.query(sql('incident-log/lock-remediation'), [remediationId]);
    if (current === undefined) throw new FirebreakError('FB_ERR_NOT_FOUND', `remediation ${remediationId} not found`, { remediation: remediationId });
    const columns: Record<string, unknown> = {};
    const summaries: string[] = [];
    for (const field of ['title', 'owner', 'due', 'status', 'verified'] as const) {
      const value = patch[field];
      if (value === undefined || value === current[field]) continue;
      columns[field] = value;
      summaries.push(`${field}: ${describeValue(current[field])} -> ${describeValue(value)}`);
    }
    if (columns.verified === true && current.status !== 'done' && patch.status === undefined) {
      columns.status = 'done';
      summaries.push(`status: ${describeValue(current.status)} -> done`);
    }
    if (columns.status === 'done') Object.assign(columns, { done_at: at, done_by: actor });
    if (columns.verified === true) Object.assign(columns, { verified_by: actor, verified_at: at });
    if (columns.verified === false) Object.assign(columns, { verified_by: null, verified_at: null });
    if (summaries.length === 0) return camelRow<Remediation>(current);
    const [row] = await tx.query(sql('incident-log/patch-remediation'), [remediationId, JSON.stringify(columns)]);
    const incidentId = String(current.incident_id);
    await tx.query(sql('incident-log/touch-incident'), [incidentId, at]);
    await tx.query(sql('incident-log/insert-timeline-entries'), [
      timelineParam(summaries.map((summary) => ({ incidentId, at, actor, kind: TIMELINE_KINDS.remediation, summary: `remediation ${remediationId} ${summary}`, detail: { remediationId } }))),
    ]);
    return camelRow<Remediation>(row ?? current);
  });
}
