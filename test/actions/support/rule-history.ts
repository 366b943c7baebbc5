import type { Db } from '../../../src/store/db.js';

/**
 * A month of one team's alerts, as the triage would have left them in the store, to measure rule changes on. Times
 * are minutes before `NOW` (or the `now` given: a CLI test decides on the wall clock). What each alert is for is
 * said beside it; the figures the tests expect follow from it.
 */
export const NOW = new Date('2025-03-01T12:00:00.000Z');
const DAY = 24 * 60;

const at = (minutesAgo: number, plusS = 0, now = NOW) => new Date(now.getTime() - minutesAgo * 60_000 + plusS * 1000).toISOString();

export async function seedIncident(db: Db, fields: { id: string; status: string; openedMinutesAgo: number; notifiedAfterS: number | null; title?: string; now?: Date }): Promise<void> {
  const opened = at(fields.openedMinutesAgo, 0, fields.now);
  await db.query(
    `INSERT INTO incidents (id, origin, title, service, environment, severity, status, detected_at, notified_at, created_at)
     VALUES ($1, 'triage', $2, 'partners', 'production', 'minor', $3, $4, $5, $4)`,
    [fields.id, fields.title ?? `Incident ${fields.id}`, fields.status, opened, fields.notifiedAfterS === null ? null : at(fields.openedMinutesAgo, fields.notifiedAfterS, fields.now)],
  );
}

export async function seedAlert(
  db: Db,
  fields: { rule: string; source?: string; labels?: Record<string, string>; service?: string; firedMinutesAgo: number; plusS?: number; resolvedAfterS?: number | null; suppressed?: string | null; incidentId?: string | null; title?: string; now?: Date },
): Promise<number> {
  const fired = at(fields.firedMinutesAgo, fields.plusS ?? 0, fields.now);
  const resolvedAt = fields.resolvedAfterS === undefined || fields.resolvedAfterS === null ? null : new Date(Date.parse(fired) + fields.resolvedAfterS * 1000).toISOString();
  const service = fields.service ?? 'partners';
  const labels = fields.labels ?? { alertname: fields.rule, service };
  const rows = await db.query<{ id: number }>(
    `INSERT INTO alerts (source, fingerprint, rule, status, title, service, environment, labels, starts_at, first_received_at, last_received_at, resolved_at, suppressed, incident_id)
     VALUES ($1, $2, $3, $4, $5, $6, 'production', $7, $8, $8, $8, $9, $10, $11) RETURNING id`,
    [
      fields.source ?? 'alertmanager',
      `${fields.rule}-${service}-${fired}`,
      fields.rule,
      resolvedAt === null ? 'firing' : 'resolved',
      fields.title ?? fields.rule,
      service,
      JSON.stringify(labels),
      fired,
      resolvedAt,
      fields.suppressed ?? null,
      fields.incidentId ?? null,
    ],
  );
  return rows[0]!.id;
}

/**
 * The history of ProbeSlow (Alertmanager, service partners), and the false-positive incident INC-0009 it ends with
 * (still open: the test marks it false positive). In the last 30 days ProbeSlow fired 11 times:
 * - 4 times on partners and once on billing it resolved within 100 s while held (suppressed as transient);
 * - twice it opened an incident alone, notified after the 390 s hold, later closed as false positive; those alerts
 *   resolved by themselves after 2000 s and 2400 s;
 * - INC-0009: it fired 2 hours ago alone, was notified after 390 s, and is still firing;
 * - INC-0005, real: it fired alone, was notified after 390 s and resolved after 3 hours (the fix);
 * - INC-0006, real: it fired, an UpstreamErrorRate alert joined 60 s later, the incident was notified then;
 * - once inside a silence (suppressed as maintenance), never resolved.
 * A 40-day-old episode is outside the window.
 */
export async function seedProbeSlowMonth(db: Db, now: Date = NOW): Promise<void> {
  for (const [index, ago] of [20 * DAY, 18 * DAY, 15 * DAY, 12 * DAY].entries()) {
    await seedAlert(db, { rule: 'ProbeSlow', firedMinutesAgo: ago + index, resolvedAfterS: 40 + index * 20, suppressed: 'transient', now });
  }
  await seedAlert(db, { rule: 'ProbeSlow', service: 'billing', firedMinutesAgo: 11 * DAY, resolvedAfterS: 100, suppressed: 'transient', now });
  await seedIncident(db, { id: 'INC-0001', status: 'false_positive', openedMinutesAgo: 10 * DAY, notifiedAfterS: 390, now });
  await seedAlert(db, { rule: 'ProbeSlow', firedMinutesAgo: 10 * DAY, resolvedAfterS: 2000, incidentId: 'INC-0001', now });
  await seedIncident(db, { id: 'INC-0002', status: 'false_positive', openedMinutesAgo: 8 * DAY, notifiedAfterS: 390, now });
  await seedAlert(db, { rule: 'ProbeSlow', firedMinutesAgo: 8 * DAY, resolvedAfterS: 2400, incidentId: 'INC-0002', now });
  await seedIncident(db, { id: 'INC-0005', status: 'resolved', openedMinutesAgo: 6 * DAY, notifiedAfterS: 390, now });
  await seedAlert(db, { rule: 'ProbeSlow', firedMinutesAgo: 6 * DAY, resolvedAfterS: 3 * 3600, incidentId: 'INC-0005', now });
  await seedIncident(db, { id: 'INC-0006', status: 'resolved', openedMinutesAgo: 4 * DAY, notifiedAfterS: 60, now });
  await seedAlert(db, { rule: 'ProbeSlow', firedMinutesAgo: 4 * DAY, resolvedAfterS: 7200, incidentId: 'INC-0006', now });
  await seedAlert(db, { rule: 'UpstreamErrorRate', firedMinutesAgo: 4 * DAY, plusS: 60, resolvedAfterS: 7000, incidentId: 'INC-0006', now });
  await seedAlert(db, { rule: 'ProbeSlow', firedMinutesAgo: 3 * DAY, suppressed: 'maintenance', now });
  await seedAlert(db, { rule: 'ProbeSlow', firedMinutesAgo: 40 * DAY, resolvedAfterS: 30, suppressed: 'transient', now });
  await seedIncident(db, { id: 'INC-0009', status: 'open', openedMinutesAgo: 120, notifiedAfterS: 390, title: 'Probe of partner-api is slow', now });
  await seedAlert(db, { rule: 'ProbeSlow', firedMinutesAgo: 120, incidentId: 'INC-0009', now });
}
