import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Playbook } from '../../src/domain/playbook.js';
import { findRuns } from '../../src/actions/action-run.js';
import { createSlackLoop } from '../../src/slack/slack-worker.js';
import { createActionProposals, createIncidentNotifier, type SlackContext } from '../../src/slack/slack-wiring.js';
import { STORE_KINDS, createTestDatabase, type TestDatabase } from '../support/databases.js';
import { silentLogger, testConfig } from '../actions/support.js';
import { startFakeSlack, type FakeSlack } from './support/fake-slack.js';
import { insertAlert, insertIncident } from './support/incidents.js';
import { BOT_TOKEN, blockActions, formBody, signedHeaders, slackApp, SIGNING_SECRET } from './support/slack-harness.js';

describe.each(STORE_KINDS)('the on-call practice in Slack on %s', (kind) => {
  let test: TestDatabase;
  let slack: FakeSlack;
  let clock = Date.now();
  let context: SlackContext;
  let loop: ReturnType<typeof createSlackLoop>;
  const minutes = (n: number) => n * 60_000;
  const drain = async () => {
    for (let round = 0; round < 3; round += 1) await loop.runOnce();
  };
  const thread = (incidentId: string) => {
    const top = slack.messages.find((m) => m.thread_ts === undefined && m.metadata?.event_payload.incident === incidentId);
    return slack.messages.filter((m) => top !== undefined && m.thread_ts === top.ts).map((m) => m.text);
  };

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    slack = await startFakeSlack();
    const config = testConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_CHANNEL: 'C_ONCALL', SLACK_APPROVERS: 'UALICE', SLACK_API_URL: slack.url,
      SLACK_ESCALATION_GROUP: 'SONCALL', SLACK_ESCALATION_GROUP_2: 'SLEADS', SLACK_ESCALATION_USERS: 'UCTO,UVP', FIREBREAK_ESCALATION_AFTER_S: '600',
      FIREBREAK_LEAD_UPDATE_S: '1800', FIREBREAK_ACTION_FOLLOWUP_S: '900', FIREBREAK_SLACK_BATCH_S: '0',
    });
    context = { config, db: test.db, logger: silentLogger, clock: { now: () => new Date(clock) } };
    loop = createSlackLoop(context);
  });
  afterAll(async () => {
    await slack.close();
    await test.drop();
  });

  it('escalates a critical incident at once, and again to the second group and by direct message when nobody acknowledges', async () => {
    await insertIncident(test.db, { id: 'INC-0101', severity: 'critical', at: new Date(clock).toISOString() });
    const notifier = createIncidentNotifier(context);
    await notifier.incidentOpened('INC-0101');
    await notifier.escalate('INC-0101', 'critical: checkout down');
    await notifier.escalate('INC-0101', 'critical: checkout down');
    await drain();
    expect(thread('INC-0101').filter((text) => text.includes('<!subteam^SONCALL>'))).toHaveLength(1);
    clock += minutes(5);
    await drain();
    expect(thread('INC-0101').some((text) => text.includes('SLEADS'))).toBe(false);
    clock += minutes(6);
    await drain();
    await drain();
    expect(thread('INC-0101').filter((text) => text.includes('<!subteam^SLEADS>'))).toHaveLength(1);
    const dms = slack.callsTo('chat.postMessage').filter((call) => String(call.args.channel).startsWith('U')).map((call) => call.args.channel);
    expect(dms.sort()).toEqual(['UCTO', 'UVP']);
  });

  it('does not escalate again once someone took the lead', async () => {
    await insertIncident(test.db, { id: 'INC-0102', severity: 'critical', at: new Date(clock).toISOString() });
    const notifier = createIncidentNotifier(context);
    await notifier.incidentOpened('INC-0102');
    await notifier.escalate('INC-0102', 'critical');
    await drain();
    await loop.parts.decisions.takeLead('INC-0102', 'UBOB');
    clock += minutes(30);
    await drain();
    expect(thread('INC-0102').some((text) => text.includes('SLEADS'))).toBe(false);
  });

  it('reminds a lead who posted no update in the thread for 30 minutes, and not one who did', async () => {
    for (const id of ['INC-0103', 'INC-0104']) {
      await insertIncident(test.db, { id, severity: 'major', at: new Date(clock).toISOString() });
      await createIncidentNotifier(context).incidentOpened(id);
      await drain();
      await loop.parts.decisions.takeLead(id, 'UCAROL');
    }
    await drain();
    clock += minutes(20);
    const top = slack.messages.find((m) => m.thread_ts === undefined && m.metadata?.event_payload.incident === 'INC-0104')!;
    slack.addReply(top.channel, top.ts, 'UCAROL', 'Rolled back v2.14, watching the error rate', new Date(clock));
    clock += minutes(11);
    await drain();
    expect(thread('INC-0103').filter((text) => text.includes('no update in this thread'))).toHaveLength(1);
    expect(thread('INC-0104').filter((text) => text.includes('no update in this thread'))).toHaveLength(0);
    clock += minutes(5);
    await drain();
    expect(thread('INC-0103').filter((text) => text.includes('no update in this thread'))).toHaveLength(1);
    clock += minutes(30);
    await drain();
    expect(thread('INC-0103').filter((text) => text.includes('no update in this thread'))).toHaveLength(2);
    expect(thread('INC-0104').filter((text) => text.includes('no update in this thread'))).toHaveLength(1);
  });

  it('asks whether an action worked after the follow-up time, records the answer, and says so when it is proposed again', async () => {
    await insertIncident(test.db, { id: 'INC-0105', at: new Date(clock).toISOString() });
    await insertAlert(test.db, { incidentId: 'INC-0105', fingerprint: 'f105', at: new Date(clock).toISOString() });
    await createIncidentNotifier(context).incidentOpened('INC-0105');
    const playbook: Playbook = { id: 'pb', title: 'pb', severity: 'major', category: 'unknown', match: [], checklist: [], diagnosis: '', communication: null, file: 'pb.yaml', actions: [{ id: 'flush', title: 'Flush the cache', kind: 'noop', risk: 'low' }] };
    await createActionProposals(context).propose('INC-0105', playbook, new Date(clock));
    await drain();
    const [proposed] = await findRuns(test.db, { incidentId: 'INC-0105' });
    await loop.parts.actions.approve(proposed!.id, 'UALICE');
    await drain();
    clock += minutes(10);
    await drain();
    expect(thread('INC-0105').some((text) => text.startsWith('Did *'))).toBe(false);
    clock += minutes(6);
    await drain();
    const question = slack.messages.find((m) => m.text.startsWith(`Did *${proposed!.id}*`))!;
    expect(question.text).toContain('1 linked alert(s) still firing');
    expect(JSON.stringify(question.blocks)).toContain('fb_not_worked');
    const app = await slackApp(context);
    const body = formBody(blockActions({ user: 'UALICE', actionId: 'fb_not_worked', value: proposed!.id, actionTs: `${Math.floor(clock / 1000)}.000001` }));
    expect((await app.inject({ method: 'POST', url: '/slack/interactions', payload: body, headers: signedHeaders(body, Math.floor(clock / 1000)) })).statusCode).toBe(200);
    await app.close();
    await drain();
    const [counter] = await test.db.query<{ worked: boolean }>('SELECT worked FROM countermeasures WHERE action_run_id = $1', [proposed!.id]);
    expect(counter?.worked).toBe(false);
    await createActionProposals(context).propose('INC-0105', playbook, new Date(clock));
    const runs = await findRuns(test.db, { incidentId: 'INC-0105' });
    expect(runs.map((r) => [r.attempt, r.status])).toEqual([[1, 'succeeded'], [2, 'proposed']]);
    expect(runs[1]!.notice).toContain('did not work');
    await drain();
    const top = slack.messages.find((m) => m.thread_ts === undefined && m.metadata?.event_payload.incident === 'INC-0105')!;
    expect(JSON.stringify(top.blocks)).toContain('Already tried on this incident');
  });
});
