import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../src/reports/render-report.js';
import { buildWeeklyReport, type WeeklyReport } from '../../src/reports/weekly-report.js';
import { createTestDatabase, STORE_KINDS, type TestDatabase } from '../support/databases.js';
import { SEED_AT, seedIncidentLog } from './seed.js';

describe.each(STORE_KINDS)('weekly report on the %s store', (kind) => {
  let database: TestDatabase;
  let report: WeeklyReport;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await seedIncidentLog(database.db);
    report = await buildWeeklyReport(database.db, { at: SEED_AT, timeZone: 'UTC' });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('shows the three indicators week by week against their targets, drills and false positives left out', () => {
    const lines = renderReport(report, 'text').split('\n');
    expect(lines.slice(0, 17)).toEqual([
      'Firebreak weekly report: 8 weeks to 2024-03-11 (UTC)',
      '====================================================',
      '',
      'Stability indicators (drills excluded)',
      '--------------------------------------',
      'week of     incidents  hotfixes  rollbacks  alerts  MTTA    MTTR',
      '2024-01-15          0         0          0       0     -       -',
      '2024-01-22          0         0          0       0     -       -',
      // OLD-17 (imported): placed by its detection, not by when it was imported; detected -> resolved 3 h.
      '2024-01-29          1         0          0       0     -  3h 00m',
      '2024-02-05          0         0          0       0     -       -',
      // A hotfix change event with no incident.
      '2024-02-12          0       1 !          0       0     -       -',
      '2024-02-19          1         0          0       0     -     45m',
      // INC-0004 flagged rollback, covered by the rollback change event: one rollback, not two. Ack 10 m, 2 h to resolve.
      '2024-02-26          1         0        1 !       0   10m  2h 00m',
      // INC-0001..3 (INC-0008 is a drill, INC-0006 a false positive); INC-0003's hotfix flag has no change event.
      // MTTA (5 + 10 + 30) / 3 = 15 m; MTTR (65 + 122 + 60) / 3 = 82 m. Alerts: 5, the drill's alert left out.
      '2024-03-04        3 !       1 !          0       5   15m  1h 22m',
      'target           <= 1         0          0',
      'Weeks over target: incidents 1 of 8, hotfixes 2 of 8, rollbacks 1 of 8.',
      '',
    ]);
  });

  it('gives mean times to acknowledge and resolve over the 8 weeks', () => {
    const text = renderReport(report, 'text');
    // (5 + 10 + 30 + 10) / 4 = 13.75 m; (65 + 122 + 60 + 120 + 45 + 180) / 6 = 98.7 m.
    expect(text).toContain('- Mean time to acknowledge: 14m (4 incidents)\n- Mean time to resolve: 1h 39m (6 incidents)\n');
    expect(report.mtta).toEqual({ meanSeconds: 825, incidents: 4 });
  });

  it('names the incidents that recur, with their count, whether the root cause is known and open remediations', () => {
    const text = renderReport(report, 'text');
    expect(text).toContain(
      [
        'Recurrences (30 days)',
        '---------------------',
        '- checkout / infrastructure, playbook db-pool-exhausted: the 3rd time in 30 days (INC-0001 2024-03-05, INC-0002 2024-03-06, INC-0003 2024-03-07); root cause still not found; 3 open remediations',
        '- payments / third-party, playbook payment-timeouts: the 2nd time in 30 days (INC-0012 2024-02-20, INC-0010 2024-03-13); root cause known',
        '',
      ].join('\n'),
    );
  });

  it('lists the false-positive rate per rule, worst first, without drill verdicts or verdicts after the report time', () => {
    const text = renderReport(report, 'text');
    expect(text).toContain(
      [
        'rule            false positives  false  true',
        'DiskAlmostFull              80%      4     1',
        'HighErrorRate               25%      1     3',
        'CpuHigh                      0%      0     2',
      ].join('\n'),
    );
    expect(report.falsePositiveRates.map((rate) => rate.rule)).not.toContain('FirebreakDrill');
  });

  it('sets alerts received against incidents opened', () => {
    const text = renderReport(report, 'text');
    // Triage incidents created in the 8 weeks: INC-0001..4, INC-0006 (a false positive still paged) and INC-0012.
    expect(text).toContain('- 5 alerts received, 6 incidents opened by the triage: 0 alerts the team did not have to read (0%)\n');
    expect(text).toContain('- 2 suppressed with a reason, 2 grouped into incidents, 1 neither (resolved or held before paging)\n');
  });

  it('shows when incidents happen over a year: weekday, hour, month start and end', () => {
    const text = renderReport(report, 'text');
    expect(text).toContain(
      [
        'When incidents happen (8 incidents since 2023-03-14, UTC)',
        '---------------------------------------------------------',
        '- by weekday: Mon 0, Tue 2, Wed 3, Thu 3, Fri 0, Sat 0, Sun 0',
        '- busiest hours: 10h (2), 14h (2), 02h (1), 03h (1), 09h (1)',
        // OLD-17 on 1 February; INC-0004 on 29 February, the last day of a leap February.
        '- month start (days 1-3): 1, month end (last 3 days): 1, other days: 6',
        '- busiest days of the month: 1st (1), 5th (1), 6th (1), 7th (1), 10th (1)',
      ].join('\n'),
    );
  });

  it('lists drills apart, flagged', () => {
    const lines = renderReport(report, 'text').trimEnd().split('\n');
    expect(lines.slice(-4)).toEqual([
      'Drills (not counted above)',
      '--------------------------',
      '- [DRILL] INC-0008 2024-03-04 15:00 major, resolved: Game day: checkout (not acknowledged, not resolved)',
      '- [DRILL] INC-0007 2024-03-12 15:00 major, resolved: [DRILL] Pool exhausted (acknowledged in 4m, resolved in 20m)',
    ]);
  });

  it('renders the same content as markdown tables', () => {
    const markdown = renderReport(report, 'markdown');
    expect(markdown.split('\n').slice(0, 7)).toEqual([
      '# Firebreak weekly report: 8 weeks to 2024-03-11 (UTC)',
      '',
      '## Stability indicators (drills excluded)',
      '',
      '| week of | incidents | hotfixes | rollbacks | alerts | MTTA | MTTR |',
      '|---|---:|---:|---:|---:|---:|---:|',
      '| 2024-01-15 | 0 | 0 | 0 | 0 | - | - |',
    ]);
    expect(markdown).toContain('| 2024-03-04 | 3 ! | 1 ! | 0 | 5 | 15m | 1h 22m |\n');
  });

  it('prints the whole report as JSON', () => {
    const json = JSON.parse(renderReport(report, 'json')) as WeeklyReport;
    expect(json.weeks).toHaveLength(8);
    expect(json.weeks.at(-1)).toMatchObject({ week: '2024-03-04', incidents: 3, hotfixes: 1, rollbacks: 0, alerts: 5, mttaSeconds: 900 });
    expect(json.recurrences.items[0]).toMatchObject({ count: 3, service: 'checkout', category: 'infrastructure', playbook: 'db-pool-exhausted', rootCauseFound: false });
    expect(json.drills.map((drill) => drill.id)).toEqual(['INC-0008', 'INC-0007']);
  });

  it('counts weeks in the requested time zone', async () => {
    // 2024-03-11 02:00 UTC is still Sunday 10 March in Los Angeles: the last whole week is the one of 26 February.
    const local = await buildWeeklyReport(database.db, { at: '2024-03-11T02:00:00Z', timeZone: 'America/Los_Angeles' });
    expect(local.weeks.at(-1)?.week).toBe('2024-02-26');
    expect(local.to).toBe('2024-03-04T08:00:00.000Z');
    // INC-0004 started at 15:30 on Thursday 29 February, local time.
    expect(local.weeks.at(-1)).toMatchObject({ incidents: 1, rollbacks: 1 });
  });
});
