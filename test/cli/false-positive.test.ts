import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRuns } from '../../src/actions/action-run.js';
import { createSlackLoop } from '../../src/slack/slack-worker.js';
import { createIncidentNotifier, type SlackContext } from '../../src/slack/slack-wiring.js';
import { silentLogger, testConfig } from '../actions/support.js';
import { seedProbeSlowMonth } from '../actions/support/rule-history.js';
import { START, TriageHarness } from '../agents/support/triage-harness.js';
import { startFakeSlack, type FakeSlack } from '../slack/support/fake-slack.js';
import { BOT_TOKEN, SIGNING_SECRET, slackApp } from '../slack/support/slack-harness.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { runFirebreak } from '../support/run-firebreak.js';

/** Seconds after the triage harness's START at which an alert fired now (the CLI decides on the wall clock). */
const secondsFromStartToNow = () => Math.ceil((Date.now() - START.getTime()) / 1000) + 1;

/**
 * `firebreak incident false-positive` (the Slack False positive button from the CLI), then approving the rule change
 * it proposes, which triage honours, and `firebreak rules` / `rules revoke`, after which triage no longer does.
 */
describe('a false positive from the CLI, and revoking the rule override it led to', { timeout: 120_000 }, () => {
  let test: TestDatabase;
  let slack: FakeSlack;
  let app: FastifyInstance;
  let loop: ReturnType<typeof createSlackLoop>;
  let env: Record<string, string>;
  let triage: TriageHarness;
  const cli = (...args: string[]) => runFirebreak(args, env);
  const drain = async () => {
    for (let round = 0; round < 3; round += 1) await loop.runOnce({ clocks: true });
  };
  const threadTexts = () => slack.messages.filter((message) => message.thread_ts !== undefined).map((message) => message.text).join('\n');
  const probeSlowNow = async (instance: string) => triage.alert(await triage.fire(secondsFromStartToNow(), { labels: { alertname: 'ProbeSlow', service: 'partners', instance }, summary: 'Probe of partner-api is slow' }));
  let runs: Array<{ id: string; kind: string; risk: string; title: string; notice: string }>;
  let overrideId: number;

  beforeAll(async () => {
    test = await createTestDatabase('postgres');
    slack = await startFakeSlack();
    env = { DATABASE_URL: test.location, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_CHANNEL: 'C_ONCALL', SLACK_APPROVERS: 'UALICE,UBOB', SLACK_API_URL: slack.url, FIREBREAK_SLACK_BATCH_S: '0' };
    const context: SlackContext = { config: testConfig(env), db: test.db, logger: silentLogger };
    app = await slackApp(context);
    loop = createSlackLoop(context);
    // a month of ProbeSlow ending now, and INC-0009, still open, that it opened alone two hours ago
    await seedProbeSlowMonth(test.db, new Date());
    await createIncidentNotifier(context).incidentOpened('INC-0009');
    await drain();
    triage = new TriageHarness(test.db);
  });
  afterAll(async () => {
    await app.close();
    await slack.close();
    await test.drop();
  });

  it('refuses bad input with exit 2 and a non-approver with exit 1, changing nothing', async () => {
    const [unknown, nobody, blank, mallory, viaUpdate] = await Promise.all([
      cli('incident', 'false-positive', 'INC-9999', '--as', 'UALICE'),
      cli('incident', 'false-positive', 'INC-0009'),
      cli('incident', 'false-positive', 'INC-0009', '--as', ' '),
      cli('incident', 'false-positive', 'INC-0009', '--as', 'UMALLORY'),
      cli('incident', 'update', 'INC-0009', '--status', 'false_positive', '--by', 'UALICE'),
    ]);
    expect(unknown).toMatchObject({ code: 2, stderr: 'firebreak: no incident INC-9999\n' });
    expect(nobody.code).toBe(2);
    expect(blank).toMatchObject({ code: 2, stderr: 'firebreak: --as: must name the approver\n' });
    expect(mallory).toMatchObject({ code: 1, stderr: 'firebreak: UMALLORY is not an approver\n' });
    expect(viaUpdate.code).toBe(2);
    expect(viaUpdate.stderr).toBe(
      "firebreak: --status: false_positive is set by `firebreak incident false-positive ID --as USER [--note TEXT]`, which also records the verdicts on its alerts' rules and proposes the rule changes\n",
    );
    expect(await test.db.query("SELECT status FROM incidents WHERE id = 'INC-0009'")).toEqual([{ status: 'open' }]);
    expect(await test.db.query('SELECT 1 FROM verdicts')).toHaveLength(0);
    expect(await findRuns(test.db, { incidentId: 'INC-0009' })).toHaveLength(0);
  });

  it('records the verdicts, closes the incident and proposes the rule changes, printing their run ids and effects', async () => {
    const marked = await cli('incident', 'false-positive', 'INC-0009', '--as', 'UBOB', '--note', 'partner-api was in its maintenance window');
    expect(marked.stderr).toBe('');
    expect(marked.code).toBe(0);
    runs = (await findRuns(test.db, { incidentId: 'INC-0009' })).map((run) => ({ id: run.id, kind: run.kind, risk: run.risk, title: run.title, notice: run.notice ?? '' }));
    expect(runs.map((run) => [run.kind, run.risk, run.title])).toEqual([
      ['silence', 'high', 'Silence ProbeSlow on partners for 7 days'],
      ['known-noisy', 'high', 'Mark ProbeSlow known-noisy'],
      ['longer-hold', 'medium', 'Hold lone ProbeSlow alerts 2460 s instead of 160 s'],
    ]);
    const [silence, knownNoisy, hold] = runs as [(typeof runs)[0], (typeof runs)[0], (typeof runs)[0]];
    expect(marked.stdout).toBe(
      [
        'INC-0009 closed as false positive by UBOB.',
        "Verdicts recorded (false positive, one per linked alert; they count toward each rule's false-positive rate):",
        '  ProbeSlow (alertmanager): 1 alert',
        'Rule changes proposed (approve with: firebreak approve RUN_ID --as USER; reject with: firebreak reject RUN_ID --as USER):',
        `  ${silence.id}  silence, risk high, needs 2 approvers: Silence ProbeSlow on partners for 7 days`,
        `      ${silence.notice}`,
        `  ${knownNoisy.id}  known-noisy, risk high, needs 2 approvers: Mark ProbeSlow known-noisy`,
        `      ${knownNoisy.notice}`,
        `  ${hold.id}  longer-hold, risk medium: Hold lone ProbeSlow alerts 2460 s instead of 160 s`,
        `      ${hold.notice}`,
        '',
      ].join('\n'),
    );
    expect(silence.notice).toBe('Over the last 30 days this would have hidden 10 alert(s) of this rule, 2 of them in 2 real incident(s) (high risk: two approvers).');

    expect(await test.db.query('SELECT rule, verdict, by FROM verdicts')).toEqual([{ rule: 'ProbeSlow', verdict: 'false_positive', by: 'UBOB' }]);
    expect(await test.db.query("SELECT status FROM incidents WHERE id = 'INC-0009'")).toEqual([{ status: 'false_positive' }]);
    const notes = await test.db.query("SELECT summary, actor FROM timeline WHERE incident_id = 'INC-0009' AND kind = 'false-positive-note'");
    expect(notes).toEqual([{ summary: 'Marked false positive by UBOB: partner-api was in its maintenance window', actor: 'UBOB' }]);

    // the thread: the button's note (with the CLI's words), and each proposal with its Approve / Reject buttons
    await drain();
    expect(threadTexts()).toContain("Marked *false positive* by <@UBOB>. The verdict is recorded on `ProbeSlow`; it counts toward each rule's false-positive rate. _partner-api was in its maintenance window_");
    for (const run of runs) expect(threadTexts()).toContain(run.id);
  });

  it('says so with exit 1 when the incident is already closed', async () => {
    const again = await cli('incident', 'false-positive', 'INC-0009', '--as', 'UALICE');
    expect(again).toMatchObject({ code: 1, stderr: 'firebreak: INC-0009 is already false positive; nothing was changed\n', stdout: '' });
    expect(await test.db.query('SELECT 1 FROM verdicts')).toHaveLength(1);
    expect(await findRuns(test.db, { incidentId: 'INC-0009' })).toHaveLength(3);
  });

  it('lists no override until one is approved; then triage suppresses the rule as known-noisy and `rules` lists it', async () => {
    expect(await cli('rules')).toMatchObject({ code: 0, stdout: 'No rule override in force.\n' });
    const knownNoisy = runs.find((run) => run.kind === 'known-noisy')!;
    expect((await cli('approve', knownNoisy.id, '--as', 'UALICE')).code).toBe(0);
    const approved = await cli('approve', knownNoisy.id, '--as', 'UBOB');
    expect(approved.stdout).toMatch(new RegExp(`^${knownNoisy.id} approved by UALICE, UBOB: succeeded \\(rule ProbeSlow \\(alertmanager\\) is known-noisy from `));

    const [override] = await test.db.query<{ id: number; created_at: string }>('SELECT id, created_at FROM rule_overrides');
    overrideId = override!.id;
    const listed = await cli('rules');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`\\b${overrideId} +│ ProbeSlow +│ alertmanager +│ known-noisy +│ +│ UALICE, UBOB +│ ${override!.created_at.slice(0, 10)} .*│ false positive on INC-0009 \\(${knownNoisy.id}\\)`));
    expect(listed.stdout).toContain('Revoke one with: firebreak rules revoke ID --as USER [--note TEXT]');
    const json = JSON.parse((await cli('rules', '--json')).stdout) as Array<Record<string, unknown>>;
    expect(json).toEqual([expect.objectContaining({ id: overrideId, rule: 'ProbeSlow', source: 'alertmanager', kind: 'known-noisy', holdS: null, createdBy: 'UALICE, UBOB', incidentId: 'INC-0009', revokedAt: null, inForce: true })]);

    const alert = await probeSlowNow('probe-7');
    expect(alert.suppressed).toBe('known-noisy');
    expect(alert.trace).toContainEqual(expect.objectContaining({ step: 'noise', reason: expect.stringContaining('marked known-noisy by UALICE, UBOB') }));
  });

  it('revokes an override for approvers only, once, and triage stops honouring it', async () => {
    const [mallory, unknown, notANumber] = await Promise.all([
      cli('rules', 'revoke', String(overrideId), '--as', 'UMALLORY'),
      cli('rules', 'revoke', '9999', '--as', 'UALICE'),
      cli('rules', 'revoke', 'ProbeSlow', '--as', 'UALICE'),
    ]);
    expect(mallory).toMatchObject({ code: 1, stderr: 'firebreak: UMALLORY is not an approver\n' });
    expect(unknown).toMatchObject({ code: 2, stderr: 'firebreak: no rule override 9999\n' });
    expect(notANumber).toMatchObject({ code: 2, stderr: 'firebreak: ID: expected a rule override id (a number), got "ProbeSlow"\n' });
    expect(await test.db.query('SELECT 1 FROM rule_override_revocations')).toHaveLength(0);

    const revoked = await cli('rules', 'revoke', String(overrideId), '--as', 'UALICE', '--note', 'partners fixed the probe');
    expect(revoked.stderr).toBe('');
    expect(revoked.stdout).toMatch(new RegExp(`^rule override ${overrideId} \\(known-noisy of ProbeSlow \\(alertmanager\\)\\) revoked by UALICE from \\S+ \\S+Z; it is known-noisy only if its verdicts say so\\n$`));
    const again = await cli('rules', 'revoke', String(overrideId), '--as', 'UBOB');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(new RegExp(`^firebreak: rule override ${overrideId} was already revoked by UALICE at `));

    expect(await cli('rules')).toMatchObject({ code: 0, stdout: 'No rule override in force.\n' });
    const all = await cli('rules', '--all');
    expect(all.stdout).toMatch(/known-noisy .*│ revoked by UALICE \S+ \S+Z: partners fixed the probe/);
    const [entry] = await test.db.query<{ summary: string; actor: string }>("SELECT summary, actor FROM timeline WHERE incident_id = 'INC-0009' AND kind = 'rule-override-revoked'");
    expect(entry).toEqual({ summary: `rule override ${overrideId} (known-noisy of ProbeSlow (alertmanager)) revoked by UALICE: partners fixed the probe`, actor: 'UALICE' });

    const alert = await probeSlowNow('probe-8');
    expect(alert.suppressed).not.toBe('known-noisy');
    expect(JSON.stringify(alert.trace)).not.toContain('marked known-noisy');
  });
});
