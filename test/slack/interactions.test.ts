import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Playbook } from '../../src/domain/playbook.js';
import { findRuns } from '../../src/actions/action-run.js';
import { createSlackLoop } from '../../src/slack/slack-worker.js';
import { createActionProposals, createIncidentNotifier, type SlackContext } from '../../src/slack/slack-wiring.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { silentLogger, startOpsServer, testConfig } from '../actions/support.js';
import { startFakeSlack, type FakeSlack } from './support/fake-slack.js';
import { insertAlert, insertIncident } from './support/incidents.js';
import { BOT_TOKEN, SIGNING_SECRET, blockActions, formBody, signedHeaders, slackApp } from './support/slack-harness.js';

describe('Slack interactions', () => {
  let test: TestDatabase;
  let slack: FakeSlack;
  let ops: Awaited<ReturnType<typeof startOpsServer>>;
  let app: FastifyInstance;
  let context: SlackContext;
  let loop: ReturnType<typeof createSlackLoop>;
  const nowS = () => Math.floor(Date.now() / 1000);
  let clicks = 0;

  const click = (user: string, actionId: string, value: string) => formBody(blockActions({ user, actionId, value, actionTs: `${nowS()}.${String(++clicks).padStart(6, '0')}` }));
  const post = (body: string, headers = signedHeaders(body, nowS())) => app.inject({ method: 'POST', url: '/slack/interactions', payload: body, headers });
  const drain = async () => {
    for (let round = 0; round < 3; round += 1) await loop.runOnce();
  };
  const runsOf = async () => findRuns(test.db, { incidentId: 'INC-0001' });
  const ephemerals = () => slack.callsTo('chat.postEphemeral').map((call) => ({ user: call.args.user, text: String(call.args.text) }));
  const threadTexts = () => slack.messages.filter((message) => message.thread_ts !== undefined).map((message) => message.text).join('\n');

  beforeAll(async () => {
    test = await createTestDatabase('postgres');
    slack = await startFakeSlack();
    ops = await startOpsServer();
    const config = testConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_CHANNEL: 'C_ONCALL', SLACK_APPROVERS: 'UALICE,UBOB', SLACK_API_URL: slack.url, FIREBREAK_SLACK_BATCH_S: '0' });
    context = { config, db: test.db, logger: silentLogger };
    app = await slackApp(context);
    loop = createSlackLoop(context);
    await insertIncident(test.db, { id: 'INC-0001', severity: 'critical' });
    await insertAlert(test.db, { incidentId: 'INC-0001', fingerprint: 'a1', rule: 'CheckoutErrors', labels: { alertname: 'CheckoutErrors', service: 'checkout' }, at: new Date().toISOString() });
    const playbook: Playbook = {
      id: 'checkout-errors', title: 'Checkout errors', severity: 'major', category: 'application-bug', match: [], checklist: [], diagnosis: '', communication: 'critical-bug', file: 'x.yaml',
      actions: [
        { id: 'restart', title: 'Restart checkout', kind: 'http', risk: 'low', http: { method: 'POST', url: `${ops.url}/restart` } },
        { id: 'failover', title: 'Fail over the database', kind: 'noop', risk: 'high' },
      ],
    };
    await createIncidentNotifier(context).incidentOpened('INC-0001');
    await createActionProposals(context).propose('INC-0001', playbook, new Date());
    await drain();
  });
  afterAll(async () => {
    await app.close();
    await ops.close();
    await slack.close();
    await test.drop();
  });

  it('posts the incident message with Approve and Reject buttons per proposed action', () => {
    const top = slack.messages.find((message) => message.thread_ts === undefined)!;
    const buttons = JSON.stringify(top.blocks);
    expect(buttons).toContain('fb_approve');
    expect(buttons).toContain('fb_reject');
    expect(buttons).toContain('fb_take_lead');
    expect(threadTexts()).toContain('Incident started: INC-0001');
    expect(threadTexts()).toContain('Draft for customers');
  });

  it('acknowledges the fixture form body as Slack posts it, and acts on nothing it does not know', async () => {
    const body = readFileSync('/work/shared/fixtures/slack/block_actions.bolt-python-test.form-body.txt', 'utf8').trim();
    expect((await post(body)).statusCode).toBe(200);
    await drain();
    const [row] = await test.db.query<{ outcome: string }>("SELECT outcome FROM slack_interactions WHERE user_id = 'W111'");
    expect(row?.outcome).toBe('ignored');
  });

  it('refuses forged, stale, pre-dated and unsigned requests with 401, and records nothing', async () => {
    const [restart] = await runsOf();
    const body = click('UALICE', 'fb_approve', restart!.id);
    const forged = { ...signedHeaders(body, nowS()), 'x-slack-signature': signedHeaders(body, nowS(), 'wrong-secret')['x-slack-signature']! };
    expect((await post(body, forged)).statusCode).toBe(401);
    expect((await post(body, signedHeaders(body, nowS() - 301))).statusCode).toBe(401);
    expect((await post(body, signedHeaders(body, nowS() + 301))).statusCode).toBe(401);
    expect((await post(body, { 'content-type': 'application/x-www-form-urlencoded' })).statusCode).toBe(401);
    const tampered = body.replace('UALICE', 'UBOB');
    expect((await post(tampered, { ...signedHeaders(body, nowS()) })).statusCode).toBe(401);
    const refused = await post(body, signedHeaders(body, nowS() - 600));
    expect(refused.json()).toMatchObject({ error: 'FB_ERR_RECEIVER_STALE_TIMESTAMP' });
    await drain();
    expect((await runsOf())[0]!.status).toBe('proposed');
    expect(ops.requests).toHaveLength(0);
  });

  it('tells an unauthorised user so, ephemerally, and nothing happens', async () => {
    const [restart] = await runsOf();
    expect((await post(click('UMALLORY', 'fb_approve', restart!.id))).statusCode).toBe(200);
    await drain();
    expect(ephemerals()).toContainEqual({ user: 'UMALLORY', text: expect.stringContaining('Only the configured approvers') });
    expect((await runsOf())[0]!.status).toBe('proposed');
    expect(ops.requests).toHaveLength(0);
  });

  it('runs an approved action once, though Slack retries the delivery and the button is clicked twice', async () => {
    const [restart] = await runsOf();
    const body = click('UALICE', 'fb_approve', restart!.id);
    const first = await post(body);
    expect(first.statusCode).toBe(200);
    const retried = await app.inject({ method: 'POST', url: '/slack/interactions', payload: body, headers: { ...signedHeaders(body, nowS()), 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(retried.statusCode).toBe(200);
    expect((await post(click('UALICE', 'fb_approve', restart!.id))).statusCode).toBe(200);
    await drain();
    expect(ops.requests).toHaveLength(1);
    const after = (await runsOf())[0]!;
    expect(after).toMatchObject({ status: 'succeeded', decidedBy: 'UALICE' });
    expect(threadTexts()).toMatch(new RegExp(`${after.id}\\* Restart checkout succeeded`));
    expect(ephemerals()).toContainEqual({ user: 'UALICE', text: expect.stringContaining('already succeeded') });
  });

  it('needs a second, distinct approver for a high-risk action', async () => {
    const failover = (await runsOf())[1]!;
    await post(click('UALICE', 'fb_approve', failover.id));
    await drain();
    expect((await runsOf())[1]!.status).toBe('proposed');
    expect(ephemerals()).toContainEqual({ user: 'UALICE', text: expect.stringContaining('second approver') });
    await post(click('UALICE', 'fb_approve', failover.id));
    await drain();
    expect((await runsOf())[1]!.status).toBe('proposed');
    await post(click('UBOB', 'fb_approve', failover.id));
    await drain();
    expect((await runsOf())[1]).toMatchObject({ status: 'succeeded', approvers: ['UALICE', 'UBOB'] });
  });

  it('names the lead with Take lead and shows it on the message', async () => {
    await post(click('UCAROL', 'fb_take_lead', 'INC-0001'));
    await drain();
    const [incident] = await test.db.query<{ lead: string; acknowledged_at: string | null }>("SELECT lead, acknowledged_at FROM incidents WHERE id = 'INC-0001'");
    expect(incident?.lead).toBe('UCAROL');
    expect(incident?.acknowledged_at).not.toBeNull();
    expect(threadTexts()).toContain('<@UCAROL> is now the incident lead');
    const top = slack.messages.find((message) => message.thread_ts === undefined)!;
    expect(JSON.stringify(top.blocks)).toContain('<@UCAROL>');
  });

  it('records a false positive as a verdict on the rule, closes the incident and offers the rule change', async () => {
    await post(click('UMALLORY', 'fb_false_positive', 'INC-0001'));
    await drain();
    expect((await test.db.query("SELECT 1 FROM verdicts")).length).toBe(0);
    await post(click('UBOB', 'fb_false_positive', 'INC-0001'));
    await drain();
    const verdicts = await test.db.query<{ rule: string; verdict: string; by: string }>('SELECT rule, verdict, by FROM verdicts');
    expect(verdicts).toEqual([{ rule: 'CheckoutErrors', verdict: 'false_positive', by: 'UBOB' }]);
    const [incident] = await test.db.query<{ status: string }>("SELECT status FROM incidents WHERE id = 'INC-0001'");
    expect(incident?.status).toBe('false_positive');
    expect(threadTexts()).toContain('Marked *false positive*');
    const silence = (await runsOf()).find((run) => run.kind === 'silence')!;
    expect(silence.notice).toMatch(/would have hidden 1 alert/);
    await post(click('UALICE', 'fb_approve', silence.id));
    await drain();
    const silences = await test.db.query<{ matchers: Record<string, string> }>('SELECT matchers FROM silences');
    expect(silences).toEqual([{ matchers: { alertname: '^CheckoutErrors$', service: '^checkout$' } }]);
  });

  it('offers marking the rule known-noisy beside its buttons, says what it does not offer, and runs it once when approved', async () => {
    const knownNoisy = (await runsOf()).find((run) => run.kind === 'known-noisy')!;
    expect(knownNoisy).toMatchObject({ title: 'Mark CheckoutErrors known-noisy', risk: 'medium', status: 'proposed' });
    expect(knownNoisy.notice).toContain('1 of its 1 alert(s) would have been suppressed (0 were suppressed anyway), none of them in a real incident.');
    const proposal = slack.messages.find((message) => message.thread_ts !== undefined && message.text.includes(knownNoisy.id))!;
    const blocks = proposal.blocks as Array<{ type: string; block_id?: string; text?: { text: string }; elements?: Array<{ action_id: string; value: string }> }>;
    const buttons = blocks.find((block) => block.block_id === `run:${knownNoisy.id}`)?.elements ?? [];
    expect(buttons.map((button) => [button.action_id, button.value])).toEqual([['fb_approve', knownNoisy.id], ['fb_reject', knownNoisy.id]]);
    expect(blocks.map((block) => block.text?.text ?? '').join('\n')).toContain(`Mark CheckoutErrors known-noisy (\`${knownNoisy.id}\`, \`known-noisy\`, risk *medium*)\nFrom now on its alerts are suppressed`);
    expect(threadTexts()).toContain('Not proposed:\n• longer-hold of `CheckoutErrors`: none of its alerts resolved by itself in the last 30 days');
    expect((await runsOf()).some((run) => run.kind === 'longer-hold')).toBe(false);

    await post(click('UMALLORY', 'fb_approve', knownNoisy.id));
    const body = click('UALICE', 'fb_approve', knownNoisy.id);
    await post(body);
    await app.inject({ method: 'POST', url: '/slack/interactions', payload: body, headers: { ...signedHeaders(body, nowS()), 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    await post(click('UALICE', 'fb_approve', knownNoisy.id));
    await drain();
    const overrides = await test.db.query('SELECT source, rule, kind, created_by, action_run_id FROM rule_overrides');
    expect(overrides).toEqual([{ source: 'alertmanager', rule: 'CheckoutErrors', kind: 'known-noisy', created_by: 'UALICE', action_run_id: knownNoisy.id }]);
    expect((await runsOf()).find((run) => run.id === knownNoisy.id)).toMatchObject({ status: 'succeeded', decidedBy: 'UALICE' });
    expect(threadTexts()).toMatch(new RegExp(`:white_check_mark: \\*${knownNoisy.id}\\* Mark CheckoutErrors known-noisy succeeded \\(approved by <@UALICE>\\): rule CheckoutErrors \\(alertmanager\\) is known-noisy`));
    const [timeline] = await test.db.query<{ summary: string }>("SELECT summary FROM timeline WHERE kind = 'action-executed' AND summary LIKE $1", [`${knownNoisy.id} %`]);
    expect(timeline?.summary).toContain('Mark CheckoutErrors known-noisy');
  });

  it('keeps every message of the thread within Slack limits (50 blocks, 3000 characters per text)', () => {
    const texts: string[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (typeof value === 'object' && value !== null) for (const [key, inner] of Object.entries(value)) (key === 'text' && typeof inner === 'string' ? texts.push(inner) : walk(inner));
    };
    for (const message of slack.messages) {
      expect(message.text.length).toBeLessThanOrEqual(3000);
      expect((message.blocks ?? []).length).toBeLessThanOrEqual(50);
      walk(message.blocks ?? []);
    }
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(3000);
  });

  it('never puts the bot token or signing secret in a message', () => {
    const everything = JSON.stringify(slack.calls.map((call) => call.args)) + JSON.stringify(slack.messages);
    expect(everything).not.toContain(BOT_TOKEN);
    expect(everything).not.toContain(SIGNING_SECRET);
    expect(slack.calls.every((call) => call.token === `Bearer ${BOT_TOKEN}`)).toBe(true);
  });
});
