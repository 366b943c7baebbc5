import type { Db } from '../../src/store/db.js';

/**
 * A small incident log around a report taken on Wednesday 2024-03-13 09:00 UTC (`SEED_AT`). The weekly
 * report's 8 weeks run from Monday 2024-01-15 to Monday 2024-03-11; the daily review's "since yesterday" is
 * 2024-03-12 09:00 to 2024-03-13 09:00. Every figure the report tests expect is worked out in their comments.
 */
export const SEED_AT = '2024-03-13T09:00:00.000Z';

interface IncidentSeed {
  id: string;
  origin?: string;
  title: string;
  service?: string;
  status?: string;
  severity?: string;
  category?: string;
  rootCause?: string;
  playbook?: string;
  impactStarted?: string;
  detected?: string;
  acknowledged?: string;
  notified?: string;
  escalated?: string;
  resolved?: string;
  lead?: string;
  drill?: boolean;
  hotfix?: boolean;
  rollback?: boolean;
  updated?: string;
}

export async function insertIncident(db: Db, seed: IncidentSeed): Promise<void> {
  await db.query(
    `INSERT INTO incidents (id, origin, title, service, status, severity, category, root_cause, playbook_id, impact_started_at,
       detected_at, acknowledged_at, notified_at, escalated_at, resolved_at, lead, drill, hotfix, rollback, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
    [
      seed.id,
      seed.origin ?? 'triage',
      seed.title,
      seed.service ?? null,
      seed.status ?? 'resolved',
      seed.severity ?? 'major',
      seed.category ?? null,
      seed.rootCause ?? null,
      seed.playbook ?? null,
      seed.impactStarted ?? null,
      seed.detected ?? null,
      seed.acknowledged ?? null,
      seed.notified ?? null,
      seed.escalated ?? null,
      seed.resolved ?? null,
      seed.lead ?? null,
      seed.drill ?? false,
      seed.hotfix ?? false,
      seed.rollback ?? false,
      // Imported incidents are recorded long after they happened: the reports must not use created_at for them.
      seed.origin === 'imported' ? '2024-03-12T08:00:00Z' : (seed.detected ?? seed.impactStarted ?? SEED_AT),
      seed.updated ?? seed.resolved ?? seed.detected ?? SEED_AT,
    ],
  );
}

export async function insertAlert(
  db: Db,
  seed: { fingerprint: string; rule: string; at: string; incident?: string; suppressed?: string; drill?: boolean },
): Promise<void> {
  await db.query(
    `INSERT INTO alerts (source, fingerprint, rule, status, title, labels, starts_at, first_received_at, last_received_at, incident_id, suppressed)
     VALUES ('alertmanager', $1, $2, 'resolved', $2, $3, $4, $4, $4, $5, $6)`,
    [seed.fingerprint, seed.rule, JSON.stringify(seed.drill ? { alertname: seed.rule, firebreak_drill: 'true' } : { alertname: seed.rule }), seed.at, seed.incident ?? null, seed.suppressed ?? null],
  );
}

export async function insertChange(db: Db, seed: { kind: string; service: string; at: string; version?: string; author?: string; description?: string }): Promise<void> {
  await db.query(
    `INSERT INTO change_events (dedupe_key, service, kind, version, environment, at, author, description, received_at)
     VALUES ($1, $2, $3, $4, 'production', $5, $6, $7, $5)`,
    [`${seed.kind}-${seed.service}-${seed.at}`, seed.service, seed.kind, seed.version ?? null, seed.at, seed.author ?? null, seed.description ?? null],
  );
}

export async function insertVerdict(db: Db, key: string, rule: string, verdict: 'false_positive' | 'true_positive', at: string, options: { by?: string; drill?: boolean } = {}): Promise<void> {
  await db.query(`INSERT INTO verdicts (dedupe_key, rule, verdict, labels, by, at) VALUES ($1, $2, $3, $4, $5, $6)`, [
    key,
    rule,
    verdict,
    JSON.stringify(options.drill ? { firebreak_drill: 'true' } : {}),
    options.by ?? null,
    at,
  ]);
}

export async function insertRemediation(db: Db, seed: { incident: string; title: string; owner?: string; due: string; status?: string }): Promise<void> {
  await db.query(`INSERT INTO remediations (incident_id, title, owner, due, status) VALUES ($1, $2, $3, $4, $5)`, [
    seed.incident,
    seed.title,
    seed.owner ?? null,
    seed.due,
    seed.status ?? 'open',
  ]);
}

/** The shared seed of the weekly and daily report tests. */
export async function seedIncidentLog(db: Db): Promise<void> {
  // Week of 2024-03-04: the pool exhausted three times on checkout (a recurrence), one fixed by a hotfix that no
  // change event recorded (so the flag counts), one drill (excluded) and one false positive (excluded).
  await insertIncident(db, { id: 'INC-0001', title: 'Checkout pool exhausted', service: 'checkout', category: 'infrastructure', playbook: 'db-pool-exhausted',
    impactStarted: '2024-03-05T10:00:00Z', detected: '2024-03-05T10:05:00Z', acknowledged: '2024-03-05T10:10:00Z', resolved: '2024-03-05T11:05:00Z' });
  await insertIncident(db, { id: 'INC-0002', title: 'Checkout pool exhausted again', service: 'checkout', category: 'infrastructure', playbook: 'db-pool-exhausted',
    impactStarted: '2024-03-06T14:00:00Z', detected: '2024-03-06T14:02:00Z', acknowledged: '2024-03-06T14:12:00Z', resolved: '2024-03-06T16:02:00Z' });
  await insertIncident(db, { id: 'INC-0003', title: 'Checkout down at night', service: 'checkout', category: 'infrastructure', playbook: 'db-pool-exhausted',
    impactStarted: '2024-03-07T02:00:00Z', detected: '2024-03-07T02:00:00Z', acknowledged: '2024-03-07T02:30:00Z', resolved: '2024-03-07T03:00:00Z', hotfix: true });
  await insertIncident(db, { id: 'INC-0008', title: 'Game day: checkout', service: 'checkout', detected: '2024-03-04T15:00:00Z', drill: true });
  await insertIncident(db, { id: 'INC-0006', title: 'Disk alarm on a test box', service: 'checkout', status: 'false_positive', detected: '2024-03-08T08:00:00Z',
    updated: '2024-03-08T09:00:00Z' });
  // Week of 2024-02-26: a bad deploy on search rolled back; the change event covers the incident's flag (one rollback).
  await insertIncident(db, { id: 'INC-0004', title: 'Search returns nothing', service: 'search', category: 'deployment', rollback: true,
    impactStarted: '2024-02-29T23:30:00Z', detected: '2024-02-29T23:35:00Z', acknowledged: '2024-02-29T23:45:00Z', resolved: '2024-03-01T01:30:00Z' });
  await insertChange(db, { kind: 'rollback', service: 'search', at: '2024-03-01T00:10:00Z', version: 'v41', author: 'gina' });
  // Week of 2024-02-19: the payment provider timed out (root cause known).
  await insertIncident(db, { id: 'INC-0012', title: 'Payments time out', service: 'payments', category: 'third-party', playbook: 'payment-timeouts',
    rootCause: 'Provider outage', detected: '2024-02-20T10:00:00Z', resolved: '2024-02-20T10:45:00Z' });
  // Week of 2024-02-12: a hotfix change event with no incident.
  await insertChange(db, { kind: 'hotfix', service: 'api', at: '2024-02-14T10:00:00Z', version: 'v7.1.1' });
  // Week of 2024-01-29: imported from the old log, detection and resolution only.
  await insertIncident(db, { id: 'OLD-17', origin: 'imported', title: 'API null pointer', service: 'api', category: 'application-bug', rootCause: 'Null pointer',
    detected: '2024-02-01T09:00:00Z', resolved: '2024-02-01T12:00:00Z' });
  // Before the 8 weeks: counts only in "when incidents happen".
  await insertIncident(db, { id: 'OLD-03', origin: 'imported', title: 'Cache stampede', service: 'api', category: 'traffic', detected: '2024-01-10T14:00:00Z',
    resolved: '2024-01-10T15:00:00Z' });
  // Since yesterday's review: a critical at night (paged, escalated), the payments provider again, and a drill.
  await insertIncident(db, { id: 'INC-0010', title: 'Payments failing', service: 'payments', severity: 'critical', status: 'mitigated', category: 'third-party',
    playbook: 'payment-timeouts', detected: '2024-03-13T03:20:00Z', notified: '2024-03-13T03:22:00Z', escalated: '2024-03-13T03:40:00Z',
    acknowledged: '2024-03-13T03:30:00Z', lead: 'dave' });
  await insertIncident(db, { id: 'INC-0007', origin: 'drill', title: '[DRILL] Pool exhausted', service: 'checkout', status: 'resolved', drill: true,
    detected: '2024-03-12T15:00:00Z', notified: '2024-03-12T15:01:00Z', acknowledged: '2024-03-12T15:04:00Z', resolved: '2024-03-12T15:20:00Z', lead: 'carol' });
  await insertIncident(db, { id: 'INC-0011', title: 'Disk almost full on batch', service: 'batch', status: 'false_positive', severity: 'minor',
    detected: '2024-03-12T17:00:00Z', notified: '2024-03-12T17:01:00Z', updated: '2024-03-12T18:00:00Z' });

  // Alerts in the week of 2024-03-04: 5 real ones (2 suppressed, 2 in INC-0001, 1 neither) and one drill alert.
  await insertAlert(db, { fingerprint: 'a1', rule: 'DBPoolExhausted', at: '2024-03-05T09:58:00Z', incident: 'INC-0001' });
  await insertAlert(db, { fingerprint: 'a2', rule: 'CheckoutErrors', at: '2024-03-05T10:01:00Z', incident: 'INC-0001' });
  await insertAlert(db, { fingerprint: 'a3', rule: 'DiskAlmostFull', at: '2024-03-05T12:00:00Z', suppressed: 'known-noisy' });
  await insertAlert(db, { fingerprint: 'a4', rule: 'DiskAlmostFull', at: '2024-03-06T12:00:00Z', suppressed: 'maintenance' });
  await insertAlert(db, { fingerprint: 'a5', rule: 'CpuHigh', at: '2024-03-07T12:00:00Z' });
  await insertAlert(db, { fingerprint: 'a6', rule: 'FirebreakDrill', at: '2024-03-04T14:59:00Z', incident: 'INC-0008', drill: true });
  // And one on INC-0011, the false positive of yesterday.
  await insertAlert(db, { fingerprint: 'a7', rule: 'DiskAlmostFull', at: '2024-03-12T16:59:00Z', incident: 'INC-0011' });

  // Verdicts. DiskAlmostFull: 4 false of 5 (one given since yesterday, by erin); HighErrorRate: 1 of 4;
  // CpuHigh: 0 of 2. Left out: a drill verdict, and one given after the report time.
  for (const [index, at] of ['2024-02-01', '2024-02-08', '2024-02-15'].entries()) {
    await insertVerdict(db, `disk-fp-${index}`, 'DiskAlmostFull', 'false_positive', `${at}T10:00:00Z`);
  }
  await insertVerdict(db, 'disk-fp-new', 'DiskAlmostFull', 'false_positive', '2024-03-12T18:00:00Z', { by: 'erin' });
  await insertVerdict(db, 'disk-tp', 'DiskAlmostFull', 'true_positive', '2024-02-02T10:00:00Z');
  await insertVerdict(db, 'err-fp', 'HighErrorRate', 'false_positive', '2024-02-03T10:00:00Z');
  for (const index of [1, 2, 3]) await insertVerdict(db, `err-tp-${index}`, 'HighErrorRate', 'true_positive', `2024-02-0${index + 3}T10:00:00Z`);
  for (const index of [1, 2]) await insertVerdict(db, `cpu-tp-${index}`, 'CpuHigh', 'true_positive', `2024-02-1${index}T10:00:00Z`);
  await insertVerdict(db, 'drill-fp', 'FirebreakDrill', 'false_positive', '2024-03-12T15:30:00Z', { drill: true });
  await insertVerdict(db, 'late-fp', 'CpuHigh', 'false_positive', '2024-03-13T10:00:00Z');

  // Remediations: one 3 days late, one due today, one not yet due, one done (late but closed), one on the drill.
  await insertRemediation(db, { incident: 'INC-0001', title: 'Raise the pool size', owner: 'alice', due: '2024-03-10' });
  await insertRemediation(db, { incident: 'INC-0002', title: 'Alert on pool saturation', owner: 'bob', due: '2024-03-13', status: 'in_progress' });
  await insertRemediation(db, { incident: 'INC-0003', title: 'Fix the retry storm', owner: 'alice', due: '2024-03-20' });
  await insertRemediation(db, { incident: 'INC-0004', title: 'Canary deploys for search', owner: 'gina', due: '2024-03-04', status: 'done' });
  await insertRemediation(db, { incident: 'INC-0007', title: 'Write the drill debrief', due: '2024-03-12' });

  // Today: a deploy done at 08:00 and one planned at 15:00; yesterday's config change is not today's.
  await insertChange(db, { kind: 'deploy', service: 'checkout', at: '2024-03-13T08:00:00Z', version: 'v42', author: 'hana' });
  await insertChange(db, { kind: 'deploy', service: 'payments', at: '2024-03-13T15:00:00Z', version: 'v9', author: 'ivan', description: 'retry budget' });
  await insertChange(db, { kind: 'config', service: 'payments', at: '2024-03-12T11:00:00Z' });
  // Silences: tonight's maintenance window, and one that ended yesterday.
  await db.query(`INSERT INTO silences (matchers, starts_at, ends_at, comment, created_by) VALUES ($1, $2, $3, $4, $5)`, [
    JSON.stringify({ service: '^checkout$' }), '2024-03-13T22:00:00Z', '2024-03-14T02:00:00Z', 'Database upgrade', 'frank']);
  await db.query(`INSERT INTO silences (matchers, starts_at, ends_at, comment, created_by) VALUES ($1, $2, $3, $4, $5)`, [
    JSON.stringify({ service: '^search$' }), '2024-03-11T22:00:00Z', '2024-03-12T02:00:00Z', 'Reindex', 'gina']);
}
