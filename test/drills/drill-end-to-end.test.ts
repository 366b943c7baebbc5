import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDailyReport } from '../../src/reports/daily-report.js';
import { renderReport } from '../../src/reports/render-report.js';
import { buildWeeklyReport } from '../../src/reports/weekly-report.js';
import { startTestDaemon, type TestDaemon } from '../http/support/test-daemon.js';
import { parseExposition, sampleValue } from '../metrics/exposition.js';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../support/databases.js';
import { runFirebreak } from '../support/run-firebreak.js';
import { writePoolPlaybook } from './pool-playbook.js';

// A drill through the real pipeline: the CLI queues it, the daemon's worker triages it, the store, /metrics and
// the reports show it as a drill. The executable's start-up is slow on a loaded machine, hence the timeout.
describe('a drill through the running daemon', { timeout: 180_000 }, () => {
  const playbooksDir = mkdtempSync(join(tmpdir(), 'firebreak-drill-e2e-'));
  let database: TestDatabase;
  let daemon: TestDaemon;
  let printed: { incident: string; deliveryKey: string };

  beforeAll(async () => {
    writePoolPlaybook(playbooksDir);
    database = await createTestDatabase('postgres');
    daemon = await startTestDaemon({ db: database.db, role: 'all', env: { FIREBREAK_PLAYBOOKS_DIR: playbooksDir, LOG_LEVEL: 'warn' } });
    const result = await runFirebreak(['drill', 'start', '--playbook', 'db-pool-exhausted', '--by', 'carol', '--wait', '60', '--json'], {
      REDIS_URL: TEST_REDIS_URL,
      FIREBREAK_QUEUE_PREFIX: daemon.context.queuePrefix,
      FIREBREAK_PLAYBOOKS_DIR: playbooksDir,
      DATABASE_URL: database.location,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    printed = JSON.parse(result.stdout) as { incident: string; deliveryKey: string };
  }, 180_000);

  afterAll(async () => {
    await daemon?.context.queue.obliterate({ force: true }).catch(() => undefined);
    await daemon?.close();
    await database?.drop();
    rmSync(playbooksDir, { recursive: true, force: true });
  });

  it('opens an incident flagged as a drill, with the playbook it rehearses', async () => {
    const [incident] = await database.db.query<{ id: string; drill: boolean; origin: string; playbook_id: string | null; title: string }>(
      'SELECT id, drill, origin, playbook_id, title FROM incidents WHERE id = $1',
      [printed.incident],
    );
    expect(incident).toMatchObject({ drill: true, origin: 'drill', playbook_id: 'db-pool-exhausted' });
    expect(incident?.title).toContain('[DRILL]');
  });

  it('shows it on /metrics among the open drills, not the open incidents', async () => {
    const samples = parseExposition(await (await fetch(`${daemon.url}/metrics`)).text());
    expect(sampleValue(samples, 'firebreak_incidents_open', { severity: 'major', drill: 'true' })).toBe(1);
    const real = samples.filter((sample) => sample.name === 'firebreak_incidents_open' && sample.labels.drill === 'false');
    expect(real.reduce((sum, sample) => sum + sample.value, 0)).toBe(0);
  });

  it('lists it flagged in the daily review and leaves it out of the weekly indicators', async () => {
    const later = new Date(Date.now() + 60_000).toISOString();
    const daily = renderReport(await buildDailyReport(database.db, { at: later, timeZone: 'UTC' }), 'text');
    expect(daily).toMatch(new RegExp(`^- \\[DRILL\\] ${printed.incident} major, open`, 'm'));
    const nextWeek = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const weekly = await buildWeeklyReport(database.db, { at: nextWeek, timeZone: 'UTC' });
    expect(weekly.weeks.reduce((sum, week) => sum + week.incidents, 0)).toBe(0);
    expect(weekly.drills.map((drill) => drill.id)).toEqual([printed.incident]);
  });
});
