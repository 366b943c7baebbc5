import { createHash } from 'node:crypto';
import { z } from 'zod';
import { deriveRule } from '../../domain/alert-rule.js';
import { VERDICTS, type VerdictValue } from '../../domain/verdict.js';
import { FirebreakError } from '../../errors/catalogue.js';
import type { Db } from '../db.js';
import { sql } from '../sql-file.js';
import type { VerdictRecord } from './incident-records.js';

/** A verdict about to be stored; `dedupeKey` decides whether it is new or an update of an earlier one. */
export interface VerdictInput {
  dedupeKey: string;
  rule: string;
  source: string | null;
  alertId: number | null;
  labels: Record<string, string>;
  title: string | null;
  verdict: VerdictValue;
  by: string | null;
  at: string;
}

/** What a human judged: an alert (by its id) or a rule (by its key). */
export type VerdictTarget = { alertId: number } | { rule: string };

/**
 * The dedupe key of an imported verdict line: stable across re-imports of the same line, and the same when only
 * the verdict changed (so a corrected line updates rather than adds).
 */
export function importedVerdictKey(line: { at: string; source: string | null; labels: Record<string, string>; title: string | null; by: string | null }): string {
  const labels = Object.fromEntries(Object.entries(line.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const rule = deriveRule(line.labels, line.title ?? '');
  const digest = createHash('sha256').update(JSON.stringify([line.at, line.source, rule, labels, line.by])).digest('hex');
  return `import:${digest.slice(0, 40)}`;
}

/** Stores verdicts in one statement; returns how many were new and how many changed an earlier one. */
export async function upsertVerdicts(db: Db, verdicts: VerdictInput[]): Promise<{ inserted: number; updated: number }> {
  if (verdicts.length === 0) return { inserted: 0, updated: 0 };
  const rows = await db.query<{ inserted: boolean }>(sql('incident-log/upsert-verdicts'), [
    JSON.stringify(verdicts.map((v) => ({ dedupe_key: v.dedupeKey, rule: v.rule, source: v.source, alert_id: v.alertId, labels: v.labels, title: v.title, verdict: v.verdict, by: v.by, at: v.at }))),
  ]);
  const inserted = rows.filter((row) => row.inserted).length;
  return { inserted, updated: rows.length - inserted };
}

/**
 * Records a human's verdict. On an alert: kept on that alert's rule with its id, one verdict per alert (a
 * second judgement replaces the first). On a rule: each call adds one. Timeline entry on the alert's incident.
 * Unknown alert: FB_ERR_NOT_FOUND; bad verdict or empty rule: FB_ERR_BAD_ARGUMENT.
 */
export async function recordVerdict(db: Db, target: VerdictTarget, verdict: VerdictValue, by: string | null, now: Date): Promise<VerdictRecord> {
  if (!z.enum(VERDICTS).safeParse(verdict).success) {
    throw new FirebreakError('FB_ERR_BAD_ARGUMENT', `verdict: expected false_positive or true_positive, got ${JSON.stringify(verdict)}`, { field: 'verdict' });
  }
  const at = now.toISOString();
  return db.transaction(async (tx) => {
    let input: VerdictInput;
    let incidentId: string | null = null;
    if ('alertId' in target) {
      const [alert] = await tx.query<{ id: number; source: string; rule: string; labels: Record<string, string>; title: string; incident_id: string | null }>(
        sql('incident-log/get-alert-for-verdict'),
        [target.alertId],
      );
      if (alert === undefined) throw new FirebreakError('FB_ERR_NOT_FOUND', `alert ${target.alertId} not found`, { alert: target.alertId });
      incidentId = alert.incident_id;
      input = { dedupeKey: `alert:${alert.id}`, rule: alert.rule, source: alert.source, alertId: alert.id, labels: alert.labels, title: alert.title, verdict, by, at };
    } else {
      const rule = target.rule.trim();
      if (rule === '') throw new FirebreakError('FB_ERR_BAD_ARGUMENT', 'rule: must not be empty', { field: 'rule' });
      input = { dedupeKey: `rule:${rule}:${by ?? ''}:${at}`, rule, source: null, alertId: null, labels: {}, title: null, verdict, by, at };
    }
    const result = await upsertVerdicts(tx, [input]);
    const [row] = await tx.query<{ id: number; verdict: VerdictValue; by: string | null; at: string }>(sql('incident-log/get-verdict-by-key'), [input.dedupeKey]);
    if (incidentId !== null && result.inserted + result.updated > 0) {
      await tx.query(sql('incident-log/insert-timeline-entries'), [
        JSON.stringify([{ incident_id: incidentId, at, actor: by ?? 'unknown', kind: 'verdict', summary: `alert ${input.alertId} (${input.rule}) marked ${verdict.replace('_', ' ')}`, detail: { alertId: input.alertId, rule: input.rule, verdict } }]),
      ]);
    }
    return { id: row?.id ?? 0, rule: input.rule, alertId: input.alertId, verdict: row?.verdict ?? verdict, by: row?.by ?? by, at: row?.at ?? at, changed: result.inserted + result.updated > 0 };
  });
}
