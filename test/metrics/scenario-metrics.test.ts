import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveRule } from '../../src/domain/alert-rule.js';
import { replayScenario } from '../../src/eval/replay.js';
import { loadScenario } from '../../src/eval/scenario.js';
import { createMetrics } from '../../src/metrics/metrics.js';
import { buildWeeklyReport, type WeeklyReport } from '../../src/reports/weekly-report.js';
import { SCENARIOS_DIR } from '../http/support/fixtures.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { parseExposition, promtoolCheck, sampleValue, type Sample } from './exposition.js';

const SCENARIO = join(SCENARIOS_DIR, 'cobalt-week');

/** The false-positive ratio per rule, worked out here from the scenario's verdicts file, not through the store. */
function expectedRatios(): Map<string, { fp: number; total: number }> {
  const ratios = new Map<string, { fp: number; total: number }>();
  for (const line of readFileSync(join(SCENARIO, 'verdicts.jsonl'), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const verdict = JSON.parse(line) as { labels: Record<string, string>; title: string; verdict: string };
    const rule = deriveRule(verdict.labels ?? {}, verdict.title ?? '');
    const counts = ratios.get(rule) ?? { fp: 0, total: 0 };
    counts.total += 1;
    if (verdict.verdict === 'false_positive') counts.fp += 1;
    ratios.set(rule, counts);
  }
  return ratios;
}

describe('after replaying a scenario through the pipeline', { timeout: 180_000 }, () => {
  let database: TestDatabase;
  let samples: Sample[];
  let text: string;
  let report: WeeklyReport;
  let endAt: string;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const scenario = loadScenario(SCENARIO);
    await replayScenario(scenario, { db: database.db });
    const metrics = createMetrics({ defaults: false });
    metrics.bindScrapeSources({ db: database.db });
    text = await metrics.registry.metrics();
    samples = parseExposition(text);
    const lastEvent = scenario.events.at(-1)?.t ?? 0;
    // A week after the last event, so that every replayed week is a whole week of the report.
    endAt = new Date(scenario.start.getTime() + lastEvent * 1000 + 7 * 86_400_000).toISOString();
    report = await buildWeeklyReport(database.db, { at: endAt, timeZone: 'UTC' });
  }, 180_000);
  afterAll(async () => {
    await database?.drop();
  });

  it('exposes the false-positive ratio of every judged rule as the verdicts file gives it', () => {
    const expected = expectedRatios();
    expect(expected.size).toBeGreaterThan(3);
    for (const [rule, { fp, total }] of expected) {
      expect(sampleValue(samples, 'firebreak_rule_false_positive_ratio', { rule }), rule).toBeCloseTo(fp / total, 10);
      expect(sampleValue(samples, 'firebreak_rule_verdicts', { rule, verdict: 'false_positive' }), rule).toBe(fp);
      expect(sampleValue(samples, 'firebreak_rule_verdicts', { rule, verdict: 'true_positive' }), rule).toBe(total - fp);
    }
  });

  it('exposes the open incidents the replay left, by severity', async () => {
    const rows = await database.db.query<{ severity: string; status: string }>(`SELECT severity, status FROM incidents WHERE NOT drill AND origin <> 'drill'`);
    for (const severity of ['minor', 'major', 'critical']) {
      const open = rows.filter((row) => row.severity === severity && (row.status === 'open' || row.status === 'mitigated')).length;
      expect(sampleValue(samples, 'firebreak_incidents_open', { severity, drill: 'false' }), severity).toBe(open);
    }
  });

  it('stays promtool-clean with real rule names as label values', () => {
    expect(promtoolCheck(text)).toEqual({ status: 0, output: '' });
  });

  it('counts, week by week, the incidents and alerts the replay stored', async () => {
    const incidents = await database.db.query<{ happened_at: string; status: string; drill: boolean }>(
      // Every origin counts: the scenario's imported history too.
      `SELECT coalesce(impact_started_at, detected_at, created_at) AS happened_at, status, drill FROM incidents`,
    );
    const alerts = await database.db.query<{ first_received_at: string }>('SELECT first_received_at FROM alerts');
    const inWeek = (at: string, week: WeeklyReport['weeks'][number]) => at >= week.startsAt && at < week.endsAt;
    let total = 0;
    for (const week of report.weeks) {
      const expected = incidents.filter((row) => !row.drill && row.status !== 'false_positive' && inWeek(row.happened_at, week)).length;
      expect(week.incidents, week.week).toBe(expected);
      expect(week.alerts, week.week).toBe(alerts.filter((row) => inWeek(row.first_received_at, week)).length);
      total += week.alerts;
    }
    // The replayed week lies inside the report's 8 weeks: every stored alert is counted once.
    expect(total).toBe(alerts.length);
    expect(total).toBeGreaterThan(100);
  });
});
