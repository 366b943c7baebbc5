import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDailyReport, type DailyReport } from '../../src/reports/daily-report.js';
import { renderReport } from '../../src/reports/render-report.js';
import { createTestDatabase, STORE_KINDS, type TestDatabase } from '../support/databases.js';
import { insertRemediation, SEED_AT, seedIncidentLog } from './seed.js';

describe.each(STORE_KINDS)('daily review on the %s store', (kind) => {
  let database: TestDatabase;
  let report: DailyReport;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await seedIncidentLog(database.db);
    report = await buildDailyReport(database.db, { at: SEED_AT, timeZone: 'UTC' });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('reads as the 20-minute review, line by line', () => {
    expect(renderReport(report, 'text').split('\n')).toEqual([
      'Firebreak daily review: 2024-03-13 (UTC)',
      '========================================',
      '',
      // Not done and due on or before today; the done one and the one due on the 20th are not listed.
      'Remediations due or late',
      '------------------------',
      'due         late         owner       remediation               incident',
      '2024-03-10  3 days late  alice       Raise the pool size       INC-0001 Checkout pool exhausted',
      '2024-03-12  1 day late   (no owner)  Write the drill debrief   [DRILL] INC-0007 [DRILL] Pool exhausted',
      '2024-03-13  due today    bob         Alert on pool saturation  INC-0002 Checkout pool exhausted again',
      '',
      'Incidents and pages since 2024-03-12 09:00',
      '------------------------------------------',
      '- [DRILL] INC-0007 major, resolved on checkout: [DRILL] Pool exhausted (detected 2024-03-12 15:00; paged 2024-03-12 15:01; acknowledged after 4m; lead carol)',
      '- INC-0011 minor, false positive on batch: Disk almost full on batch (detected 2024-03-12 17:00; paged 2024-03-12 17:01; not acknowledged; no lead)',
      '- INC-0010 critical, mitigated on payments: Payments failing (detected 2024-03-13 03:20; paged 2024-03-13 03:22, escalated 2024-03-13 03:40; acknowledged after 10m; lead dave)',
      '',
      // The drill's false-positive verdict is not listed; DiskAlmostFull has 4 false of 5 verdicts before 09:00.
      'False positives to review',
      '-------------------------',
      '- rule DiskAlmostFull: 1 new false-positive verdict by erin; 80% false positive over 5 verdicts',
      '- incident INC-0011 closed as false positive 2024-03-12 18:00: Disk almost full on batch (rules: DiskAlmostFull)',
      '',
      // Yesterday's config change and the silence that ended yesterday are not today's.
      'Changes and silences planned for today',
      '--------------------------------------',
      '- 2024-03-13 08:00 deploy checkout v42 (production) by hana, done',
      '- 2024-03-13 15:00 deploy payments v9 (production) by ivan, planned: retry budget',
      '- silence 2024-03-13 22:00 to 2024-03-14 02:00 service=~^checkout$ by frank: Database upgrade',
      '',
    ]);
  });

  it('says so when there is nothing to review', async () => {
    const quiet = await buildDailyReport(database.db, { at: '2023-06-01T09:00:00Z', timeZone: 'UTC' });
    const text = renderReport(quiet, 'text');
    expect(text).toContain('Remediations due or late\n------------------------\n- none due\n');
    expect(text).toContain('Incidents and pages since 2023-05-31 09:00\n------------------------------------------\n- none\n');
    expect(text).toContain('Changes and silences planned for today\n--------------------------------------\n- none\n');
  });

  it('takes the day in the requested time zone', async () => {
    // 23:30 UTC on the 12th is already the 13th in Tokyo: today's changes are Tokyo's 13th (15:00 UTC on the 12th
    // to 15:00 UTC on the 13th): the 08:00 deploy is in, the 15:00 one is tomorrow there.
    const tokyo = await buildDailyReport(database.db, { at: '2024-03-12T23:30:00Z', timeZone: 'Asia/Tokyo' });
    expect(tokyo.day).toBe('2024-03-13');
    expect(tokyo.today.changes.map((change) => `${change.kind} ${change.service}`)).toEqual(['deploy checkout']);
    expect(tokyo.remediations.map((item) => item.daysLate)).toEqual([3, 1, 0]);
  });

  it('lists a remediation late by a long time with its owner, and prints JSON for scripts', async () => {
    await insertRemediation(database.db, { incident: 'INC-0012', title: 'Second payment provider', owner: 'ivan', due: '2024-02-01' });
    const later = await buildDailyReport(database.db, { at: SEED_AT, timeZone: 'UTC' });
    const json = JSON.parse(renderReport(later, 'json')) as DailyReport;
    expect(json.remediations[0]).toMatchObject({ title: 'Second payment provider', owner: 'ivan', due: '2024-02-01', daysLate: 41, incidentId: 'INC-0012', drill: false });
    expect(renderReport(later, 'markdown')).toContain('| 2024-02-01 | 41 days late | ivan | Second payment provider | INC-0012 Payments time out |\n');
  });
});
