import { alertDecision, type AlertDecision } from '../../domain/alert-decision.js';
import type { Db } from '../db.js';
import { sql } from '../sql-file.js';

/** Who an alert episode is and what triage made of it, as the worker logs it after a job. */
export interface AlertDecisionRecord {
  id: number;
  source: string;
  rule: string;
  service: string | null;
  decision: AlertDecision;
}

interface Row {
  id: number;
  source: string;
  rule: string;
  service: string | null;
  incident_id: string | null;
  suppressed: string | null;
  held_until: string | null;
}

/** The decisions of some alert episodes, by id, in one query (ids not stored are absent). */
export async function readAlertDecisions(db: Db, ids: readonly number[]): Promise<Map<number, AlertDecisionRecord>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<Row>(sql('alerts/decisions'), [[...new Set(ids)]]);
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        source: row.source,
        rule: row.rule,
        service: row.service,
        decision: alertDecision({ incidentId: row.incident_id, suppressed: row.suppressed, heldUntil: row.held_until }),
      },
    ]),
  );
}
