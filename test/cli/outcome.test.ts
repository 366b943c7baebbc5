import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRuns } from '../../src/actions/action-run.js';
import type { Playbook } from '../../src/domain/playbook.js';
import { createSlackLoop } from '../../src/slack/slack-worker.js';
import { createActionProposals, createIncidentNotifier, createSlackParts, type SlackContext } from '../../src/slack/slack-wiring.js';
import { silentLogger, testConfig } from '../actions/support.js';
import { startFakeSlack, type FakeSlack } from '../slack/support/fake-slack.js';
import { insertAlert, insertIncident } from '../slack/support/incidents.js';
import { BOT_TOKEN, SIGNING_SECRET, blockActions, formBody, signedHeaders, slackApp } from '../slack/support/slack-harness.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { runFirebreak } from '../support/run-firebreak.js';

/** `firebreak outcome` and `firebreak proposals --awaiting-outcome`: "did it work?" answered without Slack's buttons. */
describe('answering "did it work?" from the CLI', { timeout: 120_000 }, () => {
  let test: TestDatabase;
  let slack: FakeSlack;
  let app: FastifyInstance;
  let context: SlackContext;
  let loop: ReturnType<typeof createSlackLoop>;
  let env: Record<string, string>;
  let restart: string;
  let drop: string;
  let pending: string;
  const cli = (...args: string[]) => runFirebreak(args, env);
  const drain = async () => {
    for (let round = 0; round < 3; round += 1) await loop.runOnce({ clocks: true });
  };
  const threadTexts = () => slack.messages.filter((message) => message.thread_ts !== undefined).map((message) => message.text).join('\n');

  beforeAll(async () => {
    test = await createTestDatabase('postgres');
    slack = await startFakeSlack();
    env = { DATABASE_URL: test.location, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_CHANNEL: 'C_ONCALL', SLACK_APPROVERS: 'UALICE,UBOB', SLACK_API_URL: slack.url, FIREBREAK_SLACK_BATCH_S: '0', FIREBREAK_ACTION_FOLLOWUP_S: '1' };
    context = { config: testConfig(env), db: test.db, logger: silentLogger };
    app = await slackApp(context);
    loop = createSlackLoop(context);
    await insertIncident(test.db, { id: 'INC-0001' });
    await insertAlert(test.db, { incidentId: 'INC-0001', fingerprint: 'a1', at: new Date().toISOString() });
    const playbook: Playbook = {
      id: 'checkout-errors', title: 'Checkout errors', severity: 'major', category: 'application-bug', match: [], checklist: [], diagnosis: '', communication: null, file: 'x.yaml',
      actions: [
        { id: 'restart', title: 'Restart checkout', kind: 'noop', risk: 'low' },
        { id: 'drop', title: 'Drop the cache', kind: 'noop', risk: 'low' },
        { id: 'scale', title: 'Scale out checkout', kind: 'noop', risk: 'low' },
      ],
    };
    await createIncidentNotifier(context).incidentOpened('INC-0001');
    await createActionProposals(context).propose('INC-0001', playbook, new Date());
    [restart, drop, pending] = (await findRuns(test.db, { incidentId: 'INC-0001' })).map((run) => run.id) as [string, string, string];
    const { actions } = createSlackParts(context);
    await actions.approve(restart, 'UALICE');
    await actions.approve(drop, 'UBOB');
    // the thread asks "did it work?" FIREBREAK_ACTION_FOLLOWUP_S (1 s) after each ran
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await drain();
  });
  afterAll(async () => {
    await app.close();
    await slack.close();
    await test.drop();
  });

  it('lists the executed actions that wait for their answer, after the thread asked', async () => {
    expect(threadTexts()).toContain(`Did *${restart}* Restart checkout work?`);
    const listed = await cli('proposals', '--awaiting-outcome');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`${restart} .*INC-0001.*Restart checkout.*noop.*UALICE`));
    expect(listed.stdout).toMatch(new RegExp(`${drop} .*Drop the cache.*UBOB`));
    expect(listed.stdout).not.toContain(pending);
    expect(listed.stdout).toContain('Answer with: firebreak outcome RUN_ID --worked|--did-not-work --as USER [--note TEXT]');
    const json = JSON.parse((await cli('proposals', '--awaiting-outcome', '--json')).stdout) as Array<{ id: string; followupAskedAt: string | null }>;
    expect(json.map((run) => run.id)).toEqual([restart, drop]);
    expect(json.every((run) => run.followupAskedAt !== null)).toBe(true);
  });

  it('records the answer as the Slack button does: on the run, the countermeasure, the timeline with the note, and the thread', async () => {
    const answered = await cli('outcome', restart, '--worked', '--as', 'UALICE', '--note', 'error rate back to 0.1%');
    expect(answered).toMatchObject({ code: 0, stdout: `${restart} (Restart checkout) worked: recorded on INC-0001 by UALICE\n` });
    const [run] = await findRuns(test.db, { id: restart });
    expect(run).toMatchObject({ worked: true, workedBy: 'UALICE' });
    expect(await test.db.query('SELECT worked FROM countermeasures WHERE action_run_id = $1', [restart])).toEqual([{ worked: true }]);
    const [entry] = await test.db.query<{ summary: string; actor: string }>("SELECT summary, actor FROM timeline WHERE kind = 'countermeasure-verdict'");
    expect(entry).toEqual({ summary: 'Restart checkout: worked (UALICE): error rate back to 0.1%', actor: 'UALICE' });
    await drain();
    expect(threadTexts()).toContain(`<@UALICE>: *${restart}* Restart checkout worked. _error rate back to 0.1%_ Recorded as a countermeasure.`);
    const listed = await cli('proposals', '--awaiting-outcome');
    expect(listed.stdout).not.toContain(restart);
    expect(listed.stdout).toContain(drop);
  });

  it('keeps the first answer, whether it came from the CLI or from the button', async () => {
    const again = await cli('outcome', restart, '--did-not-work', '--as', 'UBOB');
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`firebreak: ${restart} already has an answer: it worked (UALICE)\n`);

    const body = formBody(blockActions({ user: 'UBOB', actionId: 'fb_not_worked', value: drop, actionTs: `${Math.floor(Date.now() / 1000)}.000777` }));
    expect((await app.inject({ method: 'POST', url: '/slack/interactions', payload: body, headers: signedHeaders(body, Math.floor(Date.now() / 1000)) })).statusCode).toBe(200);
    await drain();
    const late = await cli('outcome', drop, '--worked', '--as', 'UALICE');
    expect(late.code).toBe(1);
    expect(late.stderr).toContain(`${drop} already has an answer: it did not work (UBOB)`);
    expect(await test.db.query('SELECT worked FROM countermeasures WHERE action_run_id = $1', [drop])).toEqual([{ worked: false }]);
    expect((await cli('proposals', '--awaiting-outcome')).stdout).toBe('No executed action waits for its outcome.\n');
  });

  it('refuses bad input with exit 2 and a run that has not run with exit 1, changing nothing', async () => {
    const [neither, both, nobody, unknown, notRun] = await Promise.all([
      cli('outcome', pending, '--as', 'UALICE'),
      cli('outcome', pending, '--worked', '--did-not-work', '--as', 'UALICE'),
      cli('outcome', pending, '--worked'),
      cli('outcome', 'RUN-9999', '--worked', '--as', 'UALICE'),
      cli('outcome', pending, '--worked', '--as', 'UALICE'),
    ]);
    expect(neither).toMatchObject({ code: 2, stderr: 'firebreak: give one of --worked or --did-not-work\n' });
    expect(both.code).toBe(2);
    expect(nobody.code).toBe(2);
    expect(unknown).toMatchObject({ code: 2, stderr: 'firebreak: no action run RUN-9999\n' });
    expect(notRun).toMatchObject({ code: 1, stderr: `firebreak: ${pending} has not run (it is proposed)\n` });
    expect((await findRuns(test.db, { id: pending }))[0]).toMatchObject({ status: 'proposed', worked: null });
  });
});
