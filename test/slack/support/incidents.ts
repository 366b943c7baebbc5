import type { Db } from '../../../src/store/db.js';

/** Inserts an incident as the triage would leave it (tests insert directly; the pipeline is another issue's). */
export async function insertIncident(
  db: Db,
  fields: { id: string; title?: string; service?: string; severity?: string; status?: string; lead?: string | null; evidence?: unknown; playbooks?: unknown; similar?: unknown; playbookId?: string | null; symptom?: string | null; rootCause?: string | null; at?: string },
): Promise<void> {
  const at = fields.at ?? '2026-03-02T10:00:00.000Z';
  await db.query(
    `INSERT INTO incidents (id, origin, title, service, environment, severity, status, lead, symptom, root_cause, impact_started_at, detected_at, playbook_id, playbooks, similar_incidents, evidence, created_at)
     VALUES ($1, 'triage', $2, $3, 'production', $4, $5, $6, $7, $8, $9, $9, $10, $11, $12, $13, $9)`,
    [
      fields.id,
      fields.title ?? 'Checkout error rate above 5%',
      fields.service ?? 'checkout',
      fields.severity ?? 'major',
      fields.status ?? 'open',
      fields.lead ?? null,
      fields.symptom ?? 'HTTP 500 on POST /checkout',
      fields.rootCause ?? null,
      at,
      fields.playbookId ?? null,
      JSON.stringify(fields.playbooks ?? []),
      JSON.stringify(fields.similar ?? []),
      JSON.stringify(fields.evidence ?? {}),
    ],
  );
}

/** Inserts one alert linked to an incident. */
export async function insertAlert(
  db: Db,
  fields: { incidentId: string; fingerprint: string; rule?: string; title?: string; status?: 'firing' | 'resolved'; labels?: Record<string, string>; at?: string },
): Promise<number> {
  const at = fields.at ?? '2026-03-02T10:00:00.000Z';
  const rows = await db.query<{ id: number }>(
    `INSERT INTO alerts (source, fingerprint, rule, status, title, service, environment, labels, starts_at, first_received_at, last_received_at, incident_id)
     VALUES ('alertmanager', $1, $2, $3, $4, 'checkout', 'production', $5, $6, $6, $6, $7) RETURNING id`,
    [fields.fingerprint, fields.rule ?? 'CheckoutErrors', fields.status ?? 'firing', fields.title ?? 'Checkout errors', JSON.stringify(fields.labels ?? { alertname: fields.rule ?? 'CheckoutErrors', service: 'checkout' }), at, fields.incidentId],
  );
  return rows[0]!.id;
}
