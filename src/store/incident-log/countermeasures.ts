import { z } from 'zod';
import { FirebreakError } from '../../errors/catalogue.js';
import { readDate } from '../../import/read-date.js';
import type { Db } from '../db.js';
import { sql } from '../sql-file.js';
import type { Countermeasure } from './incident-records.js';
import { camelRow } from './row-mapping.js';
import { TIMELINE_KINDS, timelineParam } from './timeline-entry.js';
import { badArgument } from './bad-argument.js';

export const newCountermeasureSchema = z.strictObject({
  action: z.string().trim().min(1, 'must not be empty').max(5_000),
  /** When it was taken; default: now. */
  at: z.union([z.string(), z.date()]).optional(),
  worked: z.boolean().nullable().default(null),
  actionRunId: z.string().min(1).nullable().default(null),
});
export type NewCountermeasure = z.input<typeof newCountermeasureSchema>;

/**
 * Records a countermeasure taken on an incident (what was done, when, whether it worked) with a timeline entry,
 * in one transaction. Unknown incident: FB_ERR_NOT_FOUND; bad value: FB_ERR_BAD_ARGUMENT naming the field.
 */
export async function addCountermeasure(db: Db, incidentId: string, input: NewCountermeasure, actor: string, now: Date): Promise<Countermeasure> {
  const parsed = newCountermeasureSchema.safeParse(input);
  if (!parsed.success) throw badArgument(parsed.error, 'countermeasure');
  const value = parsed.data;
  const at = value.at === undefined ? now.toISOString() : readDate(value.at);
  if (at === null) throw new FirebreakError('FB_ERR_BAD_ARGUMENT', `at: cannot read date ${JSON.stringify(String(value.at))}`, { field: 'at' });
  return db.transaction(async (tx) => {
    const [touched] = await tx.query(sql('incident-log/touch-incident'), [incidentId, now.toISOString()]);
    if (touched === undefined) throw new FirebreakError('FB_ERR_NOT_FOUND', `incident ${incidentId} not found`, { incident: incidentId });
    const [row] = await tx.query(sql('incident-log/insert-countermeasure'), [incidentId, at, value.action, value.worked, actor, value.actionRunId]);
    const countermeasure = camelRow<Countermeasure>(row ?? {});
    await tx.query(sql('incident-log/insert-timeline-entries'), [
      timelineParam([{
        incidentId,
        at: now.toISOString(),
        actor,
        kind: TIMELINE_KINDS.countermeasure,
        summary: `countermeasure: ${value.action}${describeWorked(value.worked)}`,
        detail: { countermeasureId: countermeasure.id, at, worked: value.worked },
      }]),
    ]);
    return countermeasure;
  });
}

/** Records whether a countermeasure worked (known later than when it was taken), with a timeline entry. */
export async function setCountermeasureWorked(db: Db, countermeasureId: number, worked: boolean, actor: string, now: Date): Promise<Countermeasure> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query(sql('incident-log/set-countermeasure-worked'), [countermeasureId, worked]);
    if (row === undefined) throw new FirebreakError('FB_ERR_NOT_FOUND', `countermeasure ${countermeasureId} not found`, { countermeasure: countermeasureId });
    const incidentId = String(row.incident_id);
    await tx.query(sql('incident-log/touch-incident'), [incidentId, now.toISOString()]);
    await tx.query(sql('incident-log/insert-timeline-entries'), [
      timelineParam([{ incidentId, at: now.toISOString(), actor, kind: TIMELINE_KINDS.countermeasure, summary: `countermeasure ${countermeasureId}${describeWorked(worked)}: ${String(row.action)}`, detail: { countermeasureId, worked } }]),
    ]);
    const { incidentId: _incident, ...countermeasure } = camelRow<Countermeasure & { incidentId: string }>(row);
    return countermeasure;
  });
}

function describeWorked(worked: boolean | null): string {
  return worked === null ? '' : worked ? ' (worked)' : ' (did not work)';
}
