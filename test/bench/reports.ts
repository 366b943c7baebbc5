// `npm run bench:reports`: how long the weekly and daily reports take over a large incident log (10,000
// incidents, 100,000 alerts, 20,000 verdicts, 5,000 change events) on PGlite and on PostgreSQL. Prints figures;
// asserts nothing (speed is shown, not tested).
import { buildDailyReport } from '../../src/reports/daily-report.js';
import { buildWeeklyReport } from '../../src/reports/weekly-report.js';
import type { Db } from '../../src/store/db.js';
import { createTestDatabase, STORE_KINDS } from '../support/databases.js';

async function seedLargeLog(db: Db): Promise<void> {
  await db.query(`INSERT INTO incidents (id, origin, title, service, status, severity, category, playbook_id, detected_at, acknowledged_at, resolved_at, hotfix, created_at)
    SELECT 'INC-' || g, 'triage', 'incident ' || g, 'svc-' || (g % 40), CASE WHEN g % 10 = 0 THEN 'false_positive' ELSE 'resolved' END, 'major',
           'infrastructure', 'pb-' || (g % 25), now() - (g || ' hours')::interval, now() - (g || ' hours')::interval + interval '5 minutes',
           now() - (g || ' hours')::interval + interval '2 hours', g % 50 = 0, now() - (g || ' hours')::interval
    FROM generate_series(1, 10000) g`);
  await db.query(`INSERT INTO alerts (source, fingerprint, rule, status, title, starts_at, first_received_at, last_received_at, incident_id)
    SELECT 'alertmanager', 'fp' || g, 'Rule' || (g % 200), 'resolved', 't', now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval,
           now(), CASE WHEN g % 3 = 0 THEN 'INC-' || (g % 10000 + 1) END
    FROM generate_series(1, 100000) g`);
  await db.query(`INSERT INTO verdicts (dedupe_key, rule, verdict, at)
    SELECT 'v' || g, 'Rule' || (g % 200), CASE WHEN g % 3 = 0 THEN 'false_positive' ELSE 'true_positive' END, now() - (g || ' minutes')::interval
    FROM generate_series(1, 20000) g`);
  await db.query(`INSERT INTO change_events (dedupe_key, service, kind, at, received_at)
    SELECT 'c' || g, 'svc-' || (g % 40), CASE WHEN g % 7 = 0 THEN 'hotfix' WHEN g % 11 = 0 THEN 'rollback' ELSE 'deploy' END, now() - (g || ' hours')::interval, now()
    FROM generate_series(1, 5000) g`);
  await db.query('ANALYZE');
}

const RUNS = 5;
for (const kind of STORE_KINDS) {
  const database = await createTestDatabase(kind);
  try {
    await seedLargeLog(database.db);
    const clock = { at: new Date().toISOString(), timeZone: 'Europe/Paris' };
    for (const [name, build] of [
      ['weekly', buildWeeklyReport],
      ['daily', buildDailyReport],
    ] as const) {
      const times: number[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        const started = performance.now();
        await build(database.db, clock);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const [min, median, max] = [times[0] ?? 0, times[Math.floor(RUNS / 2)] ?? 0, times[RUNS - 1] ?? 0];
      console.log(`${kind.padEnd(8)} ${name.padEnd(6)} report: min ${min.toFixed(0)} ms, median ${median.toFixed(0)} ms, max ${max.toFixed(0)} ms (${RUNS} runs)`);
    }
  } finally {
    await database.drop();
  }
}
