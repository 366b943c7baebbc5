import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionEvent } from '../../src/actions/action-events.js';
import { createActionService } from '../../src/actions/action-service.js';
import { findRuns, type ActionRun } from '../../src/actions/action-run.js';
import { createIncidentDecisions } from '../../src/slack/incident-decisions.js';
import { upsertVerdicts } from '../../src/store/incident-log/verdicts.js';
import { TriageHarness } from '../agents/support/triage-harness.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { NOW, seedAlert, seedProbeSlowMonth } from './support/rule-history.js';
import { silentLogger, testConfig } from './support.js';

const SENTRY_RULE = 'ZeroDivisionError: division by zero';

describe('rule changes offered after a false positive', () => {
  let test: TestDatabase;
  const events: ActionEvent[] = [];
  let clock = NOW;
  const approvers = { isApprover: async (user: string) => ['UALICE', 'UBOB'].includes(user) };
  const service = () => createActionService({ db: test.db, config: testConfig(), approvers, events: { emit: async (event) => void events.push(event) }, logger: silentLogger, now: () => clock });
  let result: Awaited<ReturnType<ReturnType<typeof createIncidentDecisions>['falsePositive']>>;
  let runs: ActionRun[];
  const run = (kind: string, rule: string) => runs.find((candidate) => candidate.kind === kind && JSON.stringify(candidate.spec).includes(rule))!;

  beforeAll(async () => {
    test = await createTestDatabase('postgres');
    await seedProbeSlowMonth(test.db);
    // two more rules alerted in INC-0009 after it was notified: a Sentry issue, and a rule humans already found noisy
    await seedAlert(test.db, { rule: SENTRY_RULE, source: 'sentry', labels: { sentry_resource: 'issue', project: 'backend' }, firedMinutesAgo: 100, incidentId: 'INC-0009' });
    await seedAlert(test.db, { rule: 'DiskPressure', firedMinutesAgo: 100, incidentId: 'INC-0009' });
    await upsertVerdicts(
      test.db,
      [0, 1, 2].map((index) => ({ dedupeKey: `disk:${index}`, rule: 'DiskPressure', source: 'alertmanager', alertId: null, labels: { alertname: 'DiskPressure' }, title: null, verdict: 'false_positive' as const, by: 'UCAROL', at: new Date(NOW.getTime() - (5 - index) * 86_400_000).toISOString() })),
    );
    const decisions = createIncidentDecisions({ db: test.db, outbox: null, events: { emit: async (event) => void events.push(event) }, approvers, now: () => NOW });
    result = await decisions.falsePositive('INC-0009', 'UBOB');
    runs = await findRuns(test.db, { incidentId: 'INC-0009' });
  });
  afterAll(async () => {
    await test.drop();
  });

  it('proposes, per rule, the changes that would change something, each as an action run told to the thread', () => {
    expect(result.closed).toBe(true);
    expect(runs.map((r) => [r.kind, r.title, r.risk, r.status])).toEqual(
      expect.arrayContaining([
        ['silence', 'Silence ProbeSlow on partners for 7 days', 'high', 'proposed'],
        ['known-noisy', 'Mark ProbeSlow known-noisy', 'high', 'proposed'],
        ['longer-hold', 'Hold lone ProbeSlow alerts 2460 s instead of 160 s', 'medium', 'proposed'],
        ['known-noisy', `Mark ${SENTRY_RULE} known-noisy`, 'medium', 'proposed'],
        ['silence', 'Silence DiskPressure on partners for 7 days', 'medium', 'proposed'],
      ]),
    );
    expect(runs).toHaveLength(5);
    expect(runs.every((r) => r.playbookId === 'false-positive')).toBe(true);
    expect(events.filter((event) => event.kind === 'proposed').map((event) => event.run.id).sort()).toEqual(runs.map((r) => r.id).sort());
  });

  it('says what each would have done to the alerts of the last 30 days', () => {
    expect(run('silence', 'ProbeSlow').notice).toBe('Over the last 30 days this would have hidden 10 alert(s) of this rule, 2 of them in 2 real incident(s) (high risk: two approvers).');
    expect(run('known-noisy', 'ProbeSlow').notice).toBe(
      'From now on its alerts are suppressed as known-noisy unless alerts of other rules corroborate them. Over the last 30 days 5 of its 11 alert(s) would have been suppressed ' +
        '(6 were suppressed anyway), 2 of them in 2 real incident(s); 1 of those had no alert of another rule and would have been missed (high risk: two approvers).',
    );
    expect(run('longer-hold', 'ProbeSlow').notice).toBe(
      '2460 s is its slowest self-resolution (2400 s) plus a minute. Over the last 30 days 4 of its 11 alert(s) opened an incident on their own, after a hold; ' +
        'with 2460 s instead of 160 s, 2 of those would not have been notified (they resolved by themselves in between), none of them in a real incident; ' +
        '2 notification(s) would have come later, by 17m (median) and 38m at most.',
    );
    expect(run('longer-hold', 'ProbeSlow').spec).toEqual({ source: 'alertmanager', rule: 'ProbeSlow', holdS: 2460, previousHoldS: 160 });
    expect(run('known-noisy', SENTRY_RULE).notice).toContain('1 of its 1 alert(s) would have been suppressed (0 were suppressed anyway), none of them in a real incident.');
    expect(run('known-noisy', SENTRY_RULE).spec).toEqual({ source: 'sentry', rule: SENTRY_RULE });
  });

  it('does not propose what would change nothing, and says why in the timeline', async () => {
    expect(result.skipped).toEqual([
      { rule: 'DiskPressure', kind: 'known-noisy', why: 'already known-noisy: rule "DiskPressure" was marked false positive 4 of 4 times' },
      { rule: 'DiskPressure', kind: 'longer-hold', why: 'none of its alerts resolved by itself in the last 30 days: a longer hold would only delay them' },
      { rule: SENTRY_RULE, kind: 'silence', why: 'its alerts carry no alertname label for a silence to match; marking it known-noisy can' },
      { rule: SENTRY_RULE, kind: 'longer-hold', why: 'its sender never resolves it by itself (sentry), so it is never held: a longer hold would change nothing' },
    ]);
    const timeline = await test.db.query<{ summary: string }>("SELECT summary FROM timeline WHERE incident_id = 'INC-0009' AND kind = 'rule-change-not-proposed' ORDER BY id");
    expect(timeline.map((row) => row.summary)).toContain('silence of rule ZeroDivisionError: division by zero not proposed: its alerts carry no alertname label for a silence to match; marking it known-noisy can');
    expect(timeline).toHaveLength(4);
  });

  it('needs two approvers for a change that would have hidden a real incident, then stores the override once', async () => {
    clock = new Date(NOW.getTime() + 10 * 60_000);
    const knownNoisy = run('known-noisy', 'ProbeSlow');
    expect((await service().approve(knownNoisy.id, 'UALICE')).outcome).toBe('awaiting-second-approver');
    expect(await test.db.query('SELECT 1 FROM rule_overrides')).toHaveLength(0);
    const approved = await service().approve(knownNoisy.id, 'UBOB');
    expect(approved.run).toMatchObject({ status: 'succeeded', result: `rule ProbeSlow (alertmanager) is known-noisy from ${clock.toISOString()}` });
    await expect(service().approve(knownNoisy.id, 'UALICE')).rejects.toMatchObject({ code: 'FB_ERR_ACTION_STATE' });
    expect(await service().execute(knownNoisy.id)).toBeNull();
    const overrides = await test.db.query('SELECT source, rule, kind, hold_s, created_by, action_run_id FROM rule_overrides');
    expect(overrides).toEqual([{ source: 'alertmanager', rule: 'ProbeSlow', kind: 'known-noisy', hold_s: null, created_by: 'UALICE, UBOB', action_run_id: knownNoisy.id }]);
    const countermeasures = await test.db.query('SELECT action FROM countermeasures WHERE action_run_id = $1', [knownNoisy.id]);
    expect(countermeasures).toEqual([{ action: 'Mark ProbeSlow known-noisy' }]);
  });

  it('runs a longer hold once when two approvers race on two workers', async () => {
    const hold = run('longer-hold', 'ProbeSlow');
    const outcomes = await Promise.allSettled([service().approve(hold.id, 'UALICE'), service().approve(hold.id, 'UBOB')]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((outcome) => outcome.status === 'rejected')).toMatchObject({ reason: { code: 'FB_ERR_ACTION_STATE' } });
    await Promise.all([service().execute(hold.id), service().execute(hold.id), service().resumeApproved(0)]);
    const rows = await test.db.query<{ hold_s: number }>("SELECT hold_s FROM rule_overrides WHERE kind = 'hold'");
    expect(rows).toEqual([{ hold_s: 2460 }]);
    expect(await test.db.query('SELECT 1 FROM countermeasures WHERE action_run_id = $1', [hold.id])).toHaveLength(1);
    const timeline = await test.db.query<{ summary: string }>("SELECT summary FROM timeline WHERE incident_id = 'INC-0009' AND kind = 'action-executed'");
    expect(timeline.map((row) => row.summary)).toContain(`${hold.id} (Hold lone ProbeSlow alerts 2460 s instead of 160 s) succeeded: lone alerts of rule ProbeSlow (alertmanager) are held 2460 s from ${clock.toISOString()}`);
  });

  it('is what triage reads from then on: a lone ProbeSlow alert is suppressed as known-noisy, saying who marked it', async () => {
    const triage = new TriageHarness(test.db);
    const id = await triage.fire(10, { labels: { alertname: 'ProbeSlow', service: 'partners', instance: 'probe-7' }, summary: 'Probe of partner-api is slow' });
    const alert = await triage.alert(id);
    expect(alert.suppressed).toBe('known-noisy');
    expect(alert.trace).toContainEqual(expect.objectContaining({ step: 'noise', reason: expect.stringContaining(`marked known-noisy by UALICE, UBOB at ${clock.toISOString()} (false positive on INC-0009`) }));
  });

  it('does not propose a change again that is already in force', async () => {
    clock = new Date(NOW.getTime() + 20 * 60_000);
    await test.db.query("UPDATE incidents SET status = 'open' WHERE id = 'INC-0009'");
    const again = await createIncidentDecisions({ db: test.db, outbox: null, events: { emit: async () => undefined }, approvers, now: () => clock }).falsePositive('INC-0009', 'UALICE');
    expect(again.skipped).toContainEqual({ rule: 'ProbeSlow', kind: 'known-noisy', why: `already marked known-noisy by UALICE, UBOB at ${new Date(NOW.getTime() + 10 * 60_000).toISOString()}` });
    expect(again.skipped).toContainEqual({ rule: 'ProbeSlow', kind: 'longer-hold', why: 'its hold is 2460 s, and one of 3600 s would have spared no notification in the last 30 days (none of its alerts notified alone resolved between the two)' });
  });
});
