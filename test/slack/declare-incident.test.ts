import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDeclareText } from '../../src/slack/declare-command.js';
import { createSlackLoop } from '../../src/slack/slack-worker.js';
import type { SlackContext } from '../../src/slack/slack-wiring.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { silentLogger, testConfig } from '../actions/support.js';
import { startFakeSlack, type FakeSlack } from './support/fake-slack.js';
import { BOT_TOKEN, SIGNING_SECRET, formBody, signedHeaders, slackApp } from './support/slack-harness.js';

const API_TOKEN = 'api-token-for-support-tools';

describe('declaring an incident by hand', () => {
  let test: TestDatabase;
  let slack: FakeSlack;
  let app: FastifyInstance;
  let context: SlackContext;
  const nowS = () => Math.floor(Date.now() / 1000);
  const incidents = () => test.db.query<{ id: string; origin: string; title: string; severity: string; service: string | null; lead: string; declared_by: string }>('SELECT id, origin, title, severity, service, lead, declared_by FROM incidents ORDER BY id');
  const drain = async () => {
    const loop = createSlackLoop(context);
    for (let round = 0; round < 3; round += 1) await loop.runOnce();
  };

  beforeAll(async () => {
    test = await createTestDatabase('postgres');
    slack = await startFakeSlack();
    context = { config: testConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_CHANNEL: 'C_ONCALL', SLACK_API_URL: slack.url, SLACK_ESCALATION_GROUP: 'SONCALL', FIREBREAK_API_TOKEN: API_TOKEN, FIREBREAK_SLACK_BATCH_S: '0' }), db: test.db, logger: silentLogger };
    app = await slackApp(context);
  });
  afterAll(async () => {
    await app.close();
    await slack.close();
    await test.drop();
  });

  it('reads /incident arguments: title, severity and service in any order', () => {
    expect(parseDeclareText('Checkout is down sev:critical service:checkout')).toEqual({ title: 'Checkout is down', severity: 'critical', service: 'checkout', environment: null });
    expect(parseDeclareText('major Login slow svc:auth env:staging')).toEqual({ title: 'Login slow', severity: 'major', service: 'auth', environment: 'staging' });
    expect(parseDeclareText('Payments fail')).toEqual({ title: 'Payments fail', severity: null, service: null, environment: null });
  });

  it('declares from /incident with arguments: the declarer leads, the message is posted, critical escalates', async () => {
    const body = new URLSearchParams({ command: '/incident', text: 'Checkout is down sev:critical service:checkout', user_id: 'UDANA', channel_id: 'C_ONCALL', trigger_id: 't1' }).toString();
    const response = await app.inject({ method: 'POST', url: '/slack/commands', payload: body, headers: signedHeaders(body, nowS()) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/^Declared INC-\d{4} \(critical, checkout\)/) });
    expect(await incidents()).toEqual([{ id: expect.any(String), origin: 'declared', title: 'Checkout is down', severity: 'critical', service: 'checkout', lead: 'UDANA', declared_by: 'UDANA' }]);
    await drain();
    const top = slack.messages.find((m) => m.thread_ts === undefined)!;
    expect(JSON.stringify(top.blocks)).toContain('Declared by <@UDANA>');
    expect(slack.messages.some((m) => m.thread_ts === top.ts && m.text.includes('<!subteam^SONCALL>'))).toBe(true);
  });

  it('opens the modal for /incident without text, and declares from its submission', async () => {
    const body = new URLSearchParams({ command: '/incident', text: '', user_id: 'UERIN', channel_id: 'C_ONCALL', trigger_id: 'trigger-2' }).toString();
    expect((await app.inject({ method: 'POST', url: '/slack/commands', payload: body, headers: signedHeaders(body, nowS()) })).statusCode).toBe(200);
    const [open] = slack.callsTo('views.open');
    expect(open?.args.trigger_id).toBe('trigger-2');
    const submission = formBody({
      type: 'view_submission',
      user: { id: 'UERIN' },
      view: { id: 'V1', callback_id: 'fb_declare_incident', state: { values: { title: { value: { type: 'plain_text_input', value: 'Search returns nothing' } }, severity: { value: { type: 'static_select', selected_option: { value: 'minor' } } }, service: { value: { type: 'plain_text_input', value: 'search' } }, symptom: { value: { type: 'plain_text_input', value: null } } } } },
    });
    expect((await app.inject({ method: 'POST', url: '/slack/interactions', payload: submission, headers: signedHeaders(submission, nowS()) })).statusCode).toBe(200);
    expect((await incidents()).find((i) => i.title === 'Search returns nothing')).toMatchObject({ severity: 'minor', service: 'search', lead: 'UERIN' });
  });

  it('declares from POST /incidents with the bearer token, and refuses without it', async () => {
    const payload = { title: 'Customers report failed payments', severity: 'major', service: 'payments', declaredBy: 'zendesk' };
    expect((await app.inject({ method: 'POST', url: '/incidents', payload })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/incidents', payload, headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
    const bad = await app.inject({ method: 'POST', url: '/incidents', payload: { ...payload, severity: 'sev1' }, headers: { authorization: `Bearer ${API_TOKEN}` } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/^severity/);
    const created = await app.inject({ method: 'POST', url: '/incidents', payload, headers: { authorization: `Bearer ${API_TOKEN}` } });
    expect(created.statusCode).toBe(201);
    const { id } = created.json() as { id: string };
    expect((await incidents()).find((i) => i.id === id)).toMatchObject({ origin: 'declared', lead: 'zendesk', severity: 'major' });
  });

  it('refuses an unsigned slash command', async () => {
    const body = new URLSearchParams({ command: '/incident', text: 'x', user_id: 'UX' }).toString();
    expect((await app.inject({ method: 'POST', url: '/slack/commands', payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })).statusCode).toBe(401);
  });
});
