import type { Db } from '../../src/store/db.js';

/** The time the seeded store is seen from: a Wednesday, so the weekly report has 8 whole weeks behind it. */
export const SEED_NOW = new Date('2024-06-12T12:00:00Z');

/** Alert text is hostile input: these must reach the page as text, never as markup. */
export const HOSTILE_TITLE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2"> 502 on /pay';

export const CHECKOUT = {
  id: 'INC-0001',
  title: 'Checkout answers 502 after the 2.3.1 deploy',
  rootCause: 'Connection pool size halved by the 2.3.1 configuration change',
};

/**
 * A store an on-call team would recognise: one fully documented incident (INC-0001: times kept apart, alerts,
 * a deploy just before, log lines, a countermeasure, an action run, a remediation, a similar past incident),
 * its predecessor INC-0002, and `bulk` generated incidents over the eight weeks before SEED_NOW, with change
 * events and verdicts for the indicators.
 */
export async function seedIncidentLog(db: Db, bulk: number): Promise<void> {
  await db.query(
    `INSERT INTO incidents (id, origin, title, service, environment, status, severity, lead, symptom, impact, root_cause, category,
       impact_started_at, detected_at, acknowledged_at, mitigated_at, resolved_at, playbook_id, similar_incidents, evidence, created_at)
     VALUES ($1, 'triage', $2, 'checkout', 'production', 'resolved', 'critical', 'ana', $3, $4, $5, 'deployment',
       '2024-06-10T08:30:00Z', '2024-06-10T11:23:00Z', '2024-06-10T11:30:00Z', '2024-06-10T11:50:00Z', '2024-06-10T12:40:00Z',
       'bad-deploy', $6::jsonb, $7::jsonb, '2024-06-10T11:23:00Z')`,
    [
      CHECKOUT.id,
      CHECKOUT.title,
      'Payment page shows "Bad gateway" for one request in three',
      'Customers could not pay between 08:30 and 11:50; about 1,200 failed checkouts',
      CHECKOUT.rootCause,
      JSON.stringify([{ id: 'INC-0002', score: 0.82, why: 'same service, same playbook' }]),
      JSON.stringify({
        checklist: ['Has anything changed since the incident started? deploys, config, provider', 'Grafana "Postgres" dashboard: connections, slow queries'],
        logs: [
          { at: '2024-06-10T08:31:02Z', source: 'loki', line: 'FATAL: remaining connection slots are reserved' },
          { at: '2024-06-10T08:31:05Z', source: 'loki', line: 'upstream timed out <b>not bold</b> while reading response header' },
        ],
      }),
    ],
  );
  await db.query(
    `INSERT INTO incidents (id, origin, title, service, status, severity, lead, symptom, root_cause, category, impact_started_at, detected_at,
       resolved_at, playbook_id, created_at)
     VALUES ('INC-0002', 'imported', 'Checkout slow after pool change', 'checkout', 'resolved', 'major', 'bob',
       'Payment takes 20 s', 'Pool too small for the new worker count', 'configuration',
       '2024-05-20T14:00:00Z', '2024-05-20T14:10:00Z', '2024-05-20T15:00:00Z', 'bad-deploy', '2024-05-20T14:10:00Z')`,
  );
  await db.query(
    `INSERT INTO alerts (source, fingerprint, rule, status, title, message, service, starts_at, first_received_at, last_received_at, incident_id)
     VALUES ('grafana', 'fp-502', 'CheckoutHigh5xx', 'resolved', $1, 'rate > 5%', 'checkout', '2024-06-10T11:20:00Z', '2024-06-10T11:21:00Z', '2024-06-10T12:40:00Z', $2),
            ('sentry', 'fp-pool', 'sentry:checkout:PoolTimeout', 'resolved', 'PoolTimeout: QueuePool limit reached', '', 'checkout', '2024-06-10T11:22:00Z', '2024-06-10T11:22:30Z', '2024-06-10T12:00:00Z', $2)`,
    [HOSTILE_TITLE, CHECKOUT.id],
  );
  await db.query(
    `INSERT INTO change_events (dedupe_key, service, kind, version, environment, at, author, description, received_at)
     VALUES ('seed-deploy-231', 'checkout', 'deploy', '2.3.1', 'production', '2024-06-10T08:25:00Z', 'ci', 'pool size from config', '2024-06-10T08:25:00Z'),
            ('seed-rollback-231', 'checkout', 'rollback', '2.3.0', 'production', '2024-06-10T11:45:00Z', 'ana', 'back to 2.3.0', '2024-06-10T11:45:00Z')`,
  );
  await db.query(
    `INSERT INTO countermeasures (incident_id, at, action, worked, by) VALUES ($1, '2024-06-10T11:45:00Z', 'Rolled checkout back to 2.3.0', true, 'ana')`,
    [CHECKOUT.id],
  );
  await db.query(
    `INSERT INTO remediations (incident_id, title, owner, due, status) VALUES ($1, 'Add a canary stage to the checkout pipeline', 'bob', '2024-06-01', 'open')`,
    [CHECKOUT.id],
  );
  await db.query(
    `INSERT INTO action_runs (id, incident_id, playbook_id, action_id, title, kind, risk, status, proposed_at, decided_by, decided_at, finished_at, result)
     VALUES ('RUN-0001', $1, 'bad-deploy', 'rollback', 'Roll checkout back to the previous version', 'noop', 'medium', 'succeeded',
       '2024-06-10T11:35:00Z', 'ana', '2024-06-10T11:44:00Z', '2024-06-10T11:45:00Z', 'ok')`,
    [CHECKOUT.id],
  );
  await db.query(
    `INSERT INTO timeline (incident_id, at, actor, kind, summary) VALUES ($1, '2024-06-10T11:23:00Z', 'firebreak', 'opened', 'opened: 2 alerts on checkout')`,
    [CHECKOUT.id],
  );
  if (bulk > 0) await seedBulk(db, bulk);
}

/** `count` incidents spread over the 8 weeks before SEED_NOW, services and severities in turn; change events; verdicts. */
async function seedBulk(db: Db, count: number): Promise<void> {
  await db.query(
    `INSERT INTO incidents (id, origin, title, service, status, severity, lead, symptom, root_cause, category, impact_started_at, detected_at, resolved_at, created_at)
     SELECT 'GEN-' || lpad(n::text, 5, '0'), 'imported',
            'Generated incident ' || n || ' on ' || (ARRAY['search', 'billing', 'auth', 'media'])[1 + n % 4],
            (ARRAY['search', 'billing', 'auth', 'media'])[1 + n % 4],
            (ARRAY['resolved', 'resolved', 'open', 'mitigated', 'false_positive'])[1 + n % 5],
            (ARRAY['minor', 'major', 'critical'])[1 + n % 3],
            (ARRAY['carla', 'dev', 'eli'])[1 + n % 3],
            'Symptom number ' || n,
            CASE WHEN n % 2 = 0 THEN 'Cache eviction storm ' || (n % 7) END,
            (ARRAY['traffic', 'infrastructure', 'application-bug', 'third-party'])[1 + n % 4],
            t, t + interval '12 minutes', CASE WHEN n % 5 IN (0, 1) THEN t + (n % 300) * interval '1 minute' END, t
     FROM generate_series(1, $1::int) AS n,
          LATERAL (SELECT '2024-04-15T00:00:00Z'::timestamptz + (n * 4919 % (55 * 24 * 60)) * interval '1 minute' AS t) AS s`,
    [count],
  );
  await db.query(
    `INSERT INTO change_events (dedupe_key, service, kind, version, at, received_at)
     SELECT 'seed-change-' || n, 'billing', (ARRAY['hotfix', 'rollback', 'deploy'])[1 + n % 3], 'v' || n, t, t
     FROM generate_series(1, 24) AS n, LATERAL (SELECT '2024-04-16T10:00:00Z'::timestamptz + n * interval '55 hours' AS t) AS s`,
  );
  await db.query(
    `INSERT INTO verdicts (dedupe_key, rule, verdict, by, at)
     SELECT 'seed-verdict-' || n, (ARRAY['DiskAlmostFull', 'CheckoutHigh5xx', 'CpuBusy <script>'])[1 + n % 3],
            CASE WHEN n % 3 = 0 AND n % 4 <> 0 THEN 'false_positive' WHEN n % 3 = 2 AND n % 2 = 0 THEN 'false_positive' ELSE 'true_positive' END,
            'ana', '2024-05-01T00:00:00Z'::timestamptz + n * interval '7 hours'
     FROM generate_series(1, 60) AS n`,
  );
  await db.query(
    `INSERT INTO alerts (source, fingerprint, rule, status, title, service, starts_at, first_received_at, last_received_at)
     SELECT 'alertmanager', 'seed-alert-' || n, 'Generated', 'resolved', 'Generated alert ' || n, 'search', t, t, t
     FROM generate_series(1, 400) AS n, LATERAL (SELECT '2024-04-15T00:00:00Z'::timestamptz + (n * 137 % (57 * 24)) * interval '1 hour' AS t) AS s`,
  );
}
