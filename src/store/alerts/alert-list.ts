import { z } from 'zod';
import { ALERT_SOURCES } from '../../domain/alert.js';
import { alertDecision, type AlertDecision } from '../../domain/alert-decision.js';
import type { Db } from '../db.js';
import { badArgument } from '../incident-log/bad-argument.js';
import { camelRow } from '../incident-log/row-mapping.js';
import { sql } from '../sql-file.js';

/**
 * Which alert episodes `listAlerts` returns; every field given must hold. `suppressed: true` is any suppression
 * in force, a string only that reason; `held` is an alert held for a later decision; `delivery` is the key a
 * webhook's `202` answer gave (the alerts that delivery carried).
 */
export const alertFilterSchema = z.strictObject({
  since: z.date().optional(),
  source: z.enum(ALERT_SOURCES).optional(),
  service: z.string().min(1).optional(),
  incident: z.string().min(1).optional(),
  suppressed: z.union([z.literal(true), z.string().min(1)]).optional(),
  held: z.boolean().optional(),
  delivery: z.string().min(1).optional(),
  limit: z.number().int().positive().default(50),
});
export type AlertFilter = z.input<typeof alertFilterSchema>;

/** One alert episode as the alert log lists it. Times are ISO-8601. */
export interface AlertListing {
  id: number;
  firstReceivedAt: string;
  source: string;
  rule: string;
  service: string | null;
  environment: string | null;
  status: 'firing' | 'resolved';
  title: string;
  incidentId: string | null;
  suppressed: string | null;
  heldUntil: string | null;
  decidedAt: string | null;
  decision: AlertDecision;
  /** The last entry of the decision trace (`firebreak explain` shows them all); null before the first. */
  lastStep: string | null;
  lastDecision: string | null;
  lastReason: string | null;
}

/** The alert log, newest first (at most `limit`, 50 unless told). Throws FB_ERR_BAD_ARGUMENT naming the field. */
export async function listAlerts(db: Db, input: AlertFilter = {}): Promise<AlertListing[]> {
  const parsed = alertFilterSchema.safeParse(input);
  if (!parsed.success) throw badArgument(parsed.error, 'filter');
  const filter = parsed.data;
  const rows = await db.query(sql('alerts/list'), [
    filter.since?.toISOString() ?? null,
    filter.source ?? null,
    filter.service ?? null,
    filter.incident ?? null,
    filter.suppressed !== undefined,
    typeof filter.suppressed === 'string' ? filter.suppressed : null,
    filter.held === true,
    filter.delivery ?? null,
    filter.limit,
  ]);
  return rows.map((row) => {
    const listing = camelRow<Omit<AlertListing, 'decision'>>(row);
    return { ...listing, decision: alertDecision(listing) };
  });
}
